/**
 * Port of Keras 3's keras/src/layers/regularization/alpha_dropout_test.py. Cases with numbers run
 * on cpu and wasm, the argument checks on cpu only. Keras's ValueError is our RangeError; names
 * are camelCase (`noiseShape`) and Python's None is null. Not approximated from run_layer_test:
 * expected_num_seed_generators=1 (tfjs has no SeedGenerator objects) and the training check.
 * test_alpha_dropout_correctness keeps Keras's tolerance (std within 0.1 of 1; on constant inputs
 * the exact std is a·√(p(1−p))·(1 − α′) ≈ 1.088, which that tolerance admits).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("AlphaDropoutTest.test_alpha_dropout_basics", () => {
    runLayerTest({
      make: () => layers.AlphaDropout(0.2),
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

  test("AlphaDropoutTest.test_alpha_dropout_correctness", () => {
    const outputs = layers.AlphaDropout(0.3, { seed: 1337 }).apply(tf.ones([20, 500]), { training: true }) as tf.Tensor;
    const std = Math.sqrt(tf.moments(outputs).variance.dataSync()[0]!);
    assert.ok(Math.abs(std - 1) <= 0.1, `std ${std} within 0.1 of 1`);
  });

  for (const [name, noiseShape] of [["dynamic", [null, 1, null]], ["static", [20, 1, 10]]] as const) {
    test(`AlphaDropoutTest.test_alpha_dropout_partial_noise_shape_${name}`, () => {
      const outputs = layers.AlphaDropout(0.5, { noiseShape: [...noiseShape] }).apply(tf.ones([20, 5, 10]), { training: true }) as tf.Tensor;
      close(tf.slice(outputs, [0, 0, 0], [20, 1, 10]), tf.slice(outputs, [0, 1, 0], [20, 1, 10]).arraySync(), "outputs[:, 0, :] == outputs[:, 1, :]");
    });
  }
});

onCpuOnly(() => {
  const rateMessage = /Invalid value received for argument `rate`\. Expected a float value between 0 and 1\./;
  test("AlphaDropoutTest.test_alpha_dropout_negative_rate", () => raises(() => layers.AlphaDropout(-0.5), RangeError, rateMessage));
  test("AlphaDropoutTest.test_alpha_dropout_rate_greater_than_one", () => raises(() => layers.AlphaDropout(1.5), RangeError, rateMessage));
  test("AlphaDropout: the noise shape and seed are in the config (ours)", () => {
    const config = layers.AlphaDropout(0.5, { noiseShape: [null, 1, null], seed: 3 }).getConfig();
    assert.deepEqual(config.noiseShape, [null, 1, null]);
    assert.equal(config.seed, 3);
  });
});
