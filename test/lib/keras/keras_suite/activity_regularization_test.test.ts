/**
 * Port of Keras 3's keras/src/layers/regularization/activity_regularization_test.py. Both cases
 * run on every backend.
 * Not approximated from run_layer_test: seed-generator counts and the training check (as in
 * layer_cases.ts).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("ActivityRegularizationTest.test_correctness", () => {
    const layer = layers.ActivityRegularization({ l1: 0.2, l2: 0.3 });
    layer.apply(tf.mul(2, tf.ones([1])));
    assert.equal(layer.losses.length, 1);
    const loss = (layer.losses as unknown as tf.Scalar[])[0]!.dataSync()[0]!;
    assert.ok(Math.abs(loss - (4 * 0.3 + 2 * 0.2)) < 1e-6, `losses[0]: ${loss}`);
  });

  test("ActivityRegularizationTest.test_activity_regularization_basics", () => {
    runLayerTest({
      make: () => layers.ActivityRegularization({ l1: 0.1, l2: 0.2 }),
      inputShape: [2, 3],
      inputDtype: "float32",
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 1,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });
});
