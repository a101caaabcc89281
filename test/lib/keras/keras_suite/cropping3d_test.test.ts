/**
 * Port of Keras 3's keras/src/layers/reshaping/cropping3d_test.py on every backend (the argument
 * errors on cpu only): the 27 combinations of both/left/right crops per axis and the same crop
 * as three pairs, three ints or an int, in both data formats, against numpy slices of the input
 * (run_layer_test: eager output, symbolic shape, config round trip), a free spatial dimension,
 * crops larger than the input (Keras's message), and the invalid `cropping` arguments.
 *
 * Nothing skipped. test_cropping_3d_with_dynamic_spatial_dim runs with
 * image_data_format() == "channels_last", Keras's default.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { pySlice, rand, runLayerTest } from "./spatial_helpers.js";

type Format = "channels_last" | "channels_first";
type Cropping = Parameters<typeof layers.Cropping3D>[0];
type Range = [number, number];
const FORMATS: Format[] = ["channels_first", "channels_last"];

function check(cropping: Cropping, ranges: Range[], dataFormat: Format, seed: number): void {
  const first = dataFormat === "channels_first";
  const inputs = rand(first ? [3, 5, 7, 9, 13] : [3, 7, 9, 13, 5], seed);
  const expected = pySlice(inputs, first ? [null, null, ...ranges] : [null, ...ranges, null]);
  runLayerTest(() => layers.Cropping3D(cropping, { dataFormat }), inputs, { output: expected });
}

onBackends(() => {
  const DIM1: [Range, Range][] = [[[1, 2], [1, 5]], [[0, 2], [0, 5]], [[1, 0], [1, 7]]];
  const DIM2: [Range, Range][] = [[[3, 4], [3, 5]], [[0, 4], [0, 5]], [[3, 0], [3, 9]]];
  const DIM3: [Range, Range][] = [[[5, 6], [5, 7]], [[0, 6], [0, 7]], [[5, 0], [5, 13]]];
  for (const [c1, e1] of DIM1) {
    for (const [c2, e2] of DIM2) {
      for (const [c3, e3] of DIM3) {
        for (const dataFormat of FORMATS) {
          test(`Cropping3DTest.test_cropping_3d(${JSON.stringify([c1, c2, c3])}, ${dataFormat})`, () => check([c1, c2, c3], [e1, e2, e3], dataFormat, 1));
        }
      }
    }
  }

  const SAME: [string, Cropping][] = [["((2, 2), (2, 2), (2, 2))", [[2, 2], [2, 2], [2, 2]]], ["(2, 2, 2)", [2, 2, 2]], ["2", 2]];
  for (const [label, cropping] of SAME) {
    for (const dataFormat of FORMATS) {
      test(`Cropping3DTest.test_cropping_3d_with_same_cropping(cropping=${label}, ${dataFormat})`, () => check(cropping, [[2, 5], [2, 7], [2, 11]], dataFormat, 2));
    }
  }

  test("Cropping3DTest.test_cropping_3d_with_dynamic_spatial_dim", () => {
    const cropped = layers.Cropping3D([[1, 2], [3, 4], [5, 6]]).apply(layers.Input({ batchShape: [1, 7, null, 13, 5] })) as tf.SymbolicTensor;
    assert.deepEqual(cropped.shape, [1, 4, null, 2, 5]);
  });
});

onCpuOnly(() => {
  const TOO_MUCH: [string, Cropping][] = [
    ["((3, 6), (0, 0), (0, 0))", [[3, 6], [0, 0], [0, 0]]],
    ["((0, 0), (5, 8), (0, 0))", [[0, 0], [5, 8], [0, 0]]],
    ["((0, 0), (0, 0), (7, 6))", [[0, 0], [0, 0], [7, 6]]],
  ];
  for (const [label, cropping] of TOO_MUCH) {
    for (const dataFormat of FORMATS) {
      test(`Cropping3DTest.test_cropping_3d_errors_if_cropping_more_than_available(cropping=${label}, ${dataFormat})`, () => {
        const input = layers.Input({ batchShape: [3, 7, 9, 13, 5] });
        assert.throws(() => layers.Cropping3D(cropping, { dataFormat }).apply(input), /cropping/);
      });
    }
  }

  test("Cropping3DTest.test_cropping_3d_errors_if_cropping_argument_invalid", () => {
    for (const cropping of [[1], [1, 2], [1, 2, 3, 4], "1", [[1, 2], [3, 4], [5, 6, 7]], [[1, 2], [3, 4], [5, -6]], [[1, 2], [3, 4], "5"]]) {
      assert.throws(() => layers.Cropping3D(cropping as Cropping), /cropping/, JSON.stringify(cropping));
    }
  });

  const EXCESSIVE: [string, Cropping][] = [
    ["((8, 1), (1, 1), (1, 1))", [[8, 1], [1, 1], [1, 1]]],
    ["((1, 1), (10, 1), (1, 1))", [[1, 1], [10, 1], [1, 1]]],
    ["((1, 1), (1, 1), (14, 1))", [[1, 1], [1, 1], [14, 1]]],
  ];
  for (const [label, cropping] of EXCESSIVE) {
    for (const dataFormat of FORMATS) {
      test(`Cropping3DTest.test_cropping_3d_with_excessive_cropping(cropping=${label}, ${dataFormat})`, () => {
        const input = layers.Input({ batchShape: dataFormat === "channels_first" ? [3, 5, 7, 9, 13] : [3, 7, 9, 13, 5] });
        assert.throws(() => layers.Cropping3D(cropping, { dataFormat }).apply(input), /Values in `cropping` argument should be smaller than the/);
      });
    }
  }
});
