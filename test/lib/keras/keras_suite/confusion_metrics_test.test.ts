/**
 * Port of Keras 3's keras/src/metrics/confusion_metrics_test.py, PrecisionTest and RecallTest
 * (unweighted, all incorrect, weighted, division by zero, lists of thresholds, weighted with
 * thresholds, multiple updates), on every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const t = (v: tf.TensorLike) => tf.tensor(v as number[]);
function close(actual: tf.Tensor, expected: number | number[], what: string): void {
  const got = Array.from(actual.dataSync());
  const want = typeof expected === "number" ? [expected] : expected;
  assert.deepEqual(actual.shape, typeof expected === "number" ? [] : [expected.length], `${what}: shape`);
  want.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) <= 1e-5, `${what}: ${got} vs ${want}`));
}

onBackends(() => {
  test("PrecisionTest: unweighted, all incorrect, weighted, division by zero", () => {
    close(metrics.Precision()(t([0, 1, 1, 0]), t([1, 0, 1, 0])), 0.5, "unweighted");
    const inputs = tf.randomUniformInt([100, 1], 0, 2, 9);
    close(metrics.Precision({ thresholds: [0.5] })(tf.sub(1, inputs), inputs), 0, "all incorrect");
    close(metrics.Precision()(t([[0, 1, 1, 0], [1, 0, 0, 1]]), t([[1, 0, 1, 0], [1, 0, 1, 0]]), t([[1, 2, 3, 4], [4, 3, 2, 1]])), (3 + 4) / (1 + 3 + (4 + 2)), "weighted");
    close(metrics.Precision()(t([0, 0, 0, 0]), t([0, 0, 0, 0])), 0, "division by zero");
  });

  test("PrecisionTest: lists of thresholds, weighted, and multiple updates", () => {
    close(metrics.Precision({ thresholds: [0.5, 0.7] })(t([0, 1, 1, 0]), t([1, 0, 0.6, 0])), [0.5, 0], "unweighted with threshold");
    const yTrue = t([[0, 1], [1, 0]]);
    const yPred = t([[1, 0], [0.6, 0]]);
    const weights = t([[4, 0], [3, 1]]);
    close(metrics.Precision({ thresholds: [0.5, 1.0] })(yTrue, yPred, weights), [3 / (3 + 4), 0], "weighted with threshold");
    const p = metrics.Precision({ thresholds: [0.5, 1.0] });
    for (let i = 0; i < 2; i++) p.updateState(yTrue, yPred, weights);
    close(p.result(), [6 / 14, 0], "multiple updates");
  });

  test("RecallTest: weighted, lists of thresholds, weighted with threshold", () => {
    close(metrics.Recall()(t([[0, 1, 1, 0], [1, 0, 0, 1]]), t([[1, 0, 1, 0], [0, 1, 0, 1]]), t([[1, 2, 3, 4], [4, 3, 2, 1]])), (3 + 1) / (2 + 3 + (4 + 1)), "weighted");
    close(metrics.Recall({ thresholds: [0.5, 0.7] })(t([0, 1, 1, 0]), t([1, 0, 0.6, 0])), [0.5, 0], "unweighted with threshold");
    close(metrics.Recall({ thresholds: [0.5, 1.0] })(t([[0, 1], [1, 0]]), t([[1, 0], [0.6, 0]]), t([[1, 4], [3, 2]])), [3 / (3 + 4), 0], "weighted with threshold");
  });
});

onCpuOnly(() => {
  test("compile refuses a metric with several thresholds, naming it (a log holds one number)", () => {
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [2], activation: "sigmoid" })]);
    assert.throws(() => model.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: [metrics.Precision({ thresholds: [0.3, 0.6] })] as never }), /metrics\[0\] \(precision\) has 2 thresholds/);
  });
});
