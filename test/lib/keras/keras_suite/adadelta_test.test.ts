/** Port of Keras 3's keras/src/optimizers/adadelta_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

const tiled = (values: number[]) => values.map((v) => new Array<number>(10).fill(v));

onBackends(() => {
  test("AdadeltaTest.test_config", () => {
    const config = configRoundTrip(optimizers.Adadelta({ learningRate: 0.5, rho: 0.9, epsilon: 1e-5 }));
    assert.equal(config.rho, 0.9);
  });
  test("AdadeltaTest.test_single_step", () => singleStep(optimizers.Adadelta({ learningRate: 0.5 }), [0.9993, 1.9993, 2.9993, 3.9993]));
  test("AdadeltaTest.test_weight_decay", () => weightDecayCase(() => optimizers.Adadelta({ learningRate: 1, weightDecay: 0.004 }), "adadelta"));
  test("AdadeltaTest.test_correctness_with_golden", () => {
    goldenRun(optimizers.Adadelta({ learningRate: 1, rho: 0.8, epsilon: 1e-6 }), tiled([0.9978, 0.9947, 0.9915, 0.9882, 0.9849]), "Adadelta");
  });
  test("AdadeltaTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Adadelta(o)));
});
