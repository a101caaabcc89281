/**
 * Port of Keras 3's keras/src/metrics/confusion_metrics_test.py AUCTest (the single-label cases:
 * all correct, unweighted, from logits, manual thresholds, weighted ROC and PR with every
 * summation method, negative weights), on every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const numThresholds = 3;
const yPred = () => tf.tensor1d([0, 0.5, 0.3, 0.9]);
const yTrue = () => tf.tensor1d([0, 0, 1, 1]);
const sampleWeight = () => tf.tensor1d([1, 2, 3, 4]);
const value = (t: tf.Tensor) => t.dataSync()[0]!;
const near = (got: tf.Tensor, expected: number, what: string) => assert.ok(Math.abs(value(got) - expected) <= 1e-3, `${what}: ${value(got)} vs ${expected}`);

onBackends(() => {
  test("AUCTest.test_unweighted_all_correct / test_unweighted / test_unweighted_from_logits / test_manual_thresholds", () => {
    assert.equal(value(metrics.AUC()(yTrue(), yTrue())), 1);
    near(metrics.AUC({ numThresholds })(yTrue(), yPred()), 0.75, "unweighted");
    const logits = tf.neg(tf.log(tf.sub(tf.div(1, tf.add(yPred(), 1e-12)), 1)));
    near(metrics.AUC({ numThresholds, fromLogits: true })(yTrue(), logits), 0.75, "from logits");
    const manual = metrics.AUC({ numThresholds: 2, thresholds: [0.5] });
    manual.thresholds.forEach((t, i) => assert.ok(Math.abs(t - [0, 0.5, 1][i]!) < 1e-6));
    near(manual(yTrue(), yPred()), 0.75, "manual thresholds");
  });

  test("AUCTest weighted ROC: interpolation, majoring, minoring", () => {
    near(metrics.AUC({ numThresholds })(yTrue(), yPred(), sampleWeight()), 0.7855, "interpolation");
    near(metrics.AUC({ numThresholds, summationMethod: "majoring" })(yTrue(), yPred(), sampleWeight()), 1, "majoring");
    near(metrics.AUC({ numThresholds, summationMethod: "minoring" })(yTrue(), yPred(), sampleWeight()), 0.571, "minoring");
  });

  test("AUCTest weighted PR: majoring, minoring, interpolation, negative weights", () => {
    near(metrics.AUC({ numThresholds, curve: "PR", summationMethod: "majoring" })(yTrue(), yPred(), sampleWeight()), 1 * 0.429 + 1 * 0.571, "majoring");
    near(metrics.AUC({ numThresholds, curve: "PR", summationMethod: "minoring" })(yTrue(), yPred(), sampleWeight()), 0.7 * 0.429, "minoring");
    near(metrics.AUC({ numThresholds, curve: "PR" })(yTrue(), yPred(), sampleWeight()), 2.416 / 7 + 4 / 7, "interpolation");
    near(metrics.AUC({ numThresholds, curve: "PR" })(yTrue(), yPred(), tf.tensor1d([-1, -2, -3, -4])), 0, "negative weights");
  });

  test("AUC accumulates over updates and resets; in compile its epoch value is its result()", async () => {
    const auc = metrics.AUC({ numThresholds });
    auc.updateState(yTrue().slice(0, 2), yPred().slice(0, 2));
    auc.updateState(yTrue().slice(2, 2), yPred().slice(2, 2));
    near(auc.result(), 0.75, "two batches give the one-batch value");
    auc.resetState();
    near(auc.result(), 0, "reset");
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [1], activation: "sigmoid", kernelInitializer: "ones", biasInitializer: "zeros" })]);
    model.compile({ optimizer: keras.optimizers.SGD({ learningRate: 1e-9 }), loss: "binary_crossentropy", metrics: [metrics.AUC({ name: "auc" })] as never });
    const x = tf.tensor2d([[-2], [-1], [0.5], [1], [3]]);
    const y = tf.tensor2d([[0], [1], [0], [1], [1]]);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    const expected = value(metrics.AUC()(y, model.predict(x) as tf.Tensor));
    assert.ok(Math.abs((history.history.auc![0] as number) - expected) < 1e-4, `${history.history.auc} vs ${expected}`);
  });
});

onCpuOnly(() => {
  test("what AUC does not take yet is refused by name", () => {
    assert.throws(() => metrics.AUC({ multiLabel: true }), /multi-label AUC is not supported yet/);
    assert.throws(() => metrics.AUC({ curve: "PRGAIN" as never }), /curve/);
    assert.throws(() => metrics.AUC({ numThresholds: 1 }), /numThresholds/);
  });
});
