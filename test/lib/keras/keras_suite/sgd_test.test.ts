/** Port of Keras 3's keras/src/optimizers/sgd_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

onBackends(() => {
  test("SGDTest.test_config", () => {
    const config = configRoundTrip(optimizers.SGD({ learningRate: 0.5, momentum: 0.06, nesterov: true, weightDecay: 0.004 }));
    assert.equal(config.useNesterov, true);
    assert.equal(config.weightDecay, 0.004);
  });
  test("SGDTest.test_single_step", () => singleStep(optimizers.SGD({ learningRate: 0.5 }), [0.5, -1.0, -0.5, 3.0]));
  test("SGDTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.SGD(o)));
  test("SGDTest.test_invalid_momentum", () => {
    assert.throws(() => optimizers.SGD({ momentum: -1 }), /SGD: `momentum` must be a number ≥ 0 and ≤ 1/);
    assert.throws(() => optimizers.SGD({ momentum: 2 }), /SGD: `momentum` must be a number ≥ 0 and ≤ 1/);
  });
  test("SGDTest.test_weight_decay", () => weightDecayCase(() => optimizers.SGD({ learningRate: 1, weightDecay: 0.004 }), "sgd"));
  test("SGDTest.test_weight_decay (with momentum)", () => weightDecayCase(() => optimizers.SGD({ learningRate: 1, momentum: 0.9, weightDecay: 0.004 }), "momentum"));
  test("SGDTest.test_correctness_with_golden (nesterov without momentum)", () => {
    goldenRun(optimizers.SGD({ nesterov: true }), [
      [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
      [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
      [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
      [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
      [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ], "SGD");
  });
});
