/**
 * Port of Keras 3's keras/src/layers/regularization/spatial_dropout_test.py. Every case runs on
 * cpu and wasm. Not approximated from run_layer_test: seed-generator counts (tfjs has no
 * SeedGenerator objects) and the training check. The `image_data_format() == "channels_first"`
 * branches of the correctness cases are the default-format branch here (our default is
 * channels_last, as Keras's config file's default); channels_first is checked by the
 * `dataFormat: "channels_first"` run_layer_test cases and in test/lib/keras/layers/spatial_dropout.test.ts.
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("SpatialDropoutTest.test_spatial_dropout_1d", () => {
    for (const training of [true, false]) {
      runLayerTest({ make: () => layers.SpatialDropout1D(0.5), training, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], assertBuiltAfterInstantiation: true });
    }
  });

  test("SpatialDropoutTest.test_spatial_dropout_2d", () => {
    runLayerTest({ make: () => layers.SpatialDropout2D(0.5), training: true, inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3, 4, 5], assertBuiltAfterInstantiation: true });
    runLayerTest({ make: () => layers.SpatialDropout2D(0.5, { dataFormat: "channels_first" }), training: true, inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3, 4, 5], assertBuiltAfterInstantiation: true });
  });

  test("SpatialDropoutTest.test_spatial_dropout_3d", () => {
    runLayerTest({ make: () => layers.SpatialDropout3D(0.5), training: true, inputShape: [2, 3, 4, 4, 5], expectedOutputShape: [2, 3, 4, 4, 5], assertBuiltAfterInstantiation: true });
    runLayerTest({ make: () => layers.SpatialDropout3D(0.5, { dataFormat: "channels_first" }), training: true, inputShape: [2, 3, 4, 4, 5], expectedOutputShape: [2, 3, 4, 4, 5], assertBuiltAfterInstantiation: true });
  });

  test("SpatialDropoutTest.test_spatial_dropout_1D_dynamic", () => {
    layers.SpatialDropout1D(0.5).apply(keras.Input({ shape: [3, 2] }), { training: true });
  });

  test("SpatialDropoutTest.test_spatial_dropout_1D_correctness", () => {
    const outputs = layers.SpatialDropout1D(0.5).apply(tf.ones([10, 3, 10]), { training: true }) as tf.Tensor;
    close(tf.slice(outputs, [0, 0, 0], [10, 1, 10]), tf.slice(outputs, [0, 1, 0], [10, 1, 10]).arraySync(), "outputs[:, 0, :] == outputs[:, 1, :]");
  });

  test("SpatialDropoutTest.test_spatial_dropout_2D_dynamic", () => {
    layers.SpatialDropout2D(0.5).apply(keras.Input({ shape: [3, 2, 4] }), { training: true });
  });

  test("SpatialDropoutTest.test_spatial_dropout_2D_correctness", () => {
    const outputs = layers.SpatialDropout2D(0.5).apply(tf.ones([10, 3, 3, 10]), { training: true }) as tf.Tensor;
    close(tf.slice(outputs, [0, 0, 0, 0], [10, 1, 1, 10]), tf.slice(outputs, [0, 1, 1, 0], [10, 1, 1, 10]).arraySync(), "outputs[:, 0, 0, :] == outputs[:, 1, 1, :]");
  });

  test("SpatialDropoutTest.test_spatial_dropout_3D_dynamic", () => {
    layers.SpatialDropout3D(0.5).apply(keras.Input({ shape: [3, 2, 4, 2] }), { training: true });
  });

  test("SpatialDropoutTest.test_spatial_dropout_3D_correctness", () => {
    const outputs = layers.SpatialDropout3D(0.5).apply(tf.ones([10, 3, 3, 3, 10]), { training: true }) as tf.Tensor;
    close(tf.slice(outputs, [0, 0, 0, 0, 0], [10, 1, 1, 1, 10]), tf.slice(outputs, [0, 1, 1, 1, 0], [10, 1, 1, 1, 10]).arraySync(), "outputs[:, 0, 0, 0, :] == outputs[:, 1, 1, 1, :]");
  });
});
