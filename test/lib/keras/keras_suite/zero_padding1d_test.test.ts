/**
 * Port of Keras 3's keras/src/layers/reshaping/zero_padding1d_test.py on every backend (the
 * argument errors and the config on cpu only): asymmetric and symmetric padding in both data
 * formats (zeros at the ends, the input inside), a free length, the invalid `padding` arguments,
 * and the config (`padding` as the flat pair (1, 2), as Keras's; `dataFormat` in tfjs's config
 * spelling, "channelsFirst"/"channelsLast"), which round-trips through from_config.
 *
 * Nothing skipped; `dtype` is not in our config (tfjs's base config has no dtype policy).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";
import { allZero, at, pySlice, rand } from "./spatial_helpers.js";

type Format = "channels_last" | "channels_first";

onBackends(() => {
  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding1DTest.test_zero_padding_1d(${dataFormat})`, () => {
      const inputs = rand([1, 2, 3], 1);
      const outputs = layers.ZeroPadding1D([1, 2], { dataFormat }).apply(inputs) as tf.Tensor;
      const axis = dataFormat === "channels_last" ? 1 : 2;
      for (const index of [0, -1, -2]) allZero(at(outputs, axis, index), `index ${index}`);
      close(pySlice(outputs, outputs.shape.map((_, a) => (a === axis ? [1, -2] : null))), inputs.arraySync(), "inside");
    });
  }

  for (const [label, padding] of [["one_tuple", [2, 2]], ["one_int", 2]] as [string, number | [number, number]][]) {
    test(`ZeroPadding1DTest.test_zero_padding_1d_with_same_padding_${label}`, () => {
      const inputs = rand([1, 2, 3], 2);
      const outputs = layers.ZeroPadding1D(padding, { dataFormat: "channels_last" }).apply(inputs) as tf.Tensor;
      for (const index of [0, 1, -1, -2]) allZero(at(outputs, 1, index), `index ${index}`);
      close(pySlice(outputs, [null, [2, -2], null]), inputs.arraySync(), "inside");
    });
  }

  test("ZeroPadding1DTest.test_zero_padding_1d_with_dynamic_spatial_dim", () => {
    let padded = layers.ZeroPadding1D([1, 2], { dataFormat: "channels_last" }).apply(layers.Input({ batchShape: [1, null, 3] })) as tf.SymbolicTensor;
    assert.deepEqual(padded.shape, [1, null, 3]);
    padded = layers.ZeroPadding1D([1, 2], { dataFormat: "channels_last" }).apply(layers.Input({ batchShape: [1, 2, 3] })) as tf.SymbolicTensor;
    assert.deepEqual(padded.shape, [1, 5, 3]);
  });
});

onCpuOnly(() => {
  for (const [label, padding] of [["(1,)", [1]], ["(1, 2, 3)", [1, 2, 3]], ['"1"', "1"]] as [string, unknown][]) {
    test(`ZeroPadding1DTest.test_zero_padding_1d_errors_if_padding_argument_invalid(${label})`, () => {
      assert.throws(() => layers.ZeroPadding1D(padding as number), /The `padding` argument must be a tuple of 2 integers/);
    });
  }

  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding1DTest.test_zero_padding_1d_get_config(${dataFormat})`, () => {
      const layer = layers.ZeroPadding1D([1, 2], { dataFormat });
      const config = layer.getConfig();
      assert.deepEqual(config.padding, [1, 2]);
      assert.equal(config.dataFormat, dataFormat === "channels_first" ? "channelsFirst" : "channelsLast");
      assert.equal(config.name, layer.name);
      assert.equal(config.trainable, layer.trainable);
      serializationRoundTrip(layer);
    });
  }
});
