/**
 * Port of Keras 3's keras/src/losses/losses_test.py, every loss class it tests (MeanSquaredError,
 * MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Hinge,
 * SquaredHinge, CategoricalHinge, CosineSimilarity, Huber, LogCosh, KLDivergence, Poisson,
 * BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
 * CategoricalFocalCrossentropy, SparseCategoricalCrossentropy, CTC, Dice, Tversky, Circle,
 * CategoricalGeneralizedCrossEntropy), with Keras's literal expected values (where Keras's test
 * computes its expectation with numpy, that expectation evaluated), on every backend: the classes'
 * unweighted, scalar/sample/timestep/zero-weighted, reduction, from_logits, label_smoothing, axis
 * and ignore_class cases. SparseCategoricalCrossentropy's *_different_axis cases are Keras's torch
 * branch (its TF and jax backends refuse a class axis other than the last; ours takes any).
 *
 * Skipped:
 * - every test_dtype_arg: no dtype policies (losses compute in float32; tfjs has no float64 or bfloat16).
 * - test_config's run_class_serialization_test: no Keras serialization of loss objects (the
 *   configs themselves are checked).
 * - CategoricalCrossentropyTest.test_warning_for_invalid_shape,
 *   CategoricalFocalCrossentropyTest.test_warning_for_invalid_shape: Keras's Python SyntaxWarning
 *   for a class axis of size 1; we issue no warnings.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as losses from "../../../../lib/keras/losses/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0]!;

onBackends(() => {
  test("CategoricalCrossentropyTest.test_label_smoothing_with_axis (classes on axis 1)", () => {
    const yTrue = tf.tensor3d([[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]]);
    const yPred = tf.tensor3d([[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]], [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]]);
    const smoothing = 0.1;
    const loss = losses.CategoricalCrossentropy({ labelSmoothing: smoothing, axis: 1, reduction: "none" })(yTrue, yPred);
    assert.deepEqual(loss.shape, [2, 2]);
    const smoothed = tf.add(tf.mul(yTrue, 1 - smoothing), smoothing / 3);
    const expected = mean(tf.neg(tf.sum(tf.mul(smoothed, tf.log(yPred)), 1)));
    assert.ok(Math.abs(mean(loss) - expected) < 1e-5, `${mean(loss)} vs ${expected}`);
  });

  test("CategoricalCrossentropy from logits along axis 1 equals the last-axis loss on the transposed tensors", () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 2, "float32", 5);
    const labels = tf.oneHot(tf.tensor2d([[0, 2, 1, 1], [2, 2, 0, 1]], undefined, "int32"), 3).transpose([0, 2, 1]);
    const alongAxis1 = losses.CategoricalCrossentropy({ fromLogits: true, axis: 1, reduction: "none" })(labels, logits);
    const alongLast = losses.CategoricalCrossentropy({ fromLogits: true, reduction: "none" })(labels.transpose([0, 2, 1]), logits.transpose([0, 2, 1]));
    assert.ok(tf.max(tf.abs(tf.sub(alongAxis1, alongLast))).dataSync()[0]! < 1e-5);
  });

  test("SparseCategoricalCrossentropy axis: classes on axis 1 give the same loss as moved last", () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 2, "float32", 6);
    const labels = tf.tensor2d([[0, 2, 1, 1], [2, 2, 0, 1]], undefined, "int32");
    const alongAxis1 = losses.SparseCategoricalCrossentropy({ fromLogits: true, axis: 1, reduction: "none" })(labels, logits);
    const alongLast = losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" })(labels, logits.transpose([0, 2, 1]));
    assert.deepEqual(alongAxis1.shape, [2, 4]);
    assert.ok(tf.max(tf.abs(tf.sub(alongAxis1, alongLast))).dataSync()[0]! < 1e-5);
  });

  test("BinaryCrossentropy axis: the mean runs over the given axis", () => {
    const yTrue = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
    const yPred = tf.tensor2d([[0.9, 0.2, 0.7], [0.1, 0.4, 0.6]]);
    const byColumn = losses.BinaryCrossentropy({ axis: 0, reduction: "none" })(yTrue, yPred);
    assert.deepEqual(byColumn.shape, [3]);
    const byRow = losses.BinaryCrossentropy({ reduction: "none" })(yTrue.transpose(), yPred.transpose());
    assert.ok(tf.max(tf.abs(tf.sub(byColumn, byRow))).dataSync()[0]! < 1e-6);
  });
});

onBackends(() => {
  const yTrue = () => tf.tensor2d([[1, 9, 2], [-5, -2, 6]]);
  const yPred = () => tf.tensor2d([[4, 8, 12], [8, 1, 3]]);
  const value = (t: tf.Tensor) => Array.from(t.dataSync());
  const near = (got: number[], expected: number[], what: string) =>
    expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) <= 1e-4 * (1 + Math.abs(e)), `${what}: ${got} vs ${expected}`));

  test("MeanSquaredErrorTest.test_base_function_reduction: keras.losses.get gives per-sample values", () => {
    const fn = losses.get("mean_squared_error") as (t: tf.Tensor, p: tf.Tensor) => tf.Tensor;
    assert.deepEqual(fn(tf.tensor1d([4, 8, 12]), tf.tensor2d([[3], [0], [1]])).shape, [3]);
  });
  test("MeanSquaredErrorTest.test_all_correct_unweighted / test_unweighted / test_scalar_weighted / test_sample_weighted / test_zero_weighted", () => {
    const mse = losses.MeanSquaredError();
    near(value(mse(yTrue(), yTrue())), [0], "all correct");
    near(value(mse(yTrue(), yPred())), [49.5], "unweighted");
    near(value(mse(yTrue(), yPred(), 2.3)), [113.85], "scalar weighted");
    near(value(mse(yTrue(), yPred(), tf.tensor2d([[1.2], [3.4]]))), [767.8 / 6], "sample weighted");
    near(value(mse(yTrue(), yPred(), 0)), [0], "zero weighted");
  });
  test("MeanSquaredErrorTest.test_timestep_weighted", () => {
    const t = tf.tensor3d([1, 9, 2, -5, -2, 6], [2, 3, 1]);
    const p = tf.tensor3d([4, 8, 12, 8, 1, 3], [2, 3, 1]);
    near(value(losses.MeanSquaredError()(t, p, tf.tensor2d([3, 6, 5, 0, 4, 2], [2, 3]))), [97.833336], "timestep weighted");
  });
  test("MeanSquaredErrorTest.test_no_reduction / test_sum_reduction / test_mean_with_sample_weight_reduction", () => {
    near(value(losses.MeanSquaredError({ reduction: null })(yTrue(), yPred(), 2.3)), [84.3333, 143.3666], "none");
    near(value(losses.MeanSquaredError({ reduction: "none" })(yTrue(), yPred(), 2.3)), [84.3333, 143.3666], "none");
    near(value(losses.MeanSquaredError({ reduction: "sum" })(yTrue(), yPred(), 2.3)), [227.69998], "sum");
    near(value(losses.MeanSquaredError({ reduction: "mean_with_sample_weight" })(yTrue(), yPred(), tf.tensor2d([[1.2], [3.4]]))), [((110 / 3) * 1.2 + (187 / 3) * 3.4) / (1.2 + 3.4)], "mean_with_sample_weight");
  });
  test("MeanSquaredErrorTest.test_config: name and reduction in the config", () => {
    assert.deepEqual(losses.MeanSquaredError({ name: "mymse" }).getConfig(), { name: "mymse", reduction: "sum_over_batch_size" });
    assert.throws(() => losses.MeanSquaredError({ reduction: "avg" as never }), /reduction` must be one of sum_over_batch_size, sum, mean, mean_with_sample_weight, none/);
  });
  test("compile takes a loss object and trains on its per-sample values (tfjs reduces them)", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: "ones", useBias: false })] });
    model.compile({ optimizer: "sgd", loss: losses.MeanSquaredError() as never });
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.tensor2d([[0], [1]]);
    const evaluated = (model.evaluate(x, y) as tf.Scalar).dataSync()[0]!;
    near([evaluated], value(losses.MeanSquaredError()(y, model.predict(x) as tf.Tensor)), "evaluate equals the loss object's reduced value");
  });
});

onBackends(() => {
  const t2 = (v: number[][]) => tf.tensor2d(v);
  const value = (t: tf.Tensor) => Array.from(t.dataSync());
  const near = (got: tf.Tensor, expected: number[], what: string, tol = 1e-3) => {
    const g = value(got);
    assert.equal(g.length, expected.length, `${what}: ${g} vs ${expected}`);
    expected.forEach((e, i) => assert.ok(Math.abs(g[i]! - e) <= tol * (1 + Math.abs(e)), `${what}: ${g} vs ${expected}`));
  };
  const yTrue = () => t2([[1, 9, 2], [-5, -2, 6]]);
  const yPred = () => t2([[4, 8, 12], [8, 1, 3]]);

  test("MeanAbsoluteErrorTest.test_all_correct_unweighted / test_unweighted / test_scalar_weighted / test_sample_weighted / test_zero_weighted", () => {
    const mae = losses.MeanAbsoluteError();
    near(mae(t2([[4, 8, 12], [8, 1, 3]]), t2([[4, 8, 12], [8, 1, 3]])), [0], "all correct");
    near(mae(yTrue(), yPred()), [5.5], "unweighted");
    near(mae(yTrue(), yPred(), 2.3), [12.65], "scalar weighted");
    near(mae(yTrue(), yPred(), t2([[1.2], [3.4]])), [81.4 / 6], "sample weighted");
    near(mae(yTrue(), yPred(), 0), [0], "zero weighted");
  });
  test("MeanAbsoluteErrorTest.test_timestep_weighted", () => {
    const t = tf.tensor3d([1, 9, 2, -5, -2, 6], [2, 3, 1]);
    const p = tf.tensor3d([4, 8, 12, 8, 1, 3], [2, 3, 1]);
    near(losses.MeanAbsoluteError()(t, p, tf.tensor2d([3, 6, 5, 0, 4, 2], [2, 3])), [13.833333], "timestep weighted");
  });
  test("MeanAbsoluteErrorTest.test_no_reduction / test_sum_reduction / test_mean_with_sample_weight_reduction", () => {
    near(losses.MeanAbsoluteError({ reduction: null })(yTrue(), yPred(), 2.3), [10.7333, 14.5666], "none");
    near(losses.MeanAbsoluteError({ reduction: "sum" })(yTrue(), yPred(), 2.3), [25.29999], "sum");
    near(losses.MeanAbsoluteError({ reduction: "mean_with_sample_weight" })(yTrue(), yPred(), t2([[1.2], [3.4]])), [((14 / 3) * 1.2 + (19 / 3) * 3.4) / (1.2 + 3.4)], "mean_with_sample_weight");
  });

  // HuberLossTest's reference: np huber_loss over y_true [[1,0,1],[1,0,0]], y_pred [[0.9,0.2,0.2],[0.8,0.4,0.6]].
  const hTrue = [1, 0, 1, 1, 0, 0];
  const hPred = [0.9, 0.2, 0.2, 0.8, 0.4, 0.6];
  const huberRef = (delta = 1) => hTrue.map((t, i) => {
    const a = Math.abs(hPred[i]! - t);
    const q = Math.min(a, delta);
    return 0.5 * q * q + delta * (a - q);
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const hT = () => tf.tensor2d(hTrue, [2, 3]);
  const hP = () => tf.tensor2d(hPred, [2, 3]);
  test("HuberLossTest.test_all_correct / test_unweighted / test_scalar_weighted / test_sample_weighted / test_zero_weighted", () => {
    const h = losses.Huber();
    near(h(hT(), hT()), [0], "all correct");
    near(h(hT(), hP()), [sum(huberRef()) / 6], "unweighted");
    near(h(hT(), hP(), 2.3), [(2.3 * sum(huberRef())) / 6], "scalar weighted");
    near(h(hT(), hP(), 2.3), [(2.3 * sum(huberRef())) / 6], "scalar weighted, same again");
    const w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
    near(h(hT(), hP(), t2([[1.2], [3.4]])), [sum(huberRef().map((l, i) => l * w[i]!)) / 6], "sample weighted");
    near(h(hT(), hP(), 0), [0], "zero weighted");
  });
  test("HuberLossTest.test_timestep_weighted", () => {
    const w = [3, 6, 5, 0, 4, 2];
    const loss = losses.Huber()(tf.tensor3d(hTrue, [2, 3, 1]), tf.tensor3d(hPred, [2, 3, 1]), tf.tensor3d(w, [2, 3, 1]));
    near(loss, [sum(huberRef().map((l, i) => l * w[i]!)) / 6], "timestep weighted");
  });
  test("HuberLossTest.test_non_default_delta", () => {
    near(losses.Huber({ delta: 0.8 })(hT(), hP(), 2.3), [(2.3 * sum(huberRef(0.8))) / 6], "delta 0.8");
  });

  const eye = () => t2([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  const bT = () => tf.tensor2d([1, 0, 1, 0], [2, 2]);
  const bP = () => tf.tensor2d([1, 1, 1, 0], [2, 2]);
  const lT = () => t2([[1, 0, 1], [0, 1, 1]]);
  const logits = () => t2([[10, -10, 10], [10, 10, -10]]);
  test("BinaryCrossentropyTest.test_all_correct_unweighted (probabilities and logits)", () => {
    near(losses.BinaryCrossentropy()(eye(), eye()), [0], "probabilities");
    near(losses.BinaryCrossentropy({ fromLogits: true })(eye(), t2([[10, -10, -10], [-10, 10, -10], [-10, -10, 10]])), [0], "logits");
  });
  test("BinaryCrossentropyTest.test_unweighted (probabilities, clipped probabilities, logits)", () => {
    near(losses.BinaryCrossentropy()(eye(), t2([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]])), [0.20046903], "probabilities");
    near(losses.BinaryCrossentropy()(bT(), bP()), [3.98559], "clipped at epsilon");
    near(losses.BinaryCrossentropy({ fromLogits: true })(lT(), logits()), [3.3333], "logits");
  });
  test("BinaryCrossentropyTest.test_scalar_weighted / test_sample_weighted", () => {
    near(losses.BinaryCrossentropy()(bT(), bP(), 2.3), [9.1668], "scalar weighted");
    near(losses.BinaryCrossentropy({ fromLogits: true })(lT(), logits(), 2.3), [7.666], "scalar weighted, logits");
    near(losses.BinaryCrossentropy()(bT(), bP(), tf.tensor2d([1.2, 3.4], [2, 1])), [4.7827], "sample weighted");
    near(losses.BinaryCrossentropy({ fromLogits: true })(lT(), logits(), tf.tensor1d([4, 3])), [10.0], "sample weighted, logits");
  });
  test("BinaryCrossentropyTest.test_no_reduction / test_label_smoothing", () => {
    near(losses.BinaryCrossentropy({ fromLogits: true, reduction: null })(lT(), logits()), [0.0, 6.666], "none");
    const smoothing = 0.1;
    near(losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: smoothing })(t2([[1, 0, 1]]), t2([[10, -10, -10]])), [(10 + 5 * smoothing) / 3], "label smoothing");
  });

  const cP = () => t2([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]);
  const cLogits = () => t2([[8, 1, 1], [0, 9, 1], [2, 3, 5]]);
  const cW = () => t2([[1.2], [3.4], [5.6]]);
  test("CategoricalCrossentropyTest.test_all_correct_unweighted (probabilities and logits)", () => {
    near(losses.CategoricalCrossentropy()(eye(), eye()), [0], "probabilities");
    near(losses.CategoricalCrossentropy({ fromLogits: true })(eye(), t2([[10, 0, 0], [0, 10, 0], [0, 0, 10]])), [0], "logits");
  });
  test("CategoricalCrossentropyTest.test_unweighted / test_scalar_weighted / test_sample_weighted", () => {
    near(losses.CategoricalCrossentropy()(eye(), cP()), [0.3239], "unweighted");
    near(losses.CategoricalCrossentropy({ fromLogits: true })(eye(), cLogits()), [0.0573], "unweighted, logits");
    near(losses.CategoricalCrossentropy()(eye(), cP(), 2.3), [0.7449], "scalar weighted");
    near(losses.CategoricalCrossentropy({ fromLogits: true })(eye(), cLogits(), 2.3), [0.1317], "scalar weighted, logits");
    near(losses.CategoricalCrossentropy()(eye(), cP(), cW()), [1.0696], "sample weighted");
    near(losses.CategoricalCrossentropy({ fromLogits: true })(eye(), cLogits(), cW()), [0.31829], "sample weighted, logits");
  });
  test("CategoricalCrossentropyTest.test_no_reduction / test_label_smoothing / test_label_smoothing_ndarray", () => {
    near(losses.CategoricalCrossentropy({ fromLogits: true, reduction: null })(eye(), cLogits()), [0.001822, 0.000459, 0.169846], "none");
    const smoothing = 0.1;
    near(losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: smoothing })(t2([[1, 0, 0]]), t2([[100, -100, -100]])), [(400 * smoothing) / 3], "label smoothing");
  });

  const sLabels = () => tf.tensor2d([[0], [1], [2]], undefined, "int32");
  test("SparseCategoricalCrossentropyTest.test_all_correct_unweighted (probabilities and logits)", () => {
    near(losses.SparseCategoricalCrossentropy()(sLabels(), eye()), [0], "probabilities");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true })(sLabels(), t2([[10, 0, 0], [0, 10, 0], [0, 0, 10]])), [0], "logits");
  });
  test("SparseCategoricalCrossentropyTest.test_unweighted / test_scalar_weighted / test_sample_weighted", () => {
    const flat = () => tf.tensor1d([0, 1, 2], "int32");
    near(losses.SparseCategoricalCrossentropy()(flat(), cP()), [0.3239], "unweighted");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true })(flat(), cLogits()), [0.0573], "unweighted, logits");
    near(losses.SparseCategoricalCrossentropy()(sLabels(), cP(), 2.3), [0.7449], "scalar weighted");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true })(sLabels(), cLogits(), 2.3), [0.1317], "scalar weighted, logits");
    near(losses.SparseCategoricalCrossentropy()(sLabels(), cP(), cW()), [1.0696], "sample weighted");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true })(sLabels(), cLogits(), cW()), [0.31829], "sample weighted, logits");
  });
  test("SparseCategoricalCrossentropyTest.test_no_reduction / test_ignore_class", () => {
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: null })(sLabels(), cLogits()), [0.001822, 0.000459, 0.169846], "none");
    const l = () => tf.tensor3d([[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]]);
    const ignoring = losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: null });
    const flat = ignoring(tf.tensor2d([[-1, 2]], undefined, "int32"), l());
    assert.deepEqual(flat.shape, [1, 2]);
    near(flat, [0, 1.480129], "ignore_class, labels [1, 2]");
    const withAxis = ignoring(tf.tensor3d([[[-1], [2]]], undefined, "int32"), l());
    assert.deepEqual(withAxis.shape, [1, 2]);
    near(withAxis, [0, 1.480129], "ignore_class, labels [1, 2, 1]");
  });
  test("SparseCategoricalCrossentropyTest.test_ignore_class, reduced: the ignored targets are masked out of the mean, as Keras's mask", () => {
    const l = () => tf.tensor3d([[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]]);
    const y = () => tf.tensor2d([[-1, 2]], undefined, "int32");
    // One target kept: the mean is its loss (sum over the 2 entries, each kept one weighing 2/1).
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 })(y(), l()), [1.480129], "sum_over_batch_size");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: "sum" })(y(), l()), [1.480129], "sum");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 })(y(), l(), tf.tensor2d([[0.5, 2]])), [2 * 1.480129], "sample weighted");
    near(losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: "mean_with_sample_weight" })(y(), l(), tf.tensor2d([[0.5, 2]])), [1.480129], "mean_with_sample_weight");
  });
  test("SparseCategoricalCrossentropyTest.test_binary_segmentation", () => {
    const labels = () => tf.tensor2d([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [1, 0]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0, 1]],
    ]);
    near(losses.SparseCategoricalCrossentropy()(labels(), exact), [0], "exact");
    const off = tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [0.2, 0.8]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0.6, 0.4]],
    ]);
    near(losses.SparseCategoricalCrossentropy()(labels(), off), [(-Math.log(0.2) - Math.log(0.4)) / 16], "two pixels off");
  });
  // Keras's torch-backend cases (its TF backend supports only axis -1, jax none): ours takes any axis.
  const moveClassesFirst = (t: tf.Tensor) => tf.transpose(t, [2, 0, 1]);
  test("SparseCategoricalCrossentropyTest.test_binary_segmentation_different_axis", () => {
    const labels = () => tf.tensor2d([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [1, 0]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0, 1]],
    ]);
    near(losses.SparseCategoricalCrossentropy({ axis: 0 })(labels(), moveClassesFirst(exact)), [0], "exact, axis 0");
    const off = moveClassesFirst(tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [0.2, 0.8]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0.6, 0.4]],
    ]));
    const expected = (-Math.log(0.2) - Math.log(0.4)) / 16;
    near(losses.SparseCategoricalCrossentropy({ axis: 0 })(labels(), off), [expected], "two pixels off, axis 0");
    near(losses.SparseCategoricalCrossentropy({ axis: 1 })(tf.stack([labels(), labels(), labels()]), tf.stack([off, off, off])), [expected], "batched, axis 1");
  });
  test("SparseCategoricalCrossentropyTest.test_multi_class_segmentation_different_axis", () => {
    const labels = () => tf.tensor2d([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]],
      [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0]],
    ]);
    near(losses.SparseCategoricalCrossentropy({ axis: 0 })(labels(), moveClassesFirst(exact)), [0], "exact, axis 0");
    const off = moveClassesFirst(tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0, 0.8]],
      [[0.7, 0.3, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0, 1, 0]],
    ]));
    const expected = (-Math.log(0.2) - Math.log(0.3) - Math.log(0.5)) / 16;
    near(losses.SparseCategoricalCrossentropy({ axis: 0 })(labels(), off), [expected], "three pixels off, axis 0");
    near(losses.SparseCategoricalCrossentropy({ axis: 1 })(tf.stack([labels(), labels(), labels()]), tf.stack([off, off, off])), [expected], "batched, axis 1");
  });
  test("SparseCategoricalCrossentropyTest.test_squeezes_singleton_class_dim_on_user_axis", () => {
    const yTrue = tf.cast(tf.randomUniform([2, 1, 4, 4], 0, 2, "int32", 3), "float32");
    const yPred = tf.randomUniform([2, 2, 4, 4], 0, 1, "float32", 4);
    assert.deepEqual(losses.SparseCategoricalCrossentropy({ axis: 1, reduction: "none" })(yTrue, yPred).shape, [2, 4, 4]);
  });
  test("SparseCategoricalCrossentropyTest.test_multi_class_segmentation", () => {
    const labels = () => tf.tensor2d([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]],
      [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0]],
    ]);
    near(losses.SparseCategoricalCrossentropy()(labels(), exact), [0], "exact");
    const off = tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0, 0.8]],
      [[0.7, 0.3, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0, 1, 0]],
    ]);
    near(losses.SparseCategoricalCrossentropy()(labels(), off), [(-Math.log(0.2) - Math.log(0.3) - Math.log(0.5)) / 16], "three pixels off");
  });
});

onCpuOnly(() => {
  test("BinaryCrossentropyTest.test_shape_mismatch / CategoricalCrossentropyTest.test_shape_mismatch", () => {
    const yTrue = tf.tensor2d([[0], [1], [2]]);
    const yPred = tf.tensor2d([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]);
    assert.throws(() => losses.BinaryCrossentropy()(yTrue, yPred), /BinaryCrossentropy: Arguments `target` and `output` must have the same shape. Received: target.shape=\[3, 1\], output.shape=\[3, 3\]/);
    assert.throws(() => losses.CategoricalCrossentropy()(yTrue, yPred), /CategoricalCrossentropy: Arguments `target` and `output` must have the same shape/);
    // Rank-1 binary targets still gain the trailing axis of 1 first, as Keras's squeeze_or_expand_to_same_rank.
    assert.equal(losses.BinaryCrossentropy({ reduction: "none" })(tf.tensor1d([1, 0]), tf.tensor2d([[0.9], [0.2]])).shape[0], 2);
  });
  test("HuberLossTest.test_config / SparseCategoricalCrossentropyTest.test_config / MeanAbsoluteErrorTest.test_config / BinaryCrossentropyTest.test_config / CategoricalCrossentropyTest.test_config", () => {
    const h = losses.Huber({ delta: 2.0, reduction: "sum", name: "huber" });
    assert.equal(h.reduction, "sum");
    assert.deepEqual(h.getConfig(), { name: "huber", reduction: "sum", delta: 2.0 });
    const scce = losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 3, axis: 0, name: "scce" }).getConfig();
    assert.equal(scce.fromLogits, true);
    assert.equal(scce.ignoreClass, 3);
    assert.equal(scce.axis, 0);
    assert.equal(scce.name, "scce");
    assert.equal(losses.MeanAbsoluteError({ name: "myname" }).getConfig().name, "myname");
    assert.deepEqual(losses.BinaryCrossentropy({ name: "bce", axis: -1 }).getConfig(), { name: "bce", reduction: "sum_over_batch_size", fromLogits: false, labelSmoothing: 0, axis: -1 });
    assert.equal(losses.CategoricalCrossentropy({ name: "cce", axis: -1 }).getConfig().name, "cce");
  });
  test("an axis outside the predictions is refused, naming it", () => {
    assert.throws(() => losses.CategoricalCrossentropy({ axis: 3 })(tf.ones([2, 3]), tf.ones([2, 3])), /CategoricalCrossentropy: axis 3 is out of bounds for predictions of rank 2/);
    assert.equal(losses.CategoricalCrossentropy({ axis: 1 }).getConfig().axis, 1);
  });
});

// The losses beyond the first six: Keras's literal values, or (where Keras's test computes its
// expectation with numpy) that numpy expectation evaluated, to float32.
const t2 = (v: number[][]) => tf.tensor2d(v);
const valuesOf = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (got: tf.Tensor, expected: number[], what: string, tol = 1e-3) => {
  const g = valuesOf(got);
  assert.equal(g.length, expected.length, `${what}: ${g} vs ${expected}`);
  expected.forEach((e, i) => assert.ok(Math.abs(g[i]! - e) <= tol * (1 + Math.abs(e)), `${what}: ${g} vs ${expected}`));
};
const regT = () => t2([[1, 9, 2], [-5, -2, 6]]);
const regP = () => t2([[4, 8, 12], [8, 1, 3]]);
const regT3 = () => tf.tensor3d([1, 9, 2, -5, -2, 6], [2, 3, 1]);
const regP3 = () => tf.tensor3d([4, 8, 12, 8, 1, 3], [2, 3, 1]);
const timestepW = () => tf.tensor2d([3, 6, 5, 0, 4, 2], [2, 3]);

onBackends(() => {
  test("MeanAbsolutePercentageErrorTest.test_all_correct_unweighted", () => {
    close(losses.MeanAbsolutePercentageError()(t2([[4, 8, 12], [8, 1, 3]]), t2([[4, 8, 12], [8, 1, 3]])), [0], "all correct");
  });
  test("MeanAbsolutePercentageErrorTest.test_unweighted", () => {
    close(losses.MeanAbsolutePercentageError()(regT(), regP()), [211.8518], "unweighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_scalar_weighted", () => {
    close(losses.MeanAbsolutePercentageError()(regT(), regP(), 2.3), [487.259], "scalar weighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_sample_weighted", () => {
    close(losses.MeanAbsolutePercentageError()(regT(), regP(), t2([[1.2], [3.4]])), [422.8888], "sample weighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_timestep_weighted", () => {
    close(losses.MeanAbsolutePercentageError()(regT3(), regP3(), timestepW()), [694.4444], "timestep weighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_zero_weighted", () => {
    close(losses.MeanAbsolutePercentageError()(regT(), regP(), 0), [0], "zero weighted");
  });
  test("MeanAbsolutePercentageErrorTest.test_no_reduction", () => {
    close(losses.MeanAbsolutePercentageError({ reduction: null })(regT(), regP(), 2.3), [621.8518, 352.6666], "none");
  });
  test("MeanAbsolutePercentageErrorTest.test_mean_with_sample_weight_reduction", () => {
    close(losses.MeanAbsolutePercentageError({ reduction: "mean_with_sample_weight" })(regT(), regP(), t2([[1.2], [3.4]])), [183.865], "mean_with_sample_weight");
  });

  test("MeanSquaredLogarithmicErrorTest.test_unweighted", () => {
    close(losses.MeanSquaredLogarithmicError()(regT(), regP()), [1.437], "unweighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_scalar_weighted", () => {
    close(losses.MeanSquaredLogarithmicError()(regT(), regP(), 2.3), [3.3051], "scalar weighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_sample_weighted", () => {
    close(losses.MeanSquaredLogarithmicError()(regT(), regP(), t2([[1.2], [3.4]])), [3.7856], "sample weighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_timestep_weighted", () => {
    close(losses.MeanSquaredLogarithmicError()(regT3(), regP3(), timestepW()), [2.647374], "timestep weighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_zero_weighted", () => {
    close(losses.MeanSquaredLogarithmicError()(regT(), regP(), 0), [0], "zero weighted");
  });
  test("MeanSquaredLogarithmicErrorTest.test_mean_with_sample_weight_reduction", () => {
    close(losses.MeanSquaredLogarithmicError({ reduction: "mean_with_sample_weight" })(regT(), regP(), t2([[1.2], [3.4]])), [1.646], "mean_with_sample_weight");
  });

  const hT = () => t2([[0, 1], [0, 0]]);
  const hP = () => t2([[0.6, 0.4], [0.4, 0.6]]);
  const hingeCases = [
    ["HingeTest", losses.Hinge, [1.3, 2.6, [1.1, 1.5]], [0.55, 1.1, [1.1, 0]]],
    ["SquaredHingeTest", losses.SquaredHinge, [1.86, 3.72, [1.46, 2.26]], [0.73, 1.46, [1.46, 0]]],
    ["CategoricalHingeTest", losses.CategoricalHinge, [1.4, 2.8, [1.2, 1.6]], [0.6, 1.2, [1.2, 0]]],
  ] as const;
  for (const [cls, make, unweighted, weighted] of hingeCases) {
    test(`${cls}.test_unweighted`, () => {
      close(make({ reduction: "sum_over_batch_size" })(hT(), hP()), [unweighted[0]], "sum_over_batch_size");
      close(make({ reduction: "sum" })(hT(), hP()), [unweighted[1]], "sum");
      close(make({ reduction: null })(hT(), hP()), [...unweighted[2]], "none");
      assert.throws(() => make({ reduction: "abc" as never }), /`reduction` must be one of/);
    });
    test(`${cls}.test_weighted`, () => {
      const w = [1, 0];
      close(make({ reduction: "sum_over_batch_size" })(hT(), hP(), w), [weighted[0]], "sum_over_batch_size");
      close(make({ reduction: "sum" })(hT(), hP(), w), [weighted[1]], "sum");
      close(make({ reduction: null })(hT(), hP(), w), [...weighted[2]], "none");
    });
    test(`${cls}.test_zero_weighted`, () => {
      assert.equal(valuesOf(make()(hT(), hP(), 0))[0], 0);
    });
  }

  // CosineSimilarityTest's numpy reference over the regression tensors, along axis 1.
  test("CosineSimilarityTest.test_unweighted", () => {
    close(losses.CosineSimilarity()(regT(), regP()), [-0.18721902], "unweighted");
  });
  test("CosineSimilarityTest.test_scalar_weighted", () => {
    close(losses.CosineSimilarity()(regT(), regP(), 2.3), [-0.43060374], "scalar weighted");
  });
  test("CosineSimilarityTest.test_sample_weighted", () => {
    close(losses.CosineSimilarity()(regT(), regP(), tf.tensor1d([1.2, 3.4])), [0.15599207], "sample weighted");
  });
  test("CosineSimilarityTest.test_timestep_weighted", () => {
    close(losses.CosineSimilarity()(regT3(), regP3(), timestepW()), [-2.0], "timestep weighted");
  });
  test("CosineSimilarityTest.test_zero_weighted", () => {
    close(losses.CosineSimilarity()(regT(), regP(), 0), [0], "zero weighted");
  });
  test("CosineSimilarityTest.test_axis", () => {
    close(losses.CosineSimilarity({ axis: 1 })(regT(), regP()), [-0.18721902], "axis 1");
  });

  // LogCoshTest's numpy reference: log((e^x + e^-x) / 2) of the regression errors.
  test("LogCoshTest.test_unweighted", () => {
    close(losses.LogCosh()(regT(), regP()), [4.829245], "unweighted");
  });
  test("LogCoshTest.test_scalar_weighted", () => {
    const l = losses.LogCosh();
    close(l(regT(), regP(), 2.3), [11.1072645], "scalar weighted");
    close(l(regT(), regP(), 2.3), [11.1072645], "the same again");
  });
  test("LogCoshTest.test_sample_weighted", () => {
    close(losses.LogCosh()(regT(), regP(), tf.tensor1d([1.2, 3.4])), [12.0011146], "sample weighted");
  });
  test("LogCoshTest.test_timestep_weighted", () => {
    close(losses.LogCosh()(regT3(), regP3(), tf.tensor3d([3, 6, 5, 0, 4, 2], [2, 3, 1])), [11.6534848], "timestep weighted");
  });
  test("LogCoshTest.test_zero_weighted", () => {
    close(losses.LogCosh()(regT(), regP(), 0), [0], "zero weighted");
  });

  const kP = () => tf.tensor2d([0.4, 0.9, 0.12, 0.36, 0.3, 0.4], [2, 3]);
  const kT = () => tf.tensor2d([0.5, 0.8, 0.12, 0.7, 0.43, 0.8], [2, 3]);
  // KLDivergenceTest's numpy reference: y·log(y / p).
  test("KLDivergenceTest.test_unweighted", () => {
    close(losses.KLDivergence()(kT(), kP()), [0.59607387], "unweighted");
  });
  test("KLDivergenceTest.test_scalar_weighted", () => {
    const k = losses.KLDivergence();
    close(k(kT(), kP(), 2.3), [1.3709699], "scalar weighted");
    close(k(kT(), kP(), 2.3), [1.3709699], "the same again");
  });
  test("KLDivergenceTest.test_sample_weighted", () => {
    close(losses.KLDivergence()(kT(), kP(), t2([[1.2], [3.4]])), [2.00757113], "sample weighted");
  });
  test("KLDivergenceTest.test_timestep_weighted", () => {
    close(losses.KLDivergence()(kT().reshape([2, 3, 1]), kP().reshape([2, 3, 1]), timestepW()), [0.24959955], "timestep weighted");
  });
  test("KLDivergenceTest.test_zero_weighted", () => {
    close(losses.KLDivergence()(kT(), kP(), 0), [0], "zero weighted");
  });

  const pP = () => tf.tensor2d([1, 9, 2, 5, 2, 6], [2, 3]);
  const pT = () => tf.tensor2d([4, 8, 12, 8, 1, 3], [2, 3]);
  // PoissonTest's numpy reference: p − y·log(p).
  test("PoissonTest.test_unweighted", () => {
    close(losses.Poisson()(pT(), pP()), [-3.3065822], "unweighted");
  });
  test("PoissonTest.test_scalar_weighted", () => {
    const p = losses.Poisson();
    close(p(pT(), pP(), 2.3), [-7.605139], "scalar weighted");
    close(p(pT(), pP(), 2.3), [-7.605139], "the same again");
  });
  test("PoissonTest.test_sample_weighted", () => {
    close(losses.Poisson()(pT(), pP(), t2([[1.2], [3.4]])), [-6.14733917], "sample weighted");
  });
  test("PoissonTest.test_timestep_weighted", () => {
    close(losses.Poisson()(pT().reshape([2, 3, 1]), pP().reshape([2, 3, 1]), timestepW()), [-12.2631264], "timestep weighted");
  });
  test("PoissonTest.test_zero_weighted", () => {
    close(losses.Poisson()(pT(), pP(), 0), [0], "zero weighted");
  });

  const eye3 = () => t2([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  const bfT = () => tf.tensor2d([1, 0, 1, 0], [2, 2]);
  const bfP = () => tf.tensor2d([0.9, 0.8, 0.7, 0.2], [2, 2]);
  const bfLT = () => t2([[1, 1, 0], [0, 1, 0]]);
  const bfLogits = () => t2([[1.5, -2.7, 2.9], [-3.8, 1.2, -4.5]]);
  test("BinaryFocalCrossentropyTest.test_all_correct_unweighted", () => {
    close(losses.BinaryFocalCrossentropy({ gamma: 1.5 })(eye3(), eye3()), [0], "probabilities");
    const logits = t2([[100, -100, -100], [-100, 100, -100], [-100, -100, 100]]);
    close(losses.BinaryFocalCrossentropy({ gamma: 2, fromLogits: true })(eye3(), logits), [0], "logits");
  });
  test("BinaryFocalCrossentropyTest.test_unweighted", () => {
    close(losses.BinaryFocalCrossentropy({ gamma: 2 })(bfT(), bfP()), [0.268], "probabilities");
    close(losses.BinaryFocalCrossentropy({ gamma: 3, fromLogits: true })(bfLT(), bfLogits()), [0.799], "logits");
  });
  test("BinaryFocalCrossentropyTest.test_scalar_weighted", () => {
    close(losses.BinaryFocalCrossentropy({ gamma: 2 })(bfT(), bfP(), 1.23), [0.3296], "probabilities");
    close(losses.BinaryFocalCrossentropy({ gamma: 3, fromLogits: true })(bfLT(), bfLogits(), 3.21), [2.565], "logits");
  });
  test("BinaryFocalCrossentropyTest.test_sample_weighted", () => {
    const w = () => t2([[1.2], [3.4]]);
    close(losses.BinaryFocalCrossentropy({ gamma: 2 })(bfT(), bfP(), w()), [0.34415], "probabilities");
    close(losses.BinaryFocalCrossentropy({ gamma: 3, fromLogits: true })(bfLT(), bfLogits(), w()), [0.95977], "logits");
  });
  test("BinaryFocalCrossentropyTest.test_no_reduction", () => {
    close(losses.BinaryFocalCrossentropy({ gamma: 2, reduction: null })(bfT(), bfP()), [0.515547, 0.020513], "none");
  });

  const cfP = () => t2([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]]);
  const cfLogits = () => t2([[8, 1, 1], [0, 9, 1], [2, 3, 5]]);
  test("CategoricalFocalCrossentropyTest.test_all_correct_unweighted", () => {
    close(losses.CategoricalFocalCrossentropy({ alpha: 0.25, gamma: 2 })(tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]], undefined, "int32"), eye3()), [0], "probabilities");
    close(losses.CategoricalFocalCrossentropy({ fromLogits: true })(eye3(), t2([[10, 0, 0], [0, 10, 0], [0, 0, 10]])), [0], "logits");
  });
  test("CategoricalFocalCrossentropyTest.test_unweighted", () => {
    close(losses.CategoricalFocalCrossentropy()(eye3(), cfP()), [0.02059], "probabilities");
    close(losses.CategoricalFocalCrossentropy({ fromLogits: true })(eye3(), cfLogits()), [0.000345], "logits");
  });
  test("CategoricalFocalCrossentropyTest.test_scalar_weighted", () => {
    close(losses.CategoricalFocalCrossentropy()(eye3(), cfP(), 2.3), [0.047368], "probabilities");
    close(losses.CategoricalFocalCrossentropy({ fromLogits: true })(eye3(), cfLogits(), 2.3), [0.000794], "logits");
  });
  test("CategoricalFocalCrossentropyTest.test_sample_weighted", () => {
    const w = () => t2([[1.2], [3.4], [5.6]]);
    close(losses.CategoricalFocalCrossentropy()(eye3(), cfP(), w()), [0.06987], "probabilities");
    close(losses.CategoricalFocalCrossentropy({ fromLogits: true })(eye3(), cfLogits(), w()), [0.001933], "logits");
  });
  test("CategoricalFocalCrossentropyTest.test_no_reduction", () => {
    const loss = losses.CategoricalFocalCrossentropy({ fromLogits: true, reduction: null })(eye3(), cfLogits());
    close(loss, [1.5096224e-9, 2.4136547e-11, 1.0360638e-3], "none", 1e-6);
  });
  test("CategoricalFocalCrossentropyTest.test_label_smoothing", () => {
    close(losses.CategoricalFocalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 })(t2([[1, 0, 0]]), t2([[4.9, -0.5, 2.05]])), [0.06685], "label smoothing");
  });
  test("CategoricalFocalCrossentropyTest.test_label_smoothing_with_axis", () => {
    const yTrue = tf.tensor3d([[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]]);
    const yPred = tf.tensor3d([[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]], [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]]);
    // Keras's numpy expectation: mean over samples and positions of Σ_classes 0.25·(1 − p)²·(−ỹ·log p).
    close(losses.CategoricalFocalCrossentropy({ labelSmoothing: 0.1, axis: 1 })(yTrue, yPred), [0.03316757], "axis 1", 1e-5);
  });

  const segT = () => t2([[1, 2], [1, 2]]);
  const segP = () => t2([[4, 1], [6, 1]]);
  const binT = () => t2([[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1]]);
  const binP = () => t2([[0, 1, 0, 1], [1, 0, 1, 1], [0, 1, 0, 1], [1, 0, 1, 1]]);
  const axT = () => tf.tensor4d([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]]);
  const axP = () => tf.tensor4d([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]);
  test("DiceTest.test_correctness", () => {
    close(losses.Dice()(segT(), segP()), [-0.55555546], "correctness", 1e-5);
  });
  test("DiceTest.test_binary_segmentation", () => {
    close(losses.Dice()(binT(), binP()), [0.77777773], "binary segmentation", 1e-5);
  });
  test("DiceTest.test_binary_segmentation_with_axis", () => {
    close(losses.Dice({ axis: [1, 2, 3], reduction: null })(axT(), axP()), [0.5, 0.75757575], "axis (1, 2, 3)", 1e-5);
  });
  test("TverskyTest.test_correctness", () => {
    close(losses.Tversky()(segT(), segP()), [-0.55555558], "correctness", 1e-5);
  });
  test("TverskyTest.test_correctness_custom_coefficients", () => {
    close(losses.Tversky({ alpha: 0.2, beta: 0.8 })(segT(), segP()), [-0.94444442], "alpha 0.2, beta 0.8", 1e-5);
  });
  test("TverskyTest.test_binary_segmentation", () => {
    close(losses.Tversky()(binT(), binP()), [0.77777779], "binary segmentation", 1e-5);
  });
  test("TverskyTest.test_binary_segmentation_with_axis", () => {
    close(losses.Tversky({ axis: [1, 2, 3], reduction: null })(axT(), axP()), [0.5, 0.75757575], "axis (1, 2, 3)", 1e-5);
  });
  test("TverskyTest.test_binary_segmentation_custom_coefficients", () => {
    close(losses.Tversky({ alpha: 0.2, beta: 0.8 })(binT(), binP()), [0.76190472], "alpha 0.2, beta 0.8", 1e-5);
  });
  test("TverskyTest.test_binary_segmentation_custom_coefficients_with_axis", () => {
    close(losses.Tversky({ alpha: 0.2, beta: 0.8, axis: [1, 2, 3], reduction: null })(axT(), axP()), [0.5, 0.78494626], "alpha 0.2, beta 0.8, axis (1, 2, 3)", 1e-5);
  });

  test("compile takes the new losses by Keras name and trains on their per-sample values", async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [0.5, -1]]);
    const y = tf.tensor2d([[0.2], [0.9], [0.1]]);
    const names = ["mape", "mean_absolute_percentage_error", "msle", "kld", "kl_divergence", "logcosh", "log_cosh", "hinge", "squared_hinge", "categorical_hinge", "poisson", "cosine_similarity", "binary_focal_crossentropy", "categorical_focal_crossentropy", "dice", "tversky"];
    for (const name of names) {
      const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [2], kernelInitializer: "ones", activation: "sigmoid" })]);
      model.compile({ optimizer: "sgd", loss: name as never });
      const evaluated = (model.evaluate(x, y) as tf.Scalar).dataSync()[0]!;
      const expected = losses.lossObject(name)(y, model.predict(x) as tf.Tensor).dataSync()[0]!;
      assert.ok(Math.abs(evaluated - expected) <= 1e-4 * (1 + Math.abs(expected)), `${name}: evaluate ${evaluated} vs the loss object ${expected}`);
      const history = await model.fit(x, y, { epochs: 1, verbose: 0 });
      assert.ok(Number.isFinite(history.history.loss![0] as number), `${name}: a finite training loss`);
    }
  });
});

onCpuOnly(() => {
  test("MeanAbsolutePercentageErrorTest.test_config / MeanSquaredLogarithmicErrorTest.test_config", () => {
    assert.deepEqual(losses.MeanAbsolutePercentageError({ name: "mymape" }).getConfig(), { name: "mymape", reduction: "sum_over_batch_size" });
    assert.deepEqual(losses.MeanSquaredLogarithmicError({ name: "mysloge" }).getConfig(), { name: "mysloge", reduction: "sum_over_batch_size" });
    assert.equal(losses.MeanAbsolutePercentageError().getConfig().name, "mean_absolute_percentage_error");
  });
  test("CosineSimilarityTest.test_config", () => {
    const cosine = losses.CosineSimilarity({ axis: 2, reduction: "sum", name: "cosine_loss" });
    assert.equal(cosine.reduction, "sum");
    assert.deepEqual(cosine.getConfig(), { name: "cosine_loss", reduction: "sum", axis: 2 });
    assert.throws(() => losses.CosineSimilarity({ axis: 1.5 }), /CosineSimilarity: `axis` must be an integer/);
  });
  test("LogCoshTest.test_config", () => {
    const l = losses.LogCosh({ reduction: "sum", name: "logcosh_loss" });
    assert.equal(l.reduction, "sum");
    assert.deepEqual(l.getConfig(), { name: "logcosh_loss", reduction: "sum" });
  });
  test("KLDivergenceTest.test_config / PoissonTest.test_config", () => {
    const k = losses.KLDivergence({ reduction: "sum", name: "kld" });
    assert.equal(k.getConfig().name, "kld");
    assert.equal(k.reduction, "sum");
    const p = losses.Poisson({ reduction: "sum", name: "poisson" });
    assert.equal(p.getConfig().name, "poisson");
    assert.equal(p.reduction, "sum");
  });
  test("BinaryFocalCrossentropyTest.test_config / CategoricalFocalCrossentropyTest.test_config", () => {
    assert.deepEqual(losses.BinaryFocalCrossentropy({ name: "bfce" }).getConfig(), {
      name: "bfce", reduction: "sum_over_batch_size", fromLogits: false, labelSmoothing: 0, axis: -1, applyClassBalancing: false, alpha: 0.25, gamma: 2,
    });
    assert.deepEqual(losses.CategoricalFocalCrossentropy({ name: "cfce" }).getConfig(), {
      name: "cfce", reduction: "sum_over_batch_size", fromLogits: false, labelSmoothing: 0, axis: -1, alpha: 0.25, gamma: 2,
    });
    assert.throws(() => losses.BinaryFocalCrossentropy({ gamma: -1 }), /BinaryFocalCrossentropy: `gamma` must be a number ≥ 0/);
    assert.throws(() => losses.BinaryFocalCrossentropy({ applyClassBalancing: 1 as never }), /`applyClassBalancing` must be true or false/);
    assert.throws(() => losses.CategoricalFocalCrossentropy({ labelSmoothing: 2 }), /`labelSmoothing` must be a number/);
  });
  test("DiceTest.test_config / TverskyTest.test_config", () => {
    assert.deepEqual(losses.Dice({ name: "mydice" }).getConfig(), { name: "mydice", reduction: "sum_over_batch_size", axis: null });
    assert.deepEqual(losses.Tversky({ name: "mytversky" }).getConfig(), { name: "mytversky", reduction: "sum_over_batch_size", alpha: 0.5, beta: 0.5, axis: null });
    assert.throws(() => losses.Dice({ axis: "all" as never }), /Dice: `axis` must be null, an integer or a non-empty list of integers/);
    assert.throws(() => losses.Tversky({ axis: 4 })(tf.ones([2, 2]), tf.ones([2, 2])), /Tversky: axis 4 is out of bounds/);
  });
  test("the Keras names of the losses are accepted, an unknown one names the accepted ones", () => {
    assert.equal(losses.lossObject("mape").kerasName, "mean_absolute_percentage_error");
    assert.equal(losses.lossObject("msle").kerasName, "mean_squared_logarithmic_error");
    assert.equal(losses.lossObject("kld").kerasName, "kl_divergence");
    assert.equal(losses.lossObject("logcosh").kerasName, "log_cosh");
    assert.equal(losses.lossObject("Tversky").kerasName, "tversky");
    assert.equal(typeof losses.get("squared_hinge"), "function");
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [2] })]);
    assert.throws(() => model.compile({ optimizer: "sgd", loss: "hinj" as never }), /compile: `loss` must be a loss object .*squared_hinge.*got "hinj"/);
  });
});

// CategoricalGeneralizedCrossEntropyTest: Keras's numpy expectations, (1 − p^q) / q of the true
// class's probability, summed and divided by the number of samples (or pixels).
const gce = (p: number, q: number) => (1 - Math.pow(p, q)) / q;
const gceMean = (ps: number[], q: number, count = ps.length) => ps.reduce((a, p) => a + gce(p, q), 0) / count;
onBackends(() => {
  test("CategoricalGeneralizedCrossEntropyTest.test_basic_correctness_for_binary", () => {
    const yTrue = () => tf.tensor1d([0, 1, 0, 1], "int32");
    const yPred = () => t2([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.4, 0.6]]);
    close(losses.CategoricalGeneralizedCrossEntropy()(yTrue(), yPred()), [gceMean([0.7, 0.8, 0.6, 0.6], 0.5)], "q 0.5", 1e-5);
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.8 })(yTrue(), yPred()), [gceMean([0.7, 0.8, 0.6, 0.6], 0.8)], "q 0.8", 1e-5);
  });
  test("CategoricalGeneralizedCrossEntropyTest.test_basic_correctness_for_multi_class", () => {
    const yTrue = () => tf.tensor1d([0, 1, 0, 1], "int32");
    const yPred = () => t2([[0.7, 0.3, 0], [0.2, 0.2, 0.6], [0.6, 0.4, 0], [0.2, 0.2, 0.6]]);
    close(losses.CategoricalGeneralizedCrossEntropy()(yTrue(), yPred()), [gceMean([0.7, 0.2, 0.6, 0.2], 0.5)], "q 0.5", 1e-5);
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.8 })(yTrue(), yPred()), [gceMean([0.7, 0.2, 0.6, 0.2], 0.8)], "q 0.8", 1e-5);
  });
  test("CategoricalGeneralizedCrossEntropyTest.test_binary_segmentation", () => {
    const labels = () => tf.tensor2d([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [1, 0]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0, 1]],
    ]);
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.5 })(labels(), exact), [0], "exact", 1e-5);
    const off = tf.tensor3d([
      [[1, 0], [0, 1], [0, 1], [0.2, 0.8]],
      [[0, 1], [1, 0], [0, 1], [1, 0]],
      [[1, 0], [1, 0], [0, 1], [0, 1]],
      [[0, 1], [0, 1], [1, 0], [0.6, 0.4]],
    ]);
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.5 })(labels(), off), [gceMean([0.2, 0.4], 0.5, 16)], "two pixels off", 1e-5);
  });
  test("CategoricalGeneralizedCrossEntropyTest.test_multi_class_segmentation", () => {
    const labels = () => tf.tensor2d([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]], undefined, "int32");
    const exact = tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]],
      [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0]],
    ]);
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.5 })(labels(), exact), [0], "exact", 1e-5);
    const off = tf.tensor3d([
      [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0, 0.8]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
      [[0, 1, 0], [0, 1, 0], [0.5, 0.5, 0], [0, 1, 0]],
    ]);
    // Row 1's first pixel is class 1 predicted as class 0: p = 0, the loss 1/q.
    close(losses.CategoricalGeneralizedCrossEntropy({ q: 0.5 })(labels(), off), [gceMean([0.2, 0, 0.5], 0.5, 16)], "three pixels off", 1e-5);
  });
});

onCpuOnly(() => {
  test("CategoricalGeneralizedCrossEntropyTest.test_config", () => {
    assert.deepEqual(losses.CategoricalGeneralizedCrossEntropy({ name: "gce" }).getConfig(), { name: "gce", reduction: "sum_over_batch_size", q: 0.5 });
    assert.deepEqual(losses.CategoricalGeneralizedCrossEntropy({ q: 0.1, name: "gce" }).getConfig(), { name: "gce", reduction: "sum_over_batch_size", q: 0.1 });
    assert.equal(losses.CategoricalGeneralizedCrossEntropy().getConfig().name, "categorical_generalized_cross_entropy");
    // Keras's __init__: "q must be in the interval (0, 1)".
    for (const q of [0, 1, 1.5, -0.2]) assert.throws(() => losses.CategoricalGeneralizedCrossEntropy({ q }), /CategoricalGeneralizedCrossEntropy: `q` must be in the interval \(0, 1\)/);
  });
});

// CircleTest's setup: labels and L2-normalized embeddings, and a reference set.
const circleLabels = () => tf.tensor1d([1, 1, 2, 2, 3], "int32");
const circleEmbeddings = () =>
  t2([
    [0.70014004, -0.42008403, 0.14002801, 0.56011203],
    [0.17609018, 0.70436073, -0.52827054, 0.44022545],
    [-0.34050261, 0.25537696, -0.68100522, 0.59587957],
    [0.32163376, -0.75047877, 0.53605627, -0.21442251],
    [0.51261459, -0.34174306, 0.17087153, 0.76892189],
  ]);
const circleRefLabels = () => tf.tensor1d([1, 1, 2, 2, 3, 4], "int32");
const circleRefEmbeddings = () =>
  t2([
    [0.40824829, -0.54433105, 0.27216553, 0.68041382],
    [0.76376261, 0.10910895, -0.54554473, 0.32732684],
    [-0.74420841, 0.24806947, 0.49613894, -0.3721042],
    [0.52981294, -0.13245324, 0.79471941, -0.26490647],
    [0.54554473, -0.32732684, 0.10910895, 0.76376261],
    [-0.27216553, 0.68041382, 0.40824829, -0.54433105],
  ]);
onBackends(() => {
  test("CircleTest.test_correctness", () => {
    close(losses.Circle({ gamma: 80, margin: 0.4 })(circleLabels(), circleEmbeddings()), [188.3883], "gamma 80, margin 0.4", 1e-5);
    close(losses.Circle({ gamma: 256, margin: 0.25 })(circleLabels(), circleEmbeddings()), [652.7617], "gamma 256, margin 0.25", 1e-5);
    const againstReferences = losses.circle(circleLabels(), circleEmbeddings(), {
      refLabels: circleRefLabels(),
      refEmbeddings: circleRefEmbeddings(),
      gamma: 80,
      margin: 0.4,
      removeDiagonal: false,
    });
    close(againstReferences, [61.5844, 94.3465, 276.9344, 90.9873, 48.8963], "the function against references", 1e-5);
  });
  test("CircleTest.test_correctness_weighted", () => {
    close(losses.Circle({ gamma: 80, margin: 0.4 })(circleLabels(), circleEmbeddings(), tf.tensor1d([2, 2, 1, 1, 0.5])), [244.91918], "sample weighted", 1e-5);
  });
  test("CircleTest.test_no_reduction", () => {
    // Labels 3 and 4 have no other sample of their class: no positives, a loss of 0.
    close(losses.Circle({ gamma: 80, margin: 0.4, reduction: null })(circleRefLabels(), circleRefEmbeddings()), [82.9116, 36.7942, 92.459, 52.6798, 0, 0], "none", 1e-5);
  });
  test("CircleTest.test_sum_reduction", () => {
    close(losses.Circle({ gamma: 80, margin: 0.4, reduction: "sum" })(circleRefLabels(), circleRefEmbeddings()), [264.845], "sum", 1e-5);
  });
  test("CircleTest.test_mean_with_sample_weight_reduction", () => {
    const loss = losses.Circle({ gamma: 80, margin: 0.4, reduction: "mean_with_sample_weight" });
    close(loss(circleLabels(), circleEmbeddings(), tf.tensor1d([2, 2, 1, 1, 0.5])), [163.27948], "mean_with_sample_weight", 1e-5);
  });
  test("Circle's mean runs over the samples with a positive loss (Keras's mask): the two zeros are not counted", () => {
    close(losses.Circle()(circleRefLabels(), circleRefEmbeddings()), [264.845 / 4], "sum_over_batch_size", 1e-5);
  });
});

onCpuOnly(() => {
  test("CircleTest.test_config", () => {
    assert.deepEqual(losses.Circle({ name: "mycircle", gamma: 80, margin: 0.4 }).getConfig(), { name: "mycircle", reduction: "sum_over_batch_size", gamma: 80, margin: 0.4, removeDiagonal: true });
    assert.deepEqual(losses.Circle().getConfig(), { name: "circle", reduction: "sum_over_batch_size", gamma: 80, margin: 0.4, removeDiagonal: true });
    assert.throws(() => losses.Circle({ removeDiagonal: 1 as never }), /Circle: `removeDiagonal` must be true or false/);
    assert.throws(() => losses.circle(circleLabels(), circleEmbeddings(), { refLabels: [1, 2] as never }), /circle: `refLabels` must be a tensor/);
  });
});

onBackends(() => {
  test("CTCTest.test_correctness", () => {
    const logits = tf.div(tf.sub(tf.range(0, 24).reshape([2, 4, 3]), 12), 100);
    const yTrue = tf.tensor2d([[1, 2, 1, 0], [1, 2, 0, 2]], undefined, "int32");
    close(losses.CTC()(yTrue, logits), [2.448645], "sum_over_batch_size", 1e-5);
  });
});

onCpuOnly(() => {
  test("CTCTest.test_config", () => {
    assert.deepEqual(losses.CTC({ name: "myctc" }).getConfig(), { name: "myctc", reduction: "sum_over_batch_size" });
    assert.equal(losses.CTC().getConfig().name, "ctc");
    assert.equal(losses.lossObject("ctc").kerasName, "ctc");
    assert.equal(losses.lossObject("CTC").kind, "sequence");
    assert.throws(() => losses.CTC({ blank: 0 } as never), /CTC: unknown argument `blank`; accepted: name, reduction/);
  });
});
