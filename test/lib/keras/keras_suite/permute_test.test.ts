/**
 * Port of Keras 3's keras/src/layers/reshaping/permute_test.py. The value case runs on every
 * backend (numpy's transpose computed with tf.transpose); the argument checks on cpu only.
 * Skipped: test_permute with sparse=True (no sparse tensors in tfjs).
 * Keras's ValueError is our RangeError; Keras raises it while making the layer, so do we.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { npRandom, raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("PermuteTest.test_permute (dense)", () => {
    const r = npRandom([10, 3, 5, 5]);
    const inputs = tf.mul(r, tf.cast(tf.greaterEqual(r, 0.8), "float32"));
    runLayerTest({ make: () => layers.Permute([3, 1, 2]), inputData: inputs, expectedOutput: tf.transpose(inputs, [0, 3, 1, 2]) });
  });

  test("PermuteTest.test_permute_with_dynamic_batch_size", () => {
    const permuted = layers.Permute([2, 1]).apply(keras.Input({ batchShape: [null, 3, 5] })) as tf.SymbolicTensor;
    assert.deepEqual(permuted.shape, [null, 5, 3]);
  });
});

onCpuOnly(() => {
  test("PermuteTest.test_permute_errors_on_invalid_starting_dims_index", () => {
    raises(() => runLayerTest({ make: () => layers.Permute([0, 1, 2]), inputShape: [3, 2, 4] }), RangeError, /Invalid permutation .*dims.*/);
  });

  test("PermuteTest.test_permute_errors_on_invalid_set_of_dims_indices", () => {
    raises(() => runLayerTest({ make: () => layers.Permute([1, 4, 2]), inputShape: [3, 2, 4] }), RangeError, /Invalid permutation .*dims.*/);
  });
});
