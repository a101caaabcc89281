/**
 * Port of Keras 3's keras/src/layers/reshaping/zero_padding2d_test.py on every backend (the
 * argument errors and the config on cpu only): asymmetric and symmetric padding in both data
 * formats (zeros in the border, the input inside), a free spatial dimension, the invalid
 * `padding` arguments, and the config (`padding` as ((1, 1), (2, 2)); `dataFormat` in tfjs's
 * config spelling, "channelsFirst"/"channelsLast", which loads back as Keras's).
 *
 * Nothing skipped. test_zero_padding_2d_with_dynamic_spatial_dim runs with
 * image_data_format() == "channels_last", Keras's default.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

type Format = "channels_last" | "channels_first";
type Padding = Parameters<typeof layers.ZeroPadding2D>[0];

/** outputs[:, :, index, :] (axis 2) etc.: one index along one axis, negative from the end. */
const at = (t: tf.Tensor, axis: number, index: number) => {
  const i = index < 0 ? t.shape[axis]! + index : index;
  const begin = t.shape.map((_, a) => (a === axis ? i : 0));
  const size = t.shape.map((d, a) => (a === axis ? 1 : d));
  return tf.slice(t, begin, size);
};
/** outputs[:, :, from:-toEnd, from2:-toEnd2] along two axes. */
const inner = (t: tf.Tensor, axes: [number, number], [a0, a1]: [number, number], [b0, b1]: [number, number]) => {
  const begin = t.shape.map((_, a) => (a === axes[0] ? a0 : a === axes[1] ? b0 : 0));
  const size = t.shape.map((d, a) => (a === axes[0] ? d! - a0 - a1 : a === axes[1] ? d! - b0 - b1 : d!));
  return tf.slice(t, begin, size);
};
const allZero = (t: tf.Tensor, what: string) => assert.equal(tf.max(tf.abs(t)).dataSync()[0], 0, what);

onBackends(() => {
  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding2DTest.test_zero_padding_2d(${dataFormat})`, () => {
      const inputs = tf.randomUniform([1, 2, 3, 4], 0, 1, "float32", 1);
      const outputs = layers.ZeroPadding2D([[1, 2], [3, 4]], { dataFormat }).apply(inputs) as tf.Tensor;
      const [rows, cols] = dataFormat === "channels_first" ? [2, 3] : [1, 2];
      for (const index of [0, -1, -2]) allZero(at(outputs, rows, index), `row ${index}`);
      for (const index of [0, 1, 2, -1, -2, -3, -4]) allZero(at(outputs, cols, index), `column ${index}`);
      close(inner(outputs, [rows, cols], [1, 2], [3, 4]), inputs.arraySync(), "inside");
    });
  }

  const SAME: [string, Padding][] = [["((2, 2), (2, 2))", [[2, 2], [2, 2]]], ["(2, 2)", [2, 2]], ["2", 2]];
  for (const [label, padding] of SAME) {
    for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
      test(`ZeroPadding2DTest.test_zero_padding_2d_with_same_padding(padding=${label}, ${dataFormat})`, () => {
        const inputs = tf.randomUniform([1, 2, 3, 4], 0, 1, "float32", 2);
        const outputs = layers.ZeroPadding2D(padding, { dataFormat }).apply(inputs) as tf.Tensor;
        const [rows, cols] = dataFormat === "channels_first" ? [2, 3] : [1, 2];
        for (const index of [0, 1, -1, -2]) {
          allZero(at(outputs, rows, index), `row ${index}`);
          allZero(at(outputs, cols, index), `column ${index}`);
        }
        close(inner(outputs, [rows, cols], [2, 2], [2, 2]), inputs.arraySync(), "inside");
      });
    }
  }

  test("ZeroPadding2DTest.test_zero_padding_2d_with_dynamic_spatial_dim", () => {
    const input = layers.Input({ batchShape: [1, 2, null, 4] });
    const padded = layers.ZeroPadding2D([[1, 2], [3, 4]]).apply(input) as tf.SymbolicTensor;
    assert.deepEqual(padded.shape, [1, 5, null, 4]);
  });
});

onCpuOnly(() => {
  const INVALID: [string, unknown][] = [["(1,)", [1]], ["(1, 2, 3)", [1, 2, 3]], ['"1"', "1"], ["((1, 2), (3, 4, 5))", [[1, 2], [3, 4, 5]]], ["((1, 2), (3, -4))", [[1, 2], [3, -4]]], ['((1, 2), "3")', [[1, 2], "3"]]];
  for (const [label, padding] of INVALID) {
    test(`ZeroPadding2DTest.test_zero_padding_2d_errors_if_padding_argument_invalid(${label})`, () => {
      assert.throws(() => layers.ZeroPadding2D(padding as Padding), /padding/);
    });
  }

  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    test(`ZeroPadding2DTest.test_zero_padding_2d_get_config(${dataFormat})`, () => {
      const layer = layers.ZeroPadding2D([1, 2], { dataFormat });
      const config = layer.getConfig();
      assert.deepEqual(config.padding, [[1, 1], [2, 2]]);
      assert.equal(config.dataFormat, dataFormat === "channels_first" ? "channelsFirst" : "channelsLast");
      assert.equal(config.name, layer.name);
      assert.equal(config.trainable, layer.trainable);
      serializationRoundTrip(layer);
    });
  }
});
