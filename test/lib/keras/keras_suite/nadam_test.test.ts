/**
 * Port of Keras 3's keras/src/optimizers/nadam_test.py, on every backend. (test_build_with_empty_var_list
 * checks the dtype of Keras's `_u_product` variable; ours recomputes the product from the step
 * count, so there is no variable to check: the golden run covers its values.)
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

onBackends(() => {
  test("NadamTest.test_config", () => {
    const config = configRoundTrip(optimizers.Nadam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 }));
    assert.equal(config.beta2, 0.67);
  });
  test("NadamTest.test_single_step", () => singleStep(optimizers.Nadam({ learningRate: 0.5 }), [0.4686, 1.4686, 2.4686, 3.4686]));
  test("NadamTest.test_weight_decay", () => weightDecayCase(() => optimizers.Nadam({ learningRate: 1, weightDecay: 0.004 }), "nadam"));
  test("NadamTest.test_correctness_with_golden", () => {
    goldenRun(optimizers.Nadam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 }), [
      [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
      [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
      [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
      [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
      [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ], "Nadam");
  });
  test("NadamTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Nadam(o)));
});
