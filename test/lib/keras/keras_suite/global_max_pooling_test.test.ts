/**
 * Port of Keras 3's keras/src/layers/pooling/global_max_pooling_test.py, 1-D and 2-D, on every
 * backend: GlobalMaxPoolingBasicTest (run_layer_test approximated by output shape,
 * computeOutputShape, no weights and a config round-trip) and GlobalMaxPoolingCorrectnessTest
 * against the tests' `np.apply_over_axes(np.max, …)` references (written out below).
 * (GlobalMaxPoolingCorrectnessTest.test_global_max_pooling1d is also in
 * global_average_pooling_test.test.ts, where it was ported first.)
 *
 * Skipped:
 * - test_global_max_pooling3d (basic and correctness): we expose no GlobalMaxPooling3D.
 * - run_layer_test's assert_built_after_instantiation: tfjs layers build on first call.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

type Format = "channels_last" | "channels_first";
const PARAMS: [Format, boolean][] = [["channels_last", false], ["channels_last", true], ["channels_first", false], ["channels_first", true]];

/** np.apply_over_axes(np.max, x, steps_axes), squeezed unless keepdims: a plain loop over the flat array. */
function npGlobalMax(data: Float32Array | Int32Array | Uint8Array, shape: number[], axes: number[], keepdims: boolean): unknown {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(-Infinity);
  const strides = (s: number[]) => s.map((_, i) => s.slice(i + 1).reduce((a, b) => a * b, 1));
  const [inStrides, outStrides] = [strides(shape), strides(outShape)];
  for (let flat = 0; flat < data.length; flat++) {
    let o = 0;
    shape.forEach((_, i) => {
      const idx = Math.floor(flat / inStrides[i]!) % shape[i]!;
      o += (axes.includes(i) ? 0 : idx) * outStrides[i]!;
    });
    out[o] = Math.max(out[o]!, data[flat]!);
  }
  const finalShape = keepdims ? outShape : outShape.filter((d) => d !== 1); // .squeeze()
  return tf.tensor(out, finalShape).arraySync();
}

const BASIC_1D: [Format, boolean, number[], number[]][] = [
  ["channels_last", false, [3, 5, 4], [3, 4]],
  ["channels_last", true, [3, 5, 4], [3, 1, 4]],
  ["channels_first", false, [3, 5, 4], [3, 5]],
];
const BASIC_2D: [Format, boolean, number[], number[]][] = [
  ["channels_last", false, [3, 5, 6, 4], [3, 4]],
  ["channels_last", true, [3, 5, 6, 4], [3, 1, 1, 4]],
  ["channels_first", false, [3, 5, 6, 4], [3, 5]],
];

onBackends(() => {
  for (const [rank, cases, make, className] of [
    ["1d", BASIC_1D, layers.GlobalMaxPooling1D, "GlobalMaxPooling1D"],
    ["2d", BASIC_2D, layers.GlobalMaxPooling2D, "GlobalMaxPooling2D"],
  ] as const) {
    for (const [dataFormat, keepdims, inputShape, outputShape] of cases) {
      test(`GlobalMaxPoolingBasicTest.test_global_max_pooling${rank}(${dataFormat}, keepdims=${keepdims})`, () => {
        const layer = make({ dataFormat, keepdims });
        assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
        assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
        assert.equal(layer.weights.length, 0);
        assert.equal(layer.getClassName(), className);
        serializationRoundTrip(layer);
      });
    }
  }

  for (const [dataFormat, keepdims] of PARAMS) {
    test(`GlobalMaxPoolingCorrectnessTest.test_global_max_pooling1d(${dataFormat}, keepdims=${keepdims})`, () => {
      const inputs = tf.range(0, 24, 1, "float32").reshape([2, 3, 4]);
      const outputs = layers.GlobalMaxPooling1D({ dataFormat, keepdims }).apply(inputs);
      close(outputs, npGlobalMax(inputs.dataSync(), inputs.shape, dataFormat === "channels_last" ? [1] : [2], keepdims), "global_max_pooling1d");
    });
    test(`GlobalMaxPoolingCorrectnessTest.test_global_max_pooling2d(${dataFormat}, keepdims=${keepdims})`, () => {
      const inputs = tf.range(0, 96, 1, "float32").reshape([2, 3, 4, 4]);
      const outputs = layers.GlobalMaxPooling2D({ dataFormat, keepdims }).apply(inputs);
      close(outputs, npGlobalMax(inputs.dataSync(), inputs.shape, dataFormat === "channels_last" ? [1, 2] : [2, 3], keepdims), "global_max_pooling2d");
    });
  }
});
