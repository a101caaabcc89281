/**
 * Port of Keras 3's keras/src/layers/pooling/global_max_pooling_test.py (1-D, 2-D and 3-D) on
 * every backend: GlobalMaxPoolingBasicTest (run_layer_test approximated by output shape,
 * computeOutputShape, no weights and a config round-trip) and GlobalMaxPoolingCorrectnessTest
 * against the tests' `np.apply_over_axes(np.max, …)` references (pooling_reference.ts).
 * (GlobalMaxPoolingCorrectnessTest.test_global_max_pooling1d is also in
 * global_average_pooling_test.test.ts, where it was ported first.)
 *
 * Skipped:
 * - run_layer_test's assert_built_after_instantiation: tfjs layers build on first call.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";
import { npGlobalPool } from "./pooling_reference.js";

type Format = "channels_last" | "channels_first";
const PARAMS: [Format, boolean][] = [["channels_last", false], ["channels_last", true], ["channels_first", false], ["channels_first", true]];

const npGlobalMax = (data: ArrayLike<number>, shape: number[], axes: number[], keepdims: boolean) => npGlobalPool("max", data, shape, axes, keepdims);

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
const BASIC_3D: [Format, boolean, number[], number[]][] = [
  ["channels_last", false, [3, 5, 6, 5, 4], [3, 4]],
  ["channels_last", true, [3, 5, 6, 5, 4], [3, 1, 1, 1, 4]],
  ["channels_first", false, [3, 5, 6, 5, 4], [3, 5]],
];

onBackends(() => {
  for (const [rank, cases, make, className] of [
    ["1d", BASIC_1D, layers.GlobalMaxPooling1D, "GlobalMaxPooling1D"],
    ["2d", BASIC_2D, layers.GlobalMaxPooling2D, "GlobalMaxPooling2D"],
    ["3d", BASIC_3D, layers.GlobalMaxPooling3D, "GlobalMaxPooling3D"],
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
    test(`GlobalMaxPoolingCorrectnessTest.test_global_max_pooling3d(${dataFormat}, keepdims=${keepdims})`, () => {
      const inputs = tf.range(0, 360, 1, "float32").reshape([2, 3, 3, 5, 4]);
      const outputs = layers.GlobalMaxPooling3D({ dataFormat, keepdims }).apply(inputs);
      close(outputs, npGlobalMax(inputs.dataSync(), inputs.shape, dataFormat === "channels_last" ? [1, 2, 3] : [2, 3, 4], keepdims), "global_max_pooling3d");
    });
  }
});
