/**
 * Port of Keras 3's keras/src/layers/reshaping/up_sampling1d_test.py on every backend (the
 * argument errors and symbolic shapes on cpu only): run_layer_test's shape, weights and config
 * round trip; Keras's expected values for size 2 and for ones; free batch and free axes; and the
 * invalid `size` arguments (TypeError for a non-integer, RangeError — Keras's ValueError — for
 * one ≤ 0, with Keras's messages).
 *
 * Not ported: run_layer_test's seed-generator and loss counts (no such state here).
 * test_upsampling_1d_with_dynamic_shape's z = KerasTensor([2, 3, None]) runs as an Input with
 * batch shape [2, 3, null].
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { rand, runLayerTest } from "./spatial_helpers.js";

const shapeOf = (size: number, batchShape: (number | null)[]) => (layers.UpSampling1D(size).apply(layers.Input({ batchShape })) as tf.SymbolicTensor).shape;

onBackends(() => {
  test("UpSamplingTest.test_upsampling_1d", () => {
    runLayerTest(() => layers.UpSampling1D(2), rand([3, 5, 4], 1), { shape: [3, 10, 4] });
  });

  test("UpSamplingTest.test_upsampling_1d_correctness", () => {
    const x = tf.reshape(tf.range(0, 12), [2, 2, 3]);
    close(layers.UpSampling1D(2).apply(x), [
      [[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]],
      [[6, 7, 8], [6, 7, 8], [9, 10, 11], [9, 10, 11]],
    ], "UpSampling1D(2)");
  });

  test("UpSamplingTest.test_upsampling_1d_correctness_with_ones", () => {
    close(layers.UpSampling1D(3).apply(tf.ones([2, 1, 5])), tf.ones([2, 3, 5]).arraySync(), "UpSampling1D(3) of ones");
  });
});

onCpuOnly(() => {
  test("UpSamplingTest.test_upsampling_1d_with_dynamic_batch_size", () => {
    assert.deepEqual(shapeOf(2, [null, 2, 3]), [null, 4, 3]);
    assert.deepEqual(shapeOf(4, [null, 2, 3]), [null, 8, 3]);
  });

  test("UpSamplingTest.test_upsampling_1d_with_dynamic_shape", () => {
    assert.deepEqual(shapeOf(2, [2, null, 3]), [2, null, 3]);
    assert.deepEqual(shapeOf(4, [2, null, 3]), [2, null, 3]);
    assert.deepEqual(shapeOf(2, [2, 3, null]), [2, 6, null]);
    assert.deepEqual(shapeOf(4, [2, 3, null]), [2, 12, null]);
  });

  test("UpSamplingTest.test_upsampling_1d_with_invalid_size", () => {
    for (const size of [0, -2]) assert.throws(() => layers.UpSampling1D(size), (e: Error) => e instanceof RangeError && /should be a positive integer/.test(e.message));
    for (const size of [2.5, "2", true]) assert.throws(() => layers.UpSampling1D(size as number), (e: Error) => e instanceof TypeError && /Expected an integer value for `size`/.test(e.message));
  });
});
