/**
 * What the ports of Keras's image preprocessing tests share: a tolerance check, numpy-like
 * helpers (channels_first transposes, seeded random images), and the parts of Keras's
 * `run_layer_test` that apply here (eager and symbolic output shapes, no weights, config round
 * trip through the class registered under Keras's name).
 */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";

export type Format = "channels_last" | "channels_first";
export const FORMATS: Format[] = ["channels_last", "channels_first"];

export function close(actual: tf.Tensor, expected: tf.Tensor | number[] | number[][] | number[][][] | number[][][][], what: string, atol = 1e-5): void {
  const e = expected instanceof tf.Tensor ? expected : tf.tensor(expected as number[]);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(tf.cast(actual, "float32"), tf.cast(e, "float32")))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: max |difference| ${diff} > ${atol}; got ${JSON.stringify(actual.arraySync())}`);
}

/** An NHWC (or HWC) tensor in `format` (numpy's transpose(0, 3, 1, 2) / (2, 0, 1)). */
export function inFormat(x: tf.Tensor, format: Format): tf.Tensor {
  if (format === "channels_last") return x;
  return x.rank === 4 ? tf.transpose(x, [0, 3, 1, 2]) : tf.transpose(x, [2, 0, 1]);
}

/** np.random.random(shape), seeded. */
export function random(shape: number[], seed = 7): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, "float32", seed);
}

/** The layer's config survives fromConfig through the class registered under `className`. */
export function roundTrip(layer: tf.layers.Layer, className: string): tf.serialization.ConfigDict {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  assert.ok(entry, `${className} is registered`);
  const [cls, fromConfig] = entry;
  assert.equal(layer.getClassName(), className);
  const config = layer.getConfig();
  const copy = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
  assert.deepEqual(copy.getConfig(), config, `${className}: config round trip`);
  return config;
}

/** run_layer_test's shape checks: eager (inference and training) and symbolic, no weights. */
export function layerBasics(layer: tf.layers.Layer, className: string, inputShape: number[], expectedOutputShape: number[]): void {
  const x = random(inputShape);
  for (const training of [false, true]) {
    const y = layer.apply(x, { training }) as tf.Tensor;
    assert.deepEqual(y.shape, expectedOutputShape, `eager output shape (training ${training})`);
  }
  const symbolic = layer.apply(tf.input({ batchShape: inputShape })) as tf.SymbolicTensor;
  assert.deepEqual(symbolic.shape, expectedOutputShape, "symbolic output shape");
  assert.equal(layer.trainableWeights.length, 0);
  assert.equal(layer.nonTrainableWeights.length, 0);
  roundTrip(layer, className);
}
