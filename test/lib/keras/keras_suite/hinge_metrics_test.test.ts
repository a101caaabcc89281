/**
 * Port of Keras 3's keras/src/metrics/hinge_metrics_test.py (Hinge, SquaredHinge,
 * CategoricalHinge: unweighted, weighted, config), with Keras's literal values, on every backend;
 * plus the three by name in compile.
 *
 * Skipped:
 * - the test_config cases' dtype ("int32"), variables and from_config: no dtype policies, metric
 *   variables or deserialization; names and getConfig are checked.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const near = (got: tf.Tensor, expected: number, what: string, atol: number) => {
  const g = got.dataSync()[0]!;
  assert.ok(Math.abs(g - expected) <= atol, `${what}: ${g} vs ${expected}`);
};
const hP = () => tf.tensor2d([[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]]);
const catT = () => tf.tensor2d([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]]);
const catP = () => tf.tensor2d([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]]);

onBackends(() => {
  test("HingeTest.test_unweighted", () => {
    const m = metrics.Hinge();
    m.updateState(tf.tensor2d([[0, 1, 0, 1], [0, 0, 1, 1]]), hP());
    near(m.result(), 0.506, "unweighted", 1e-3);
  });
  test("HingeTest.test_weighted", () => {
    near(metrics.Hinge()(tf.tensor2d([[-1, 1, -1, 1], [-1, -1, 1, 1]]), hP(), tf.tensor1d([1.5, 2.0])), 0.493, "weighted", 1e-3);
  });
  test("SquaredHingeTest.test_unweighted", () => {
    const m = metrics.SquaredHinge();
    m.updateState(tf.tensor2d([[0, 1, 0, 1], [0, 0, 1, 1]]), hP());
    near(m.result(), 0.364, "unweighted", 1e-3);
  });
  test("SquaredHingeTest.test_weighted", () => {
    near(metrics.SquaredHinge()(tf.tensor2d([[-1, 1, -1, 1], [-1, -1, 1, 1]]), hP(), tf.tensor1d([1.5, 2.0])), 0.347, "weighted", 1e-3);
  });
  test("CategoricalHingeTest.test_unweighted", () => {
    const m = metrics.CategoricalHinge();
    m.updateState(catT(), catP());
    near(m.result(), 0.5, "unweighted", 1e-5);
  });
  test("CategoricalHingeTest.test_weighted", () => {
    near(metrics.CategoricalHinge()(catT(), catP(), tf.tensor1d([1.0, 1.5, 2.0, 2.5])), 0.5, "weighted", 1e-5);
  });

  test("hinge metrics by Keras name in compile log Keras's epoch value", async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [0.5, -1], [2, 2]]);
    const y = tf.tensor2d([[0, 1], [1, 0], [0, 1], [1, 0]]);
    const names = ["hinge", "squared_hinge", "categorical_hinge"];
    const model = keras.Sequential([keras.layers.Dense(2, { inputShape: [2], kernelInitializer: "ones" })]);
    model.compile({ optimizer: "sgd", loss: "categorical_hinge", metrics: names as never });
    const evaluated = model.evaluate(x, y, { batchSize: 3 }) as tf.Scalar[];
    const predicted = model.predict(x) as tf.Tensor;
    const direct = [metrics.Hinge(), metrics.SquaredHinge(), metrics.CategoricalHinge()].map((m) => m(y, predicted));
    names.forEach((name, i) => near(evaluated[i + 1]!, direct[i]!.dataSync()[0]!, `${name}: evaluate over batches of 3 vs one update`, 1e-4));
    const history = await model.fit(x, y, { epochs: 1, batchSize: 3, verbose: 0 });
    for (const name of names) assert.ok(Number.isFinite(history.history[name]![0] as number), `${name} logged`);
  });
});

onCpuOnly(() => {
  test("HingeTest.test_config / SquaredHingeTest.test_config / CategoricalHingeTest.test_config", () => {
    const config = (m: metrics.StatefulMetric) => (m as unknown as { getConfig(): unknown }).getConfig();
    assert.equal(metrics.Hinge({ name: "hinge" }).kerasName, "hinge");
    assert.deepEqual(config(metrics.Hinge({ name: "hinge" }).clone()), { name: "hinge" });
    assert.equal(metrics.SquaredHinge({ name: "squared_hinge" }).kerasName, "squared_hinge");
    assert.deepEqual(config(metrics.CategoricalHinge({ name: "cat_hinge" }).clone()), { name: "cat_hinge" });
    assert.equal(metrics.CategoricalHinge().kerasName, "categorical_hinge");
    assert.throws(() => metrics.Hinge({ nmae: "x" } as never), /Hinge: unknown argument `nmae`; accepted: name/);
  });
});
