/** Port of Keras 3's keras/src/optimizers/adagrad_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

onBackends(() => {
  test("AdagradTest.test_config", () => {
    const config = configRoundTrip(optimizers.Adagrad({ learningRate: 0.5, initialAccumulatorValue: 0.2, epsilon: 1e-5, weightDecay: 0.01 }));
    assert.equal(config.epsilon, 1e-5);
    assert.equal(config.weightDecay, 0.01);
  });
  test("AdagradTest.test_single_step", () => singleStep(optimizers.Adagrad({ learningRate: 0.5 }), [0.5233, 1.5007, 2.5005, 3.5061]));
  test("AdagradTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Adagrad(o)));
  test("AdagradTest.test_weight_decay", () => weightDecayCase(() => optimizers.Adagrad({ learningRate: 1, weightDecay: 0.004 }), "adagrad"));
  test("AdagradTest.test_correctness_with_golden (learning rate 0.2, initial accumulator 0.3, epsilon 1e-6)", () => {
    goldenRun(optimizers.Adagrad({ learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6 }), [
      [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
      [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
      [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
      [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
      [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ], "Adagrad");
  });
});
