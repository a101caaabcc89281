/**
 * Port of Keras 3's keras/src/metrics/probabilistic_metrics_test.py (KLDivergence, Poisson,
 * BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy: unweighted,
 * weighted, from_logits, label_smoothing, ignore_class, config), with Keras's literal values (where
 * Keras's test computes its expectation with numpy, that expectation evaluated), on every backend;
 * plus the metrics by name in compile.
 *
 * Skipped:
 * - the test_config cases' dtype ("int32") and run_class_serialization_test / from_config: no
 *   dtype policies or metric deserialization; names and getConfig are checked.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const near = (got: tf.Tensor, expected: number, what: string, atol = 1e-3) => {
  const g = got.dataSync()[0]!;
  assert.ok(Math.abs(g - expected) <= atol, `${what}: ${g} vs ${expected}`);
};
const config = (m: metrics.StatefulMetric) => (m as unknown as { getConfig(): Record<string, unknown> }).getConfig();

onBackends(() => {
  const kP = () => tf.tensor2d([0.4, 0.9, 0.12, 0.36, 0.3, 0.4], [2, 3]);
  const kT = () => tf.tensor2d([0.5, 0.8, 0.12, 0.7, 0.43, 0.8], [2, 3]);
  const w21 = () => tf.tensor2d([[1.2], [3.4]]);
  // KLDivergenceTest's numpy reference: y·log(y / p).
  test("KLDivergenceTest.test_unweighted", () => {
    const m = metrics.KLDivergence();
    m.updateState(kT(), kP());
    near(m.result(), 0.59607387, "unweighted");
  });
  test("KLDivergenceTest.test_weighted", () => {
    near(metrics.KLDivergence()(kT(), kP(), w21()), 0.87285701, "weighted");
  });

  const pP = () => tf.tensor2d([1, 9, 2, 5, 2, 6], [2, 3]);
  const pT = () => tf.tensor2d([4, 8, 12, 8, 1, 3], [2, 3]);
  // PoissonTest's numpy reference: p − y·log(p).
  test("PoissonTest.test_unweighted", () => {
    const m = metrics.Poisson();
    m.updateState(pT(), pP());
    near(m.result(), -3.3065822, "unweighted");
  });
  test("PoissonTest.test_weighted", () => {
    near(metrics.Poisson()(pT(), pP(), w21()), -2.67275616, "weighted");
  });

  const bT = () => tf.tensor2d([1, 0, 1, 0], [2, 2]);
  const bP = () => tf.tensor2d([1, 1, 1, 0], [2, 2]);
  const lT = () => tf.tensor2d([[1, 0, 1], [0, 1, 1]]);
  const logits = () => tf.tensor2d([[10, -10, 10], [10, 10, -10]]);
  test("BinaryCrossentropyTest.test_unweighted", () => {
    near(metrics.BinaryCrossentropy()(bT(), bP()), 3.9855, "unweighted");
  });
  test("BinaryCrossentropyTest.test_unweighted_with_logits", () => {
    near(metrics.BinaryCrossentropy({ fromLogits: true })(lT(), logits()), 3.333, "logits");
  });
  test("BinaryCrossentropyTest.test_weighted", () => {
    near(metrics.BinaryCrossentropy()(bT(), bP(), tf.tensor1d([1.5, 2.0])), 3.4162, "weighted");
  });
  test("BinaryCrossentropyTest.test_weighted_from_logits", () => {
    near(metrics.BinaryCrossentropy({ fromLogits: true })(lT(), logits(), tf.tensor1d([2.0, 2.5])), 3.7037, "weighted, logits");
  });
  test("BinaryCrossentropyTest.test_label_smoothing", () => {
    const m = metrics.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    near(m(tf.tensor1d([1, 0, 1]), tf.tensor1d([10, -10, -10])), (10 + 5 * 0.1) / 3, "label smoothing");
  });

  const cT = () => tf.tensor2d([[0, 1, 0], [0, 0, 1]]);
  const cP = () => tf.tensor2d([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
  const cLogits = () => tf.tensor2d([[1, 9, 0], [1, 8, 1]]);
  test("CategoricalCrossentropyTest.test_unweighted", () => {
    near(metrics.CategoricalCrossentropy()(cT(), cP()), 1.176, "unweighted");
  });
  test("CategoricalCrossentropyTest.test_unweighted_from_logits", () => {
    near(metrics.CategoricalCrossentropy({ fromLogits: true })(cT(), cLogits()), 3.5011, "logits");
  });
  test("CategoricalCrossentropyTest.test_weighted", () => {
    near(metrics.CategoricalCrossentropy()(cT(), cP(), tf.tensor1d([1.5, 2.0])), 1.338, "weighted");
  });
  test("CategoricalCrossentropyTest.test_weighted_from_logits", () => {
    near(metrics.CategoricalCrossentropy({ fromLogits: true })(cT(), cLogits(), tf.tensor1d([1.5, 2.0])), 4.0012, "weighted, logits");
  });
  test("CategoricalCrossentropyTest.test_label_smoothing", () => {
    near(metrics.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 })(cT(), cLogits()), 3.667, "label smoothing");
  });

  const sT = () => tf.tensor1d([1, 2]);
  test("SparseCategoricalCrossentropyTest.test_unweighted", () => {
    near(metrics.SparseCategoricalCrossentropy()(sT(), cP()), 1.176, "unweighted");
  });
  test("SparseCategoricalCrossentropyTest.test_unweighted_from_logits", () => {
    near(metrics.SparseCategoricalCrossentropy({ fromLogits: true })(sT(), cLogits()), 3.5011, "logits");
  });
  test("SparseCategoricalCrossentropyTest.test_weighted", () => {
    near(metrics.SparseCategoricalCrossentropy()(sT(), cP(), tf.tensor1d([1.5, 2.0])), 1.338, "weighted");
  });
  test("SparseCategoricalCrossentropyTest.test_weighted_from_logits", () => {
    near(metrics.SparseCategoricalCrossentropy({ fromLogits: true })(sT(), cLogits(), tf.tensor1d([1.5, 2.0])), 4.0012, "weighted, logits");
  });
  const iT = () => tf.tensor1d([0, 1, 2]);
  const iP = () => tf.tensor2d([[0.8, 0.1, 0.1], [0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
  test("SparseCategoricalCrossentropyTest.test_ignore_class", () => {
    near(metrics.SparseCategoricalCrossentropy({ ignoreClass: 0 })(iT(), iP()), 0.78462, "ignore class 0");
  });
  test("SparseCategoricalCrossentropyTest.test_ignore_class_weighted", () => {
    near(metrics.SparseCategoricalCrossentropy({ ignoreClass: 0 })(iT(), iP(), tf.tensor1d([0.5, 1.5, 2.0])), 1.33774646, "ignore class 0, weighted");
  });
  test("SparseCategoricalCrossentropyTest.test_ignore_class_from_logits", () => {
    const m = metrics.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0 });
    near(m(iT(), tf.tensor2d([[10, 1, 1], [1, 9, 0], [1, 8, 1]])), 2.33409, "ignore class 0, logits");
  });

  test("probabilistic metrics by Keras name in compile log Keras's epoch value", async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [0.5, -1], [2, 2]]);
    const y = tf.tensor2d([[0, 1], [1, 0], [0, 1], [1, 0]]);
    const names = ["kl_divergence", "kld", "poisson", "binary_crossentropy", "categorical_crossentropy"];
    const model = keras.Sequential([keras.layers.Dense(2, { inputShape: [2], kernelInitializer: "ones", activation: "softmax" })]);
    model.compile({ optimizer: "sgd", loss: "categorical_crossentropy", metrics: names as never });
    const evaluated = model.evaluate(x, y, { batchSize: 3 }) as tf.Scalar[];
    const predicted = model.predict(x) as tf.Tensor;
    const direct = [metrics.KLDivergence(), metrics.KLDivergence(), metrics.Poisson(), metrics.BinaryCrossentropy(), metrics.CategoricalCrossentropy()].map((m) => m(y, predicted));
    names.forEach((name, i) => near(evaluated[i + 1]!, direct[i]!.dataSync()[0]!, `${name}: evaluate over batches of 3 vs one update`, 1e-4));
    const history = await model.fit(x, y, { epochs: 1, batchSize: 3, verbose: 0 });
    for (const name of names) assert.ok(Number.isFinite(history.history[name]![0] as number), `${name} logged`);

    const sparse = keras.Sequential([keras.layers.Dense(3, { inputShape: [2], activation: "softmax" })]);
    sparse.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["sparse_categorical_crossentropy"] as never });
    const labels = tf.tensor1d([0, 2, 1, 1]);
    const [, value] = sparse.evaluate(x, labels, { batchSize: 3 }) as tf.Scalar[];
    near(value!, metrics.SparseCategoricalCrossentropy()(labels, sparse.predict(x) as tf.Tensor).dataSync()[0]!, "sparse_categorical_crossentropy", 1e-4);
  });
});

onCpuOnly(() => {
  test("KLDivergenceTest.test_config / PoissonTest.test_config", () => {
    assert.equal(metrics.KLDivergence({ name: "kld" }).kerasName, "kld");
    assert.deepEqual(config(metrics.KLDivergence({ name: "kld" }).clone()), { name: "kld" });
    assert.deepEqual(config(metrics.Poisson({ name: "poisson" })), { name: "poisson" });
  });
  test("BinaryCrossentropyTest.test_config / CategoricalCrossentropyTest.test_config / SparseCategoricalCrossentropyTest.test_config", () => {
    assert.deepEqual(config(metrics.BinaryCrossentropy({ name: "bce", labelSmoothing: 0.2 })), { name: "bce", fromLogits: false, labelSmoothing: 0.2 });
    assert.deepEqual(config(metrics.CategoricalCrossentropy({ name: "cce", labelSmoothing: 0.2 })), { name: "cce", fromLogits: false, labelSmoothing: 0.2, axis: -1 });
    assert.deepEqual(config(metrics.SparseCategoricalCrossentropy({ name: "scce" })), { name: "scce", fromLogits: false, ignoreClass: null, axis: -1 });
    assert.equal(metrics.SparseCategoricalCrossentropy().kerasName, "sparse_categorical_crossentropy");
    assert.throws(() => metrics.BinaryCrossentropy({ labelSmoothing: 1.5 }), /BinaryCrossentropy: `labelSmoothing` must be a number ≥ 0 and ≤ 1/);
    assert.throws(() => metrics.SparseCategoricalCrossentropy({ ignoreClass: 0.5 }), /SparseCategoricalCrossentropy: `ignoreClass` must be an integer/);
  });
});
