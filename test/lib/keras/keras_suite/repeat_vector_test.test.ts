/**
 * Port of Keras 3's keras/src/layers/reshaping/repeat_vector_test.py (its class is named
 * FlattenTest there, kept here). The value case runs on every backend (numpy's repeat computed with
 * tf.tile); the argument checks on cpu only. Keras's ValueError is our RangeError.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { npRandom, raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("FlattenTest.test_repeat_vector", () => {
    const inputs = npRandom([2, 5]);
    const expected = tf.tile(tf.reshape(inputs, [2, 1, 5]), [1, 3, 1]);
    runLayerTest({ make: () => layers.RepeatVector(3), inputData: inputs, expectedOutput: expected });
  });

  test("FlattenTest.test_repeat_vector_with_dynamic_batch_size", () => {
    const repeated = layers.RepeatVector(3).apply(keras.Input({ batchShape: [null, 5] })) as tf.SymbolicTensor;
    assert.deepEqual(repeated.shape, [null, 3, 5]);
  });

  test("FlattenTest.test_repeat_vector_with_dynamic_dimension", () => {
    const repeated = layers.RepeatVector(3).apply(keras.Input({ batchShape: [2, null] })) as tf.SymbolicTensor;
    assert.deepEqual(repeated.shape, [2, 3, null]);
  });
});

onCpuOnly(() => {
  test("FlattenTest.test_repeat_vector_with_invalid_n", () => {
    for (const n of ["3", 3.5, [3]]) raises(() => layers.RepeatVector(n as any), TypeError, /Expected an integer value for `n`/i);
  });

  test("FlattenTest.test_repeat_vector_with_non_positive_n", () => {
    for (const n of [0, -3]) raises(() => layers.RepeatVector(n), RangeError, /should be a positive integer/);
  });
});
