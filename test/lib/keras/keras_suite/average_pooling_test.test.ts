/**
 * Port of the 2-D cases of Keras 3's keras/src/layers/pooling/average_pooling_test.py on every
 * backend: AveragePoolingBasicTest.test_average_pooling2d (run_layer_test approximated by output
 * shape, computeOutputShape, no weights and a config round-trip), and
 * AveragePoolingCorrectnessTest.test_average_pooling2d / _same_padding on
 * np.arange(16).reshape(1, 4, 4, 1) against the test's `np_avgpool2d` (pooling_reference.ts).
 *
 * Skipped:
 * - the 1-D cases: ported in pooling1d_test.test.ts.
 * - test_average_pooling3d (basic, correctness, same padding): we expose no AveragePooling3D.
 * - run_layer_test's assert_built_after_instantiation: tfjs layers build on first call.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";
import { npPool2d, type Format } from "./pooling_reference.js";

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
});
