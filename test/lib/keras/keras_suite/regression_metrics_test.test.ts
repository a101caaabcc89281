/**
 * Port of Keras 3's keras/src/metrics/regression_metrics_test.py (MeanSquaredError,
 * MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity,
 * RootMeanSquaredError, LogCoshError, R2Score), with Keras's literal values (where Keras's test
 * computes its expectation with numpy, that expectation evaluated), on every backend.
 *
 * Skipped:
 * - the test_config cases' dtype ("int32") and from_config: no dtype policies or metric
 *   deserialization; names and getConfig are checked. (MeanSquaredErrorTest.test_config is a TODO in Keras.)
 * - R2ScoreTest.test_config's dtype: no dtype policies; classAggregation and numRegressors are checked.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
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

const regT = () => tf.tensor2d([[1, 9, 2], [-5, -2, 6]]);
const regP = () => tf.tensor2d([[4, 8, 12], [8, 1, 3]]);
const nearAll = (got: tf.Tensor, expected: number[], what: string, tol = 1e-5) => {
  const g = Array.from(got.dataSync());
  assert.equal(g.length, expected.length, `${what}: ${g} vs ${expected}`);
  expected.forEach((e, i) => assert.ok(Math.abs(g[i]! - e) <= tol * (1 + Math.abs(e)), `${what}: ${g} vs ${expected}`));
};

onBackends(() => {
  // CosineSimilarityTest's numpy reference: Σ l2_norm(y)·l2_norm(p) along axis 1.
  test("CosineSimilarityTest.test_unweighted", () => {
    nearAll(metrics.CosineSimilarity()(regT(), regP()), [0.18721902], "unweighted", 1e-3);
  });
  test("CosineSimilarityTest.test_weighted", () => {
    nearAll(metrics.CosineSimilarity()(regT(), regP(), tf.tensor1d([1.2, 3.4])), [-0.06782264], "weighted", 1e-3);
  });
  test("CosineSimilarityTest.test_axis", () => {
    nearAll(metrics.CosineSimilarity({ axis: 1 })(regT(), regP()), [0.18721902], "axis 1", 1e-3);
  });

  test("MeanAbsolutePercentageErrorTest.test_unweighted", () => {
    nearAll(metrics.MeanAbsolutePercentageError()(yTrue(), yPred()), [35e7], "unweighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_weighted", () => {
    nearAll(metrics.MeanAbsolutePercentageError()(yTrue(), yPred(), weights()), [40e7], "weighted");
  });

  test("MeanSquaredLogarithmicErrorTest.test_unweighted", () => {
    const m = metrics.MeanSquaredLogarithmicError();
    m.updateState(yTrue(), yPred());
    near(m.result(), 0.24022, "unweighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_weighted", () => {
    near(metrics.MeanSquaredLogarithmicError()(yTrue(), yPred(), weights()), 0.26082, "weighted");
  });

  test("RootMeanSquaredErrorTest.test_unweighted", () => {
    const m = metrics.RootMeanSquaredError();
    m.updateState(tf.tensor1d([2, 4, 6]), tf.tensor1d([1, 3, 2]));
    nearAll(m.result(), [Math.sqrt(6)], "unweighted", 1e-3);
  });
  test("RootMeanSquaredErrorTest.test_weighted", () => {
    const result = metrics.RootMeanSquaredError()(tf.tensor1d([2, 4, 6, 8]), tf.tensor1d([1, 3, 2, 3]), tf.tensor1d([0, 1, 0, 1]));
    nearAll(result, [Math.sqrt(13)], "weighted", 1e-3);
  });

  // LogCoshErrorTest's numpy reference: log((e^x + e^-x) / 2) of p − y.
  test("LogCoshErrorTest.test_unweighted", () => {
    const m = metrics.LogCoshError();
    m.updateState(regT(), regP());
    nearAll(m.result(), [4.829245], "unweighted", 1e-3);
  });
  test("LogCoshErrorTest.test_weighted", () => {
    nearAll(metrics.LogCoshError()(regT(), regP(), tf.tensor2d([[1.2], [3.4]])), [5.2178759], "weighted", 1e-3);
  });

  const r2 = (yTrue: number[][], yPred: number[][], sampleWeight: number[] | null, classAggregation: metrics.R2ClassAggregation, numRegressors: number) => {
    const m = metrics.R2Score({ classAggregation, numRegressors });
    m.updateState(tf.tensor2d(yTrue), tf.tensor2d(yPred), sampleWeight === null ? undefined : tf.tensor1d(sampleWeight));
    return m.result();
  };
  const sklearnCases: [metrics.R2ClassAggregation, number, number[]][] = [
    [null, 0, [0.37, -1.295, 0.565]],
    [null, 1, [-0.26, -3.59, 0.13]],
    ["uniform_average", 0, [-0.12]],
    ["variance_weighted_average", 0, [-0.12]],
  ];
  for (const [aggregation, regressors, expected] of sklearnCases) {
    test(`R2ScoreTest.test_r2_sklearn_comparison (${aggregation}, ${regressors})`, () => {
      const yT = [[0, 0, 1], [0, 1, 0], [1, 0, 0]];
      const yP = [[0.4, 0.5, 0.6], [0.1, 0.2, 0.3], [0.5, 0.8, 0.2]];
      nearAll(r2(yT, yP, null, aggregation, regressors), expected, "sklearn", 1e-5);
    });
  }
  const tfaCases: [metrics.R2ClassAggregation, number, number[]][] = [
    [null, 0, [0.17305559, -8.836666, -0.521]],
    [null, 1, [-0.65388882, -18.673332, -2.042]],
    [null, 2, [0.17305559, -8.836666, -0.521]],
    ["uniform_average", 0, [-3.0615367889404297]],
    ["uniform_average", 1, [-7.123073577880859]],
    ["uniform_average", 2, [-3.0615367889404297]],
    ["variance_weighted_average", 0, [-1.3710224628448486]],
    ["variance_weighted_average", 1, [-3.742044448852539]],
    ["variance_weighted_average", 2, [-1.3710224628448486]],
  ];
  for (const [aggregation, regressors, expected] of tfaCases) {
    test(`R2ScoreTest.test_r2_tfa_comparison (${aggregation}, ${regressors})`, () => {
      const yT = [[0, 0, 1], [0, 1, 0], [1, 0, 0]];
      const yP = [[0.4, 0.9, 1.6], [0.1, 1.2, 0.6], [1.5, 0.8, 0.6]];
      nearAll(r2(yT, yP, [0.8, 0.1, 0.4], aggregation, regressors), expected, "tfa", 1e-5);
    });
  }
  test("R2Score accumulates across batches and resetState starts over", () => {
    const yT = [[0, 0, 1], [0, 1, 0], [1, 0, 0]];
    const yP = [[0.4, 0.5, 0.6], [0.1, 0.2, 0.3], [0.5, 0.8, 0.2]];
    const m = metrics.R2Score();
    m.updateState(tf.tensor2d(yT.slice(0, 2)), tf.tensor2d(yP.slice(0, 2)));
    m.updateState(tf.tensor2d(yT.slice(2)), tf.tensor2d(yP.slice(2)));
    nearAll(m.result(), [-0.12], "two batches", 1e-5);
    m.resetState();
    m.updateState(tf.tensor2d(yT), tf.tensor2d(yP));
    nearAll(m.result(), [-0.12], "after reset", 1e-5);
  });

  test("regression metrics by Keras name in compile log Keras's epoch value", async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [0.5, -1], [2, 2]]);
    const y = tf.tensor2d([[0.2], [0.9], [0.1], [0.5]]);
    const names = ["mape", "msle", "root_mean_squared_error", "cosine_similarity", "logcosh", "r2_score"];
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [2], kernelInitializer: "ones", activation: "sigmoid" })]);
    model.compile({ optimizer: "sgd", loss: "mse", metrics: names as never });
    const evaluated = model.evaluate(x, y, { batchSize: 3 }) as tf.Scalar[];
    const predicted = model.predict(x) as tf.Tensor;
    const direct = [
      metrics.MeanAbsolutePercentageError(), metrics.MeanSquaredLogarithmicError(), metrics.RootMeanSquaredError(),
      metrics.CosineSimilarity(), metrics.LogCoshError(), metrics.R2Score(),
    ].map((m) => m(y, predicted).dataSync()[0]!);
    names.forEach((name, i) => nearAll(evaluated[i + 1]!, [direct[i]!], `${name}: evaluate over batches of 3 vs one update`, 1e-4));
    const history = await model.fit(x, y, { epochs: 1, batchSize: 3, verbose: 0 });
    for (const name of names) assert.ok(Number.isFinite(history.history[name]![0] as number), `${name} logged`);
  });
});

onCpuOnly(() => {
  test("CosineSimilarityTest.test_config / MeanAbsolutePercentageErrorTest.test_config / MeanSquaredLogarithmicErrorTest.test_config / RootMeanSquaredErrorTest.test_config / LogCoshErrorTest.test_config", () => {
    const cos = metrics.CosineSimilarity({ axis: 2, name: "my_cos" });
    assert.equal(cos.kerasName, "my_cos");
    assert.deepEqual((cos as unknown as { getConfig(): unknown }).getConfig(), { name: "my_cos", axis: 2 });
    assert.equal(metrics.MeanAbsolutePercentageError({ name: "my_mape" }).kerasName, "my_mape");
    assert.equal(metrics.MeanSquaredLogarithmicError({ name: "my_msle" }).kerasName, "my_msle");
    assert.equal(metrics.RootMeanSquaredError({ name: "rmse" }).kerasName, "rmse");
    assert.equal(metrics.LogCoshError({ name: "logcosh" }).kerasName, "logcosh");
    assert.equal(metrics.RootMeanSquaredError().kerasName, "root_mean_squared_error");
    assert.equal(metrics.LogCoshError().kerasName, "logcosh");
  });
  test("R2ScoreTest.test_config", () => {
    const m = metrics.R2Score({ classAggregation: null, numRegressors: 2 });
    assert.equal(m.classAggregation, null);
    assert.equal(m.numRegressors, 2);
    assert.deepEqual((m as unknown as { getConfig(): unknown }).getConfig(), { name: "r2_score", classAggregation: null, numRegressors: 2 });
    const copy = m.clone() as typeof m;
    assert.equal(copy.classAggregation, null);
    assert.equal(copy.numRegressors, 2);
  });
  test("R2ScoreTest.test_errors", () => {
    assert.throws(() => metrics.R2Score({ classAggregation: "wrong" as never }), /R2Score: `classAggregation` must be one of "uniform_average", "variance_weighted_average", null/);
    assert.throws(() => metrics.R2Score({ numRegressors: -1 }), /R2Score: `numRegressors` must be an integer ≥ 0/);
    assert.throws(() => metrics.R2Score().updateState([0, 1], [0, 1]), /R2Score expects 2D inputs with shape \(batch_size, output_dim\)/);
    const model = keras.Sequential([keras.layers.Dense(2, { inputShape: [2] })]);
    assert.throws(() => model.compile({ optimizer: "sgd", loss: "mse", metrics: [metrics.R2Score({ classAggregation: null }) as never] }), /classAggregation null, so one value per output column/);
  });
});
