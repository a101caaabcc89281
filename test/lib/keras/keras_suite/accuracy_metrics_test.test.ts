/**
 * Port of Keras 3's keras/src/metrics/accuracy_metrics_test.py (unweighted, weighted, rank-1,
 * n-d and broadcast weights, thresholds, top-k) and reduction_metrics_test.py's MeanTest, on
 * every backend; plus a stateful metric object in compile and fit.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends } from "../backends.js";

type M = metrics.StatefulMetric;
const result = (m: M) => m.result().dataSync()[0]!;
const near = (m: M, expected: number, what: string) => assert.ok(Math.abs(result(m) - expected) <= 1e-3, `${what}: ${result(m)} vs ${expected}`);
const updated = (m: M, yTrue: tf.TensorLike, yPred: tf.TensorLike, sampleWeight?: tf.TensorLike) => {
  m.updateState(tf.tensor(yTrue as number[]), tf.tensor(yPred as number[]), sampleWeight === undefined ? undefined : tf.tensor(sampleWeight as number[]));
  return m;
};

onBackends(() => {
  test("AccuracyTest (unweighted, weighted, rank 1, n-d and broadcast weights)", () => {
    const t = [[1], [2], [3], [4]];
    const p = [[0], [2], [3], [4]];
    near(updated(metrics.Accuracy(), t, p), 0.75, "unweighted");
    near(updated(metrics.Accuracy(), t, p, [1, 1, 0, 0]), 0.5, "weighted");
    near(updated(metrics.Accuracy(), [1, 2, 3, 4], [0, 2, 3, 4], [1, 1, 0, 0]), 0.5, "weighted rank 1");
    near(updated(metrics.Accuracy(), [[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0], [0, 1]]), 0.5, "n-d weights");
    near(updated(metrics.Accuracy(), [[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0]]), 0.5, "n-d broadcast weights");
  });

  test("BinaryAccuracyTest (unweighted, broadcasting, weighted, rank 1, n-d and broadcast weights, threshold)", () => {
    const t = [[1], [1], [0], [0]];
    const p = [[0.98], [1], [0], [0.6]];
    near(updated(metrics.BinaryAccuracy(), t, p), 0.75, "unweighted");
    near(updated(metrics.BinaryAccuracy(), [1, 1, 0, 0], p), 0.75, "broadcasting");
    near(updated(metrics.BinaryAccuracy(), t, p, [1, 0, 0, 1]), 0.5, "weighted");
    near(updated(metrics.BinaryAccuracy(), [1, 1, 0, 0], [0.98, 1, 0, 0.6], [1, 0, 0, 1]), 0.5, "weighted rank 1");
    near(updated(metrics.BinaryAccuracy(), [[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0], [0, 1]]), 0.5, "n-d weights");
    near(updated(metrics.BinaryAccuracy(), [[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0]]), 1.0, "n-d broadcast weights");
    const tt = [[1], [1], [0], [0]];
    const pp = [[0.98], [0.5], [0.1], [0.2]];
    near(updated(metrics.BinaryAccuracy({ threshold: 0.3 }), tt, pp), 1.0, "threshold 0.3");
    near(updated(metrics.BinaryAccuracy({ threshold: 0.9 }), tt, pp), 0.75, "threshold 0.9");
  });

  test("CategoricalAccuracyTest and SparseCategoricalAccuracyTest (unweighted, weighted, squeezed labels)", () => {
    const p = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]];
    near(updated(metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], p), 0.5, "categorical unweighted");
    near(updated(metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], p, [0.7, 0.3]), 0.3, "categorical weighted");
    const sp = [[0.1, 0.6, 0.3], [0.05, 0.95, 0]];
    near(updated(metrics.SparseCategoricalAccuracy(), [[2], [1]], sp), 0.5, "sparse unweighted");
    near(updated(metrics.SparseCategoricalAccuracy(), [[2], [1]], sp, [0.7, 0.3]), 0.3, "sparse weighted");
    near(updated(metrics.SparseCategoricalAccuracy(), [[0], [1], [2]], [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]]), 1, "squeeze y_true");
    near(updated(metrics.SparseCategoricalAccuracy(), [2, 1, 0], [[0, 0, 1], [0, 1, 0], [1, 0, 0]]), 1, "matching shapes without squeeze");
  });

  test("TopKCategoricalAccuracyTest and SparseTopKCategoricalAccuracyTest (k = 1)", () => {
    const p = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]];
    near(updated(metrics.TopKCategoricalAccuracy({ k: 1 }), [[0, 0, 1], [0, 1, 0]], p), 0.5, "top-k unweighted");
    near(updated(metrics.TopKCategoricalAccuracy({ k: 1 }), [[0, 0, 1], [0, 1, 0]], p, [0.7, 0.3]), 0.3, "top-k weighted");
    near(updated(metrics.SparseTopKCategoricalAccuracy({ k: 1 }), [2, 1], p), 0.5, "sparse top-k unweighted");
    near(updated(metrics.SparseTopKCategoricalAccuracy({ k: 1 }), [2, 1], p, [0.7, 0.3]), 0.3, "sparse top-k weighted");
    near(updated(metrics.TopKCategoricalAccuracy({ k: 2 }), [[0, 0, 1], [0, 1, 0]], p), 1, "k = 2 finds both");
  });

  test("MeanTest (unweighted, weighted, negative weights, n-d, n-d broadcast) and resetState", () => {
    const mean = metrics.Mean();
    mean.updateState([1, 3, 5, 7]);
    near(mean, 4, "unweighted");
    mean.resetState();
    near(mean, 0, "after resetState");
    const w = metrics.Mean();
    w.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    near(w, 2, "weighted");
    const neg = metrics.Mean();
    neg.updateState([1, 3, 5, 7], [-1, -1, 0, 0]);
    near(neg, 2, "negative weights");
    const nd = metrics.Mean();
    nd.updateState([[1, 3], [5, 7]], [[1, 1], [1, 0]]);
    near(nd, 3, "n-d");
    const ndb = metrics.Mean();
    ndb.updateState([[1, 3], [5, 7]], [[1, 0]]);
    near(ndb, 3, "n-d broadcast");
  });

  test("a metric object accumulates across updates; in compile its epoch value is its result()", async () => {
    const acc = metrics.BinaryAccuracy();
    updated(acc, [[1], [0]], [[0.9], [0.8]]);
    updated(acc, [[1], [1], [0]], [[0.7], [0.2], [0.1]]);
    near(acc, 3 / 5, "over both batches, weighted by their sizes");
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [1], activation: "sigmoid", kernelInitializer: "ones" })]);
    model.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: [metrics.BinaryAccuracy({ name: "acc_object" })] as never });
    const x = tf.tensor2d([[-2], [-1], [1], [2], [3]]);
    const y = tf.tensor2d([[0], [1], [1], [1], [0]]);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    assert.ok(Math.abs((history.history.acc_object![0] as number) - 0.6) < 1e-6, String(history.history.acc_object));
  });

  test("MeanSquaredError and MeanAbsoluteError metrics, weighted", () => {
    const t = [[0, 1], [0, 0]];
    const p = [[1, 1], [1, 0]];
    near(updated(metrics.MeanSquaredError(), t, p), 0.5, "mse");
    near(updated(metrics.MeanAbsoluteError(), t, p, [1, 0]), 0.5, "mae weighted");
  });
});
