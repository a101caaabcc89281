/**
 * Port of Keras 3's keras/src/layers/regularization/gaussian_noise_test.py, on cpu and wasm.
 * Not approximated from run_layer_test: expected_num_seed_generators=1 (tfjs has no SeedGenerator
 * objects) and the training check. The correctness case keeps Keras's tolerance (std within 0.02
 * of 0.3).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("GaussianNoiseTest.test_gaussian_noise_basics", () => {
    runLayerTest({
      make: () => layers.GaussianNoise(0.2),
      inputShape: [2, 3],
      training: true,
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("GaussianNoiseTest.test_gaussian_noise_correctness", () => {
    const outputs = layers.GaussianNoise(0.3, { seed: 1337 }).apply(tf.ones([20, 500]), { training: true }) as tf.Tensor;
    const std = Math.sqrt(tf.moments(outputs).variance.dataSync()[0]!);
    assert.ok(Math.abs(std - 0.3) <= 0.02, `std ${std} within 0.02 of 0.3`);
  });
});
