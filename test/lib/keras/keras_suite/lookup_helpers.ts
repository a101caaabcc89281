/** Helpers shared by the ports of Keras's lookup and text layer tests. */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";

/** Same shape and values (within 1e-5, Keras's assertAllClose default tolerance is 1e-6 relative + atol). */
export function close(t: unknown, expected: unknown, what: string): void {
  assert.ok(t instanceof tf.Tensor, `${what}: expected a tensor`);
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(t.shape, e.shape, `${what}: shape ${JSON.stringify(t.shape)} vs ${JSON.stringify(e.shape)}`);
  const diff = e.size === 0 ? 0 : tf.max(tf.abs(tf.sub(tf.cast(t, "float32"), e))).dataSync()[0]!;
  assert.ok(diff < 1e-5, `${what}: got ${JSON.stringify(t.arraySync())}, want ${JSON.stringify(expected)}`);
}

/** Keras's run_class_serialization_test: config → fromConfig → the same config, also after tfjs's JSON case conversion. */
export function serializationRoundTrip(layer: tf.layers.Layer): tf.layers.Layer {
  const config = layer.getConfig();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
  const again = fromConfig(cls, { ...config }) as tf.layers.Layer;
  assert.deepEqual(again.getConfig(), config, "config → fromConfig → getConfig");
  return again;
}

export const ints = (v: unknown) => tf.tensor(v as number[], undefined, "int32");
export const strings = (v: unknown) => tf.tensor(v as string[], undefined, "string");
