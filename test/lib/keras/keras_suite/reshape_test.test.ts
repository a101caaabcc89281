/**
 * Port of Keras 3's keras/src/layers/reshaping/reshape_test.py. Shape cases run on every
 * backend; the argument checks on cpu only. Keras's ValueError is our RangeError and its tuples
 * are arrays (`targetShape=[-2, 5]` for `target_shape=(-2, 5)`).
 * Skipped: test_reshape with sparse=True (no sparse tensors in tfjs).
 * Adapted: `backend.compute_output_spec(layer.__call__, KerasTensor(shape))` is the layer applied
 * to `keras.Input({ batchShape: shape })`; the fit on a generator is `fitDataset` on a
 * tf.data.generator of the same two batches (with inputShape [null, 2] on the Reshape, which a
 * tfjs Sequential needs on its first layer), compiled with Keras's default optimizer named
 * ("rmsprop": our compile requires one).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("ReshapeTest.test_reshape (dense)", () => {
    const cases: [number[], number[], number[]][] = [
      [[8, 1], [3, 2, 4], [3, 8, 1]],
      [[8], [3, 2, 4], [3, 8]],
      [[2, 4], [3, 8], [3, 2, 4]],
      [[-1, 1], [3, 2, 4], [3, 8, 1]],
      [[1, -1], [3, 2, 4], [3, 1, 8]],
      [[-1], [3, 2, 4], [3, 8]],
      [[2, -1], [3, 2, 4], [3, 2, 4]],
    ];
    for (const [targetShape, inputShape, expectedOutputShape] of cases) {
      runLayerTest({ make: () => layers.Reshape(targetShape), inputShape, expectedOutputShape });
    }
  });

  test("ReshapeTest.test_reshape_with_dynamic_batch_size", () => {
    const reshaped = layers.Reshape([8]).apply(keras.Input({ shape: [2, 4] })) as tf.SymbolicTensor;
    assert.deepEqual(reshaped.shape, [null, 8]);
  });

  test("ReshapeTest.test_reshape_with_dynamic_batch_size_and_minus_one", () => {
    const reshaped = layers.Reshape([-1, 8]).apply(keras.Input({ batchShape: [null, 6, 4] })) as tf.SymbolicTensor;
    assert.deepEqual(reshaped.shape, [null, 3, 8]);
  });

  test("ReshapeTest.test_reshape_layer_with_varying_input_size_and_minus_one", () => {
    const layer = layers.Reshape([-1, 8]);
    assert.deepEqual((layer.apply(tf.ones([1, 6, 4])) as tf.Tensor).shape, [1, 3, 8]);
    assert.deepEqual((layer.apply(tf.ones([1, 10, 4])) as tf.Tensor).shape, [1, 5, 8]);
  });

  test("ReshapeTest.test_reshape_with_dynamic_dim_and_minus_one", () => {
    const reshaped = layers.Reshape([-1, 3]).apply(keras.Input({ batchShape: [4, 6, null, 3] })) as tf.SymbolicTensor;
    assert.deepEqual(reshaped.shape, [4, null, 3]);
  });

  test("ReshapeTest.test_reshape_sets_static_shape", () => {
    const reshaped = layers.Reshape([3, 5]).apply(keras.Input({ batchShape: [2, null] })) as tf.SymbolicTensor;
    assert.deepEqual(reshaped.shape, [2, 3, 5]);
  });

  test("ReshapeTest.test_reshape_model_fit_with_varying_input_size_and_minus_one", async () => {
    const batches = [
      { xs: tf.ones([1, 12, 2]), ys: tf.zeros([1, 3, 8]) },
      { xs: tf.ones([1, 20, 2]), ys: tf.zeros([1, 5, 8]) },
    ];
    const model = keras.Sequential([layers.Reshape([-1, 8], { inputShape: [null, 2] })]);
    model.compile({ loss: "mean_squared_error", optimizer: "rmsprop" });
    await model.fitDataset(tf.data.generator(function* () { yield* batches; } as any), { batchesPerEpoch: 2, epochs: 1, verbose: 0 });
    for (const [seqLen, expectedFirstDim] of [[12, 3], [20, 5], [24, 6]] as const) {
      const output = model.apply(tf.randomNormal([1, seqLen, 2])) as tf.Tensor;
      assert.equal(output.shape[1], expectedFirstDim);
      assert.equal(output.shape[2], 8);
    }
  });
});

onCpuOnly(() => {
  test("Reshape leaves the caller's targetShape array as written (tfjs's layer wrote null over its -1)", () => {
    const target = [-1, 1];
    layers.Reshape(target);
    assert.deepEqual(target, [-1, 1]);
    assert.doesNotThrow(() => layers.Reshape(target), "the same array makes a second layer");
  });

  test("ReshapeTest.test_reshape_rejects_invalid_target_shape", () => {
    raises(() => layers.Reshape([-2, 5]), RangeError, /non-negative integer.*-1.*targetShape=\[-2,5\]/);
    raises(() => layers.Reshape([-1, -1, 5]), RangeError, /at most one unknown dimension.*targetShape=\[-1,-1,5\]/);
  });
});
