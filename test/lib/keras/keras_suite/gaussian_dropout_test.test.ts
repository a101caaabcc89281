/**
 * Port of Keras 3's keras/src/layers/regularization/gaussian_dropout_test.py, on cpu and wasm.
 * Not approximated from run_layer_test: expected_num_seed_generators=1 (tfjs has no SeedGenerator
 * objects) and the training check. The correctness case keeps Keras's tolerance (std within 0.02
 * of √(0.3 / 0.7)).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("GaussianDropoutTest.test_gaussian_dropout_basics", () => {
    runLayerTest({
      make: () => layers.GaussianDropout(0.2),
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

  test("GaussianDropoutTest.test_gaussian_dropout_correctness", () => {
    const outputs = layers.GaussianDropout(0.3, { seed: 1337 }).apply(tf.ones([20, 500]), { training: true }) as tf.Tensor;
    const std = Math.sqrt(tf.moments(outputs).variance.dataSync()[0]!);
    const want = Math.sqrt(0.3 / (1 - 0.3));
    assert.ok(Math.abs(std - want) <= 0.02, `std ${std} within 0.02 of ${want}`);
  });
});
