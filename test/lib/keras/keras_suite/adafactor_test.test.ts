/** Port of Keras 3's keras/src/optimizers/adafactor_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { allClose, applyGradients, clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

const GOLDEN_SETTINGS = { learningRate: 0.5, beta2Decay: -0.65, epsilon1: 1e-15, epsilon2: 1e-4, clipThreshold: 0.9, relativeStep: false };

onBackends(() => {
  test("AdafactorTest.test_config", () => {
    const config = configRoundTrip(optimizers.Adafactor(GOLDEN_SETTINGS));
    assert.equal(config.relativeStep, false);
    assert.equal(config.epsilon1, 1e-15);
  });
  test("AdafactorTest.test_single_step_1d", () => singleStep(optimizers.Adafactor({ learningRate: 0.5 }), [-0.3693, 0.6307, 1.6307, 2.6307]));
  test("AdafactorTest.test_single_step_2d", () => {
    const v = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    applyGradients(optimizers.Adafactor({ learningRate: 0.5 }), [[v, tf.tensor2d([[1, 6], [7, 2]])]]);
    allClose(v.dataSync(), [0.7007, -0.0081, 1.2492, 3.4407], 1e-4, "vars");
    v.dispose();
  });
  test("AdafactorTest.test_weight_decay", () => weightDecayCase(() => optimizers.Adafactor({ learningRate: 1, weightDecay: 0.004 }), "adafactor"));
  test("AdafactorTest.test_correctness_with_golden", () => {
    goldenRun(optimizers.Adafactor(GOLDEN_SETTINGS), [
      [0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55],
      [0.3031, 0.3026, 0.3025, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024],
      [0.1671, 0.1665, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663],
      [0.0923, 0.0916, 0.0915, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914],
      [0.0554, 0.0548, 0.0546, 0.0546, 0.0546, 0.0546, 0.0546, 0.0545, 0.0545, 0.0545],
    ], "Adafactor");
  });
  test("AdafactorTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Adafactor(o)));
});
