/**
 * Port of the 2-D and 3-D cases of Keras 3's keras/src/layers/pooling/average_pooling_test.py on
 * every backend: AveragePoolingBasicTest.test_average_pooling2d/3d (run_layer_test approximated
 * by output shape, computeOutputShape, no weights and a config round-trip), and
 * AveragePoolingCorrectnessTest.test_average_pooling2d / _same_padding on
 * np.arange(16).reshape(1, 4, 4, 1) and test_average_pooling3d / _same_padding on
 * np.arange(240).reshape(2, 3, 4, 5, 2) against the test's `np_avgpool2d`/`np_avgpool3d`
 * (pooling_reference.ts).
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
  [2, 1, "same", "channels_last", [3, 5, 5, 4], [3, 5, 5, 4]],
  [2, 1, "valid", "channels_first", [3, 5, 5, 4], [3, 5, 4, 3]],
  [2, 1, "same", "channels_first", [3, 5, 5, 4], [3, 5, 5, 4]],
  [[2, 3], [2, 2], "valid", "channels_last", [3, 5, 5, 4], [3, 2, 2, 4]],
  [[2, 3], [2, 2], "same", "channels_last", [3, 5, 5, 4], [3, 3, 3, 4]],
  [[2, 3], [3, 3], "same", "channels_first", [3, 5, 5, 4], [3, 5, 2, 2]],
];
const CORRECTNESS: [string, Size, Size, "valid" | "same", Format][] = [
  ["test_average_pooling2d", 2, 1, "valid", "channels_last"],
  ["test_average_pooling2d", [2, 3], [2, 2], "valid", "channels_last"],
  ["test_average_pooling2d_same_padding", 2, [2, 1], "same", "channels_last"],
  ["test_average_pooling2d_same_padding", 2, [2, 1], "same", "channels_first"],
  ["test_average_pooling2d_same_padding", [2, 2], [2, 2], "same", "channels_last"],
  ["test_average_pooling2d_same_padding", [2, 2], [2, 2], "same", "channels_first"],
];

type Size3 = number | [number, number, number];
const BASIC_3D: [Size3, Size3, "valid" | "same", Format, number[], number[]][] = [
  [2, 1, "valid", "channels_last", [3, 5, 5, 5, 4], [3, 4, 4, 4, 4]],
  [2, 1, "same", "channels_first", [3, 5, 5, 5, 4], [3, 5, 5, 5, 4]],
  [[2, 3, 2], [2, 2, 1], "valid", "channels_last", [3, 5, 5, 5, 4], [3, 2, 2, 4, 4]],
];
const CORRECTNESS_3D: [string, Size3, Size3, "valid" | "same", Format][] = [
  ["test_average_pooling3d", 2, 1, "valid", "channels_last"],
  ["test_average_pooling3d", 2, 1, "valid", "channels_first"],
  ["test_average_pooling3d", [2, 3, 2], [2, 2, 1], "valid", "channels_last"],
  ["test_average_pooling3d", [2, 3, 2], [2, 2, 1], "valid", "channels_first"],
  ["test_average_pooling3d_same_padding", 2, 1, "same", "channels_last"],
  ["test_average_pooling3d_same_padding", 2, 1, "same", "channels_first"],
  ["test_average_pooling3d_same_padding", [2, 2, 2], [2, 2, 1], "same", "channels_last"],
  ["test_average_pooling3d_same_padding", [2, 2, 2], [2, 2, 1], "same", "channels_first"],
];

onBackends(() => {
  for (const [poolSize, strides, padding, dataFormat, inputShape, outputShape] of BASIC) {
    test(`AveragePoolingBasicTest.test_average_pooling2d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const layer = layers.AveragePooling2D(poolSize, { strides, padding, dataFormat });
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.weights.length, 0);
      assert.equal(layer.getClassName(), "AveragePooling2D");
      serializationRoundTrip(layer);
    });
  }
  for (const [name, poolSize, strides, padding, dataFormat] of CORRECTNESS) {
    test(`AveragePoolingCorrectnessTest.${name}(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const inputs = tf.range(0, 16, 1, "float32").reshape([1, 4, 4, 1]);
      const outputs = layers.AveragePooling2D(poolSize, { strides, padding, dataFormat }).apply(inputs);
      close(outputs, npPool2d("avg", inputs.arraySync() as number[][][][], poolSize, strides, padding, dataFormat), name);
    });
  }
  for (const [poolSize, strides, padding, dataFormat, inputShape, outputShape] of BASIC_3D) {
    test(`AveragePoolingBasicTest.test_average_pooling3d(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const layer = layers.AveragePooling3D(poolSize, { strides, padding, dataFormat });
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.weights.length, 0);
      assert.equal(layer.getClassName(), "AveragePooling3D");
      serializationRoundTrip(layer);
    });
  }
  for (const [name, poolSize, strides, padding, dataFormat] of CORRECTNESS_3D) {
    test(`AveragePoolingCorrectnessTest.${name}(${JSON.stringify([poolSize, strides, padding, dataFormat])})`, () => {
      const inputs = tf.range(0, 240, 1, "float32").reshape([2, 3, 4, 5, 2]);
      const outputs = layers.AveragePooling3D(poolSize, { strides, padding, dataFormat }).apply(inputs);
      close(outputs, npPool3d("avg", inputs.arraySync() as number[][][][][], poolSize, strides, padding, dataFormat), name);
    });
  }
});
