/**
 * Port of Keras 3's keras/src/layers/activations/activation_test.py, on every backend.
 * Adapted: the second run_layer_test passes `activations.gelu` (a callable); our Activation takes
 * Keras's activation names only, so it runs with "gelu". Not approximated from run_layer_test:
 * seed-generator counts and the training check (see layer_cases.ts).
 */
import { test } from "node:test";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("ActivationTest.test_activation_basics", () => {
    runLayerTest({
      make: () => layers.Activation("relu"),
      inputShape: [2, 3],
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
    runLayerTest({
      make: () => layers.Activation("gelu"),
      inputShape: [2, 2],
      expectedOutputShape: [2, 2],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });
});
