/**
 * keras.layers.UnitNormalization (lib/keras/layers/unit_normalization.ts). By hand: [3, 4] → [0.6, 0.8];
 * over axes [1, 2] a [2, 2] block of 1s → 0.5 each; a zero vector stays zero (Keras clamps Σx² at ε²).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

function near(t: tf.Tensor, want: number[] | number[][] | number[][][], what: string): void {
  const diff = tf.max(tf.abs(tf.sub(t, tf.tensor(want)))).dataSync()[0]!;
  assert.ok(diff < 1e-6, `${what}: ${JSON.stringify(t.arraySync())}`);
}

onBackends(() => {
  test("unit L2 norm over the axis or axes; zeros stay zeros", () => {
    near(keras.layers.UnitNormalization().apply(tf.tensor2d([[3, 4], [0, 0]])) as tf.Tensor, [[0.6, 0.8], [0, 0]], "last axis");
    near(keras.layers.UnitNormalization({ axis: 0 }).apply(tf.tensor2d([[3, 1], [4, 0]])) as tf.Tensor, [[0.6, 1], [0.8, 0]], "axis 0");
    near(keras.layers.UnitNormalization({ axis: [1, 2] }).apply(tf.ones([1, 2, 2])) as tf.Tensor, [[[0.5, 0.5], [0.5, 0.5]]], "axes [1, 2]");
  });
});

onCpuOnly(() => {
  test("config axis under \"UnitNormalization\"; an axis out of bounds throws", () => {
    const layer = keras.layers.UnitNormalization({ axis: [1, 2] });
    assert.deepEqual(layer.getConfig().axis, [1, 2]);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["UnitNormalization"]!;
    assert.deepEqual((fromConfig(cls, JSON.parse(JSON.stringify(layer.getConfig()))) as tf.layers.Layer).getConfig(), layer.getConfig());
    assert.throws(() => keras.layers.UnitNormalization({ axis: 2 }).apply(keras.Input({ shape: [3] })), /Axis 2 is out of bounds for input shape \(None, 3\)\./);
    assert.throws(() => keras.layers.UnitNormalization({ axis: 1.5 } as never), /Invalid value for `axis` argument/);
  });
});
