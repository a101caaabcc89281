/**
 * Port of the 2-D and 3-D cases of Keras 3's keras/src/layers/pooling/max_pooling_test.py on
 * every backend: MaxPoolingBasicTest.test_max_pooling2d/3d (run_layer_test approximated by output
 * shape, computeOutputShape, no weights and a config round-trip) and
 * MaxPoolingCorrectnessTest.test_max_pooling2d on np.arange(100).reshape(1, 5, 5, 4) and
 * test_max_pooling3d on np.arange(240).reshape(2, 3, 4, 5, 2) against the test's
 * `np_maxpool2d`/`np_maxpool3d` (pooling_reference.ts).
 *
 * Skipped:
 * - the 1-D cases: ported in pooling1d_test.test.ts.
 * - run_layer_test's assert_built_after_instantiation: tfjs layers build on first call.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";
import { npPool2d, npPool3d, type Format } from "./pooling_reference.js";

type Size = number | [number, number];
const BASIC: [Size, Size, "valid" | "same", Format, number[], number[]][] = [
  [2, 1, "valid", "channels_last", [3, 5, 5, 4], [3, 4, 4, 4]],
  [2, 1, "same", "channels_first", [3, 5, 5, 4], [3, 5, 5, 4]],
  [[2, 3], [2, 2], "valid", "channels_last", [3, 5, 5, 4], [3, 2, 2, 4]],
];
const CORRECTNESS: [Size, Size, "valid" | "same", Format][] = [
  [2, 1, "valid", "channels_last"],
  [2, 1, "valid", "channels_first"],
  [[2, 2], [2, 2], "same", "channels_last"],
  [[2, 2], [2, 2], "same", "channels_first"],
  [[2, 3], [3, 3], "same", "channels_last"],
];

type Size3 = number | [number, number, number];
const BASIC_3D: [Size3, Size3, "valid" | "same", Format, number[], number[]][] = [
  [2, 1, "valid", "channels_last", [3, 5, 5, 5, 4], [3, 4, 4, 4, 4]],
  [2, 1, "same", "channels_first", [3, 5, 5, 5, 4], [3, 5, 5, 5, 4]],
  [[2, 3, 2], [2, 2, 1], "valid", "channels_last", [3, 5, 5, 5, 4], [3, 2, 2, 4, 4]],
];
const CORRECTNESS_3D: [Size3, Size3, "valid" | "same", Format][] = [
  [2, 1, "valid", "channels_last"],
  [2, 1, "same", "channels_first"],
  [[2, 3, 2], [2, 2, 1], "valid", "channels_last"],
  [[2, 3, 2], [2, 2, 1], "valid", "channels_first"],
];

onBackends(() => {
  for (const [poolSize, strides, padding, dataFormat, inputShape, outputShape] of BASIC) {
    test(`MaxPoolingBasicTest.test_max_pooling2d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const layer = layers.MaxPooling2D(poolSize, { strides, padding, dataFormat });
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.weights.length, 0);
      assert.equal(layer.getClassName(), "MaxPooling2D");
      serializationRoundTrip(layer);
    });
  }
  for (const [poolSize, strides, padding, dataFormat] of CORRECTNESS) {
    test(`MaxPoolingCorrectnessTest.test_max_pooling2d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const inputs = tf.range(0, 100, 1, "float32").reshape([1, 5, 5, 4]);
      const outputs = layers.MaxPooling2D(poolSize, { strides, padding, dataFormat }).apply(inputs);
      close(outputs, npPool2d("max", inputs.arraySync() as number[][][][], poolSize, strides, padding, dataFormat), "max_pooling2d");
    });
  }
  for (const [poolSize, strides, padding, dataFormat, inputShape, outputShape] of BASIC_3D) {
    test(`MaxPoolingBasicTest.test_max_pooling3d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const layer = layers.MaxPooling3D(poolSize, { strides, padding, dataFormat });
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.weights.length, 0);
      assert.equal(layer.getClassName(), "MaxPooling3D");
      serializationRoundTrip(layer);
    });
  }
  for (const [poolSize, strides, padding, dataFormat] of CORRECTNESS_3D) {
    test(`MaxPoolingCorrectnessTest.test_max_pooling3d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const inputs = tf.range(0, 240, 1, "float32").reshape([2, 3, 4, 5, 2]);
      const outputs = layers.MaxPooling3D(poolSize, { strides, padding, dataFormat }).apply(inputs);
      close(outputs, npPool3d("max", inputs.arraySync() as number[][][][][], poolSize, strides, padding, dataFormat), "max_pooling3d");
    });
  }
});
