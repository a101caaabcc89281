/** Port of Keras 3's keras/src/optimizers/rmsprop_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

onBackends(() => {
  test("RMSpropTest.test_config", () => {
    const config = configRoundTrip(optimizers.RMSprop({ learningRate: 0.5, rho: 0.8, momentum: 0.05, epsilon: 1e-6, centered: true, weightDecay: 0.01 }));
    assert.equal(config.centered, true);
    assert.equal(config.weightDecay, 0.01);
  });
  test("RMSpropTest.test_single_step", () => singleStep(optimizers.RMSprop({ learningRate: 0.5 }), [-0.5811, 0.4189, 1.4189, 2.4189]));
  test("RMSpropTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.RMSprop(o)));
  test("RMSpropTest.test_weight_decay", () => weightDecayCase(() => optimizers.RMSprop({ learningRate: 1, weightDecay: 0.004 }), "rmsprop"));
  test("RMSpropTest.test_correctness_with_golden (centered)", () => {
    goldenRun(optimizers.RMSprop({ centered: true }), [0.9967, 0.9933, 0.9908, 0.9885, 0.9864].map((g) => new Array<number>(10).fill(g)), "RMSprop");
  });
});
