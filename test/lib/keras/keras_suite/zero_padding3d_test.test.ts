/**
 * Port of Keras 3's keras/src/layers/reshaping/zero_padding3d_test.py on every backend (the
 * argument errors and the config on cpu only): asymmetric and symmetric padding in both data
 * formats (zeros in the border, the input inside), a free spatial dimension, the invalid
 * `padding` arguments, and the config (`padding` as ((1, 1), (2, 2), (3, 3)); `dataFormat` in
 * tfjs's config spelling), which round-trips through from_config.
 *
 * Nothing skipped. test_zero_padding_3d_with_dynamic_spatial_dim runs with
 * image_data_format() == "channels_last", Keras's default; `dtype` is not in our config.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";
import { allZero, at, pySlice, rand } from "./spatial_helpers.js";

type Format = "channels_last" | "channels_first";
type Padding = Parameters<typeof layers.ZeroPadding3D>[0];
const spatial = (dataFormat: Format) => (dataFormat === "channels_first" ? [2, 3, 4] : [1, 2, 3]);
/** The input's ranges along the three spatial axes, the others whole. */
const inside = (t: tf.Tensor, axes: number[], ranges: [number, number][]) => pySlice(t, t.shape.map((_, a) => (axes.includes(a) ? ranges[axes.indexOf(a)]! : null)));

onBackends(() => {
  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding3DTest.test_zero_padding_3d(${dataFormat})`, () => {
      const inputs = rand([1, 2, 3, 4, 5], 1);
      const outputs = layers.ZeroPadding3D([[1, 2], [3, 4], [0, 2]], { dataFormat }).apply(inputs) as tf.Tensor;
      const [d1, d2, d3] = spatial(dataFormat) as [number, number, number];
      for (const index of [0, -1, -2]) allZero(at(outputs, d1, index), `dim1 ${index}`);
      for (const index of [0, 1, 2, -1, -2, -3, -4]) allZero(at(outputs, d2, index), `dim2 ${index}`);
      for (const index of [-1, -2]) allZero(at(outputs, d3, index), `dim3 ${index}`);
      close(inside(outputs, [d1, d2, d3], [[1, -2], [3, -4], [0, -2]]), inputs.arraySync(), "inside");
    });
  }

  const SAME: [string, Padding][] = [["((2, 2), (2, 2), (2, 2))", [[2, 2], [2, 2], [2, 2]]], ["(2, 2, 2)", [2, 2, 2]], ["2", 2]];
  for (const [label, padding] of SAME) {
    for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
      test(`ZeroPadding3DTest.test_zero_padding_3d_with_same_padding(padding=${label}, ${dataFormat})`, () => {
        const inputs = rand([1, 2, 3, 4, 5], 2);
        const outputs = layers.ZeroPadding3D(padding, { dataFormat }).apply(inputs) as tf.Tensor;
        const axes = spatial(dataFormat);
        for (const index of [0, 1, -1, -2]) for (const axis of axes) allZero(at(outputs, axis, index), `axis ${axis} ${index}`);
        close(inside(outputs, axes, [[2, -2], [2, -2], [2, -2]]), inputs.arraySync(), "inside");
      });
    }
  }

  test("ZeroPadding3DTest.test_zero_padding_3d_with_dynamic_spatial_dim", () => {
    const padded = layers.ZeroPadding3D([[1, 2], [3, 4], [5, 6]]).apply(layers.Input({ batchShape: [1, 2, null, 4, 5] })) as tf.SymbolicTensor;
    assert.deepEqual(padded.shape, [1, 5, null, 15, 5]);
  });
});

onCpuOnly(() => {
  const INVALID: [string, unknown][] = [
    ["(1,)", [1]],
    ["(1, 2)", [1, 2]],
    ["(1, 2, 3, 4)", [1, 2, 3, 4]],
    ['"1"', "1"],
    ["((1, 2), (3, 4), (5, 6, 7))", [[1, 2], [3, 4], [5, 6, 7]]],
    ["((1, 2), (3, 4), (5, -6))", [[1, 2], [3, 4], [5, -6]]],
    ['((1, 2), (3, 4), "5")', [[1, 2], [3, 4], "5"]],
  ];
  for (const [label, padding] of INVALID) {
    test(`ZeroPadding3DTest.test_zero_padding_3d_errors_if_padding_argument_invalid(${label})`, () => {
      assert.throws(() => layers.ZeroPadding3D(padding as Padding), /padding/);
    });
  }

  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding3DTest.test_zero_padding_3d_get_config(${dataFormat})`, () => {
      const layer = layers.ZeroPadding3D([1, 2, 3], { dataFormat });
      const config = layer.getConfig();
      assert.deepEqual(config.padding, [[1, 1], [2, 2], [3, 3]]);
      assert.equal(config.dataFormat, dataFormat === "channels_first" ? "channelsFirst" : "channelsLast");
      assert.equal(config.name, layer.name);
      assert.equal(config.trainable, layer.trainable);
      serializationRoundTrip(layer);
    });
  }
});
