/**
 * Port of Keras 3's keras/src/optimizers/adamw_test.py: its literal expected values and golden
 * trajectory, on every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

onBackends(() => {
  test("AdamWTest.test_config: weightDecay and amsgrad round-trip under the class name AdamW", () => {
    const optimizer = optimizers.AdamW({ learningRate: 0.5, weightDecay: 0.008, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true, clipnorm: 3 });
    assert.equal(optimizer.getClassName(), "AdamW");
    const config = configRoundTrip(optimizer);
    assert.equal(config.weightDecay, 0.008);
    assert.equal(config.amsgrad, true);
    assert.equal(config.clipnorm, 3);
  });

  test("AdamWTest.test_single_step", () => singleStep(optimizers.AdamW({ learningRate: 0.5 }), [0.498, 1.496, 2.494, 3.492]));
  test("AdamWTest.test_weight_decay", () => weightDecayCase(() => optimizers.AdamW({ learningRate: 1, weightDecay: 0.004 }), "adamw"));

  test("AdamWTest.test_correctness_with_golden (learning rate 1, weight decay 0.5, epsilon 2)", () => {
    const golden = [
      [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
      [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
      [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
      [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
      [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ];
    goldenRun(optimizers.AdamW({ learningRate: 1, weightDecay: 0.5, epsilon: 2 }), golden, "AdamW");
  });

  test("AdamWTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.AdamW(o)));
});

onCpuOnly(() => {
  test("AdamWTest.test_weight_decay_is_none", () => {
    assert.throws(() => optimizers.AdamW({ learningRate: 1, weightDecay: null as never }), /AdamW: .*weightDecay/);
  });
});
