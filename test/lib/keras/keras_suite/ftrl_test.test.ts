/** Port of Keras 3's keras/src/optimizers/ftrl_test.py, on every backend (the messages name our camelCase options). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep } from "./optimizer_cases.js";

const GOLDEN_SETTINGS = {
  learningRate: 0.05,
  learningRatePower: -0.2,
  initialAccumulatorValue: 0.4,
  l1RegularizationStrength: 0.05,
  l2RegularizationStrength: 0.15,
  l2ShrinkageRegularizationStrength: 0.01,
  beta: 0.3,
};

onBackends(() => {
  test("FtrlTest.test_config", () => {
    const config = configRoundTrip(optimizers.Ftrl(GOLDEN_SETTINGS));
    assert.equal(config.l2ShrinkageRegularizationStrength, 0.01);
    assert.equal(config.beta, 0.3);
  });
  test("FtrlTest.test_single_step", () => singleStep(optimizers.Ftrl({ learningRate: 0.5 }), [0.2218, 1.3954, 2.3651, 2.8814]));
  test("FtrlTest.test_correctness_with_golden", () => {
    goldenRun(optimizers.Ftrl(GOLDEN_SETTINGS), [
      [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
      [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
      [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
      [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299],
    ], "Ftrl");
  });
  test("FtrlTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Ftrl(o)));
  test("FtrlTest.test_invalid_* (initial accumulator, learning-rate power, the three strengths)", () => {
    const cases: [keyof optimizers.FtrlOptions, number, string][] = [
      ["initialAccumulatorValue", -0.1, "positive or zero"],
      ["learningRatePower", 0.1, "negative or zero"],
      ["l1RegularizationStrength", -0.1, "positive or zero"],
      ["l2RegularizationStrength", -0.1, "positive or zero"],
      ["l2ShrinkageRegularizationStrength", -0.1, "positive or zero"],
    ];
    for (const [key, value, needs] of cases) {
      assert.throws(() => optimizers.Ftrl({ [key]: value }), new RegExp(`^RangeError: \`${key}\` needs to be ${needs}\\. Received: ${key}=${value}\\.$`));
    }
  });
});
