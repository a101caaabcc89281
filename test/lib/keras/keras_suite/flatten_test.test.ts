/**
 * Port of Keras 3's keras/src/layers/reshaping/flatten_test.py, on every backend. The numpy
 * references (np.reshape, np.transpose) are computed here with tf ops on the same inputs.
 * Skipped: test_flatten with sparse=True (no sparse tensors in tfjs).
 * Adapted: test_flatten_with_dynamic_batch_size_and_dynamic_dimenstions predicts from a Python
 * generator on a Sequential without an input shape; here a Sequential whose Flatten has
 * inputShape [null, null] predicts each of the generator's two arrays.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends } from "../backends.js";
import { npRandom, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("FlattenTest.test_flatten (dense)", () => {
    const r = npRandom([10, 3, 5, 5]);
    const inputs = tf.mul(r, tf.cast(tf.greaterEqual(r, 0.8), "float32"));
    const expectedLast = tf.reshape(inputs, [-1, 5 * 5 * 3]);
    const expectedFirst = tf.reshape(tf.transpose(inputs, [0, 2, 3, 1]), [-1, 5 * 5 * 3]);
    // Default data_format: image_data_format() is channels_last.
    runLayerTest({ make: () => layers.Flatten(), inputData: inputs, expectedOutput: expectedLast });
    runLayerTest({ make: () => layers.Flatten({ dataFormat: "channels_last" }), inputData: inputs, expectedOutput: expectedLast });
    runLayerTest({ make: () => layers.Flatten({ dataFormat: "channels_first" }), inputData: inputs, expectedOutput: expectedFirst });
  });

  test("FlattenTest.test_flatten_with_scalar_channels", () => {
    const inputs = npRandom([10]);
    const expected = tf.expandDims(inputs, -1);
    runLayerTest({ make: () => layers.Flatten(), inputData: inputs, expectedOutput: expected });
    runLayerTest({ make: () => layers.Flatten({ dataFormat: "channels_last" }), inputData: inputs, expectedOutput: expected });
    runLayerTest({ make: () => layers.Flatten({ dataFormat: "channels_first" }), inputData: inputs, expectedOutput: expected });
  });

  test("FlattenTest.test_flatten_symbolic_with_dynamic_batch_size", () => {
    const flattened = layers.Flatten().apply(keras.Input({ batchShape: [null, 2, 3] })) as tf.SymbolicTensor;
    assert.deepEqual(flattened.shape, [null, 2 * 3]);
  });

  test("FlattenTest.test_flatten_symbolic_with_dynamic_dimension", () => {
    const flattened = layers.Flatten().apply(keras.Input({ batchShape: [5, 2, null] })) as tf.SymbolicTensor;
    assert.deepEqual(flattened.shape, [5, null]);
  });

  test("FlattenTest.test_flatten_with_dynamic_batch_size_and_dynamic_dimenstions", () => {
    const model = keras.Sequential([layers.Flatten({ inputShape: [null, null] })]);
    assert.deepEqual((model.predict(tf.ones([3, 5, 7])) as tf.Tensor).shape, [3, 35]);
    assert.deepEqual((model.predict(tf.ones([2, 7, 5])) as tf.Tensor).shape, [2, 35]);
  });
});
