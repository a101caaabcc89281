/**
 * Port of Keras 3's keras/src/layers/reshaping/cropping2d_test.py on every backend (the argument
 * errors on cpu only): eight croppings (pairs, one pair, an int, one side only) in both data
 * formats against numpy slices of the input (run_layer_test: eager output, symbolic shape,
 * config round trip), a free spatial dimension, crops larger than the input (symbolic and
 * eager, Keras's message), and the invalid `cropping` arguments.
 *
 * Nothing skipped. test_cropping_2d_with_dynamic_spatial_dim runs with
 * image_data_format() == "channels_last", Keras's default.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { pySlice, rand, runLayerTest } from "./spatial_helpers.js";

type Format = "channels_last" | "channels_first";
type Cropping = Parameters<typeof layers.Cropping2D>[0];
const EXCESSIVE = /Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input\./;

onBackends(() => {
  const CASES: [string, Cropping, [[number, number], [number, number]]][] = [
    ["((1, 2), (3, 4))", [[1, 2], [3, 4]], [[1, 5], [3, 5]]],
    ["((2, 2), (2, 2))", [[2, 2], [2, 2]], [[2, 5], [2, 7]]],
    ["(2, 2)", [2, 2], [[2, 5], [2, 7]]],
    ["2", 2, [[2, 5], [2, 7]]],
    ["((0, 2), (0, 4))", [[0, 2], [0, 4]], [[0, 5], [0, 5]]],
    ["((1, 0), (3, 0))", [[1, 0], [3, 0]], [[1, 7], [3, 9]]],
    ["((1, 0), (3, 4))", [[1, 0], [3, 4]], [[1, 7], [3, 5]]],
    ["((1, 2), (3, 0))", [[1, 2], [3, 0]], [[1, 5], [3, 9]]],
  ];
  for (const [label, cropping, ranges] of CASES) {
    for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
      test(`Cropping2DTest.test_cropping_2d(cropping=${label}, ${dataFormat})`, () => {
        const first = dataFormat === "channels_first";
        const inputs = rand(first ? [3, 5, 7, 9] : [3, 7, 9, 5], 1);
        const expected = pySlice(inputs, first ? [null, null, ...ranges] : [null, ...ranges, null]);
        runLayerTest(() => layers.Cropping2D(cropping, { dataFormat }), inputs, { output: expected });
      });
    }
  }

  test("Cropping2DTest.test_cropping_2d_with_dynamic_spatial_dim", () => {
    const cropped = layers.Cropping2D([[1, 2], [3, 4]]).apply(layers.Input({ batchShape: [1, 7, null, 5] })) as tf.SymbolicTensor;
    assert.deepEqual(cropped.shape, [1, 4, null, 5]);
  });

  const TOO_MUCH: [string, Cropping][] = [
    ["((4, 5), (0, 0))", [[4, 5], [0, 0]]],
    ["((0, 0), (5, 5))", [[0, 0], [5, 5]]],
    ["((6, 3), (0, 0))", [[6, 3], [0, 0]]],
    ["((0, 0), (7, 3))", [[0, 0], [7, 3]]],
  ];
  for (const [label, cropping] of TOO_MUCH) {
    for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
      test(`Cropping2DTest.test_cropping_2d_error_on_excessive_cropping(cropping=${label}, ${dataFormat})`, () => {
        const inputs = rand([3, 8, 9, 5], 2);
        assert.throws(() => layers.Cropping2D(cropping, { dataFormat }).apply(inputs), EXCESSIVE);
      });
    }
  }
});

onCpuOnly(() => {
  for (const [label, cropping] of [["((3, 6), (0, 0))", [[3, 6], [0, 0]]], ["((0, 0), (5, 4))", [[0, 0], [5, 4]]]] as [string, Cropping][]) {
    for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
      test(`Cropping2DTest.test_cropping_2d_errors_if_cropping_more_than_available(cropping=${label}, ${dataFormat})`, () => {
        const input = layers.Input({ batchShape: [3, 7, 9, 5] });
        assert.throws(() => layers.Cropping2D(cropping, { dataFormat }).apply(input), EXCESSIVE);
      });
    }
  }

  test("Cropping2DTest.test_cropping_2d_errors_if_cropping_argument_invalid", () => {
    for (const cropping of [[1], [1, 2, 3], "1", [[1, 2], [3, 4, 5]], [[1, 2], [3, -4]], [[1, 2], "3"]]) {
      assert.throws(() => layers.Cropping2D(cropping as Cropping), /cropping/, JSON.stringify(cropping));
    }
  });
});
