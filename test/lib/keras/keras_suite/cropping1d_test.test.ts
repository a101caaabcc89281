/**
 * Port of Keras 3's keras/src/layers/reshaping/cropping1d_test.py on every backend (the argument
 * errors on cpu only): crops on both ends, one end and as an int against numpy slices of the
 * input (run_layer_test: eager output, symbolic shape, config round trip), a free length, the
 * invalid `cropping` arguments, and Keras's error when the crop takes the whole length, both
 * when the shape is inferred and when called.
 *
 * Nothing skipped.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { pySlice, rand, runLayerTest } from "./spatial_helpers.js";

onBackends(() => {
  test("Cropping1DTest.test_cropping_1d", () => {
    const inputs = rand([3, 5, 7], 1);
    const cases: [number | [number, number], [number, number]][] = [
      [[1, 2], [1, 3]],
      [[1, 1], [1, 4]],
      [1, [1, 4]],
      [[0, 1], [0, 4]],
      [[1, 0], [1, 5]],
    ];
    for (const [cropping, range] of cases) runLayerTest(() => layers.Cropping1D(cropping), inputs, { output: pySlice(inputs, [null, range, null]) });
  });

  test("Cropping1DTest.test_cropping_1d_with_dynamic_spatial_dim", () => {
    const cropped = layers.Cropping1D([1, 2]).apply(layers.Input({ batchShape: [1, null, 7] })) as tf.SymbolicTensor;
    assert.deepEqual(cropped.shape, [1, null, 7]);
  });

  test("Cropping1DTest.test_cropping_1d_error_on_excessive_cropping", () => {
    const inputs = rand([3, 5, 7], 2);
    assert.throws(() => layers.Cropping1D([3, 3]).apply(inputs), /`cropping` parameter of `Cropping1D` layer must be smaller than/);
  });
});

onCpuOnly(() => {
  test("Cropping1DTest.test_cropping_1d_errors_if_cropping_argument_invalid", () => {
    assert.throws(() => layers.Cropping1D([1] as unknown as number), /cropping/);
    assert.throws(() => layers.Cropping1D([1, 2, 3] as unknown as number), /cropping/);
    assert.throws(() => layers.Cropping1D("1" as unknown as number), /cropping/);
  });

  test("Cropping1DTest.test_cropping_1d_errors_if_cropping_more_than_available", () => {
    const input = layers.Input({ batchShape: [3, 5, 7] });
    assert.throws(() => layers.Cropping1D([2, 3]).apply(input), /`cropping` parameter of `Cropping1D` layer must be smaller than/);
  });
});
