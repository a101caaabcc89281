/**
 * Port of Keras 3's keras/src/metrics/regression_metrics_test.py for the regression metrics we
 * expose (MeanSquaredError, MeanAbsoluteError), with Keras's literal values, on every backend.
 *
 * Skipped:
 * - CosineSimilarityTest, MeanAbsolutePercentageErrorTest, MeanSquaredLogarithmicErrorTest,
 *   RootMeanSquaredErrorTest, LogCoshErrorTest, R2ScoreTest: metrics we don't expose.
 * - MeanAbsoluteErrorTest.test_config's dtype ("int32") and from_config: no dtype policies or
 *   metric deserialization; the name is checked. (MeanSquaredErrorTest.test_config is a TODO in Keras.)
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const near = (got: tf.Scalar, expected: number, what: string) => {
  const g = got.dataSync()[0]!;
  assert.ok(Math.abs(g - expected) <= 1e-5, `${what}: ${g} vs ${expected}`);
};
const yTrue = () => tf.tensor2d([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]]);
const yPred = () => tf.tensor2d([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]]);
const weights = () => tf.tensor1d([1.0, 1.5, 2.0, 2.5]);

onBackends(() => {
  test("MeanSquaredErrorTest.test_unweighted", () => {
    const m = metrics.MeanSquaredError();
    m.updateState(yTrue(), yPred());
    near(m.result(), 0.5, "unweighted");
  });
  test("MeanSquaredErrorTest.test_weighted (calling the metric object)", () => {
    near(metrics.MeanSquaredError()(yTrue(), yPred(), weights()), 0.54285, "weighted");
  });
  test("MeanAbsoluteErrorTest.test_unweighted", () => {
    const m = metrics.MeanAbsoluteError();
    m.updateState(yTrue(), yPred());
    near(m.result(), 0.5, "unweighted");
  });
  test("MeanAbsoluteErrorTest.test_weighted (calling the metric object)", () => {
    near(metrics.MeanAbsoluteError()(yTrue(), yPred(), weights()), 0.54285, "weighted");
  });
});

onCpuOnly(() => {
  test("MeanAbsoluteErrorTest.test_config: the name", () => {
    assert.equal(metrics.MeanAbsoluteError({ name: "my_mae" }).kerasName, "my_mae");
    assert.equal(metrics.MeanAbsoluteError().kerasName, "mean_absolute_error");
    assert.equal(metrics.MeanSquaredError().kerasName, "mean_squared_error");
  });
});
