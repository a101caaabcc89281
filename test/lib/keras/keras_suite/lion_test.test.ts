/** Port of Keras 3's keras/src/optimizers/lion_test.py, on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { onBackends } from "../backends.js";
import { clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

const tiled = (values: number[]) => values.map((v) => new Array<number>(10).fill(v));

onBackends(() => {
  test("LionTest.test_invalid_beta_1", () => {
    for (const beta1 of [-0.1, 0.0, 1.1]) {
      assert.throws(() => optimizers.Lion({ beta1 }), new RegExp(`Argument \`beta1\` must be in the \\[0, 1\\] range\\. Otherwise, the optimizer degenerates to SignSGD\\. Received: beta1=${beta1}\\.`));
    }
  });
  test("LionTest.test_config", () => {
    const config = configRoundTrip(optimizers.Lion({ learningRate: 0.5, beta1: 0.5, beta2: 0.67 }));
    assert.equal(config.beta1, 0.5);
  });
  test("LionTest.test_single_step", () => singleStep(optimizers.Lion({ learningRate: 0.5 }), [0.5, 1.5, 2.5, 3.5]));
  test("LionTest.test_weight_decay", () => weightDecayCase(() => optimizers.Lion({ learningRate: 1, weightDecay: 0.004 }), "lion"));
  test("LionTest.test_correctness_with_golden", () => {
    goldenRun(optimizers.Lion(), tiled([0.999, 0.998, 0.997, 0.996, 0.995]), "Lion");
  });
  test("LionTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Lion(o)));
  test("LionTest.test_ema: fit with Lion(useEma) trains and finalizes", async () => {
    const model = keras.Sequential([keras.Input({ shape: [5] }), keras.layers.Dense(10)]);
    model.compile({ optimizer: optimizers.Lion({ useEma: true }), loss: "mse" });
    const x = tf.zeros([1, 5]);
    const y = tf.zeros([1, 10]);
    const history = await model.fit(x, y, { verbose: 0 });
    assert.ok(Number.isFinite(history.history.loss![0] as number));
    tf.dispose([x, y]);
  });
});
