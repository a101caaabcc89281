/**
 * Port of Keras 3's keras/src/layers/core/identity_test.py, on cpu and wasm. The "sparse" case is
 * not ported: tfjs has no sparse tensors (Keras skips it on such backends too). Not approximated
 * from run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { kerasInput, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("IdentityTest.test_identity_basics (dense)", () => {
    const x = kerasInput([2, 3]);
    runLayerTest({
      make: () => layers.Identity(),
      inputData: x,
      expectedOutput: tf.clone(x),
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });
});
