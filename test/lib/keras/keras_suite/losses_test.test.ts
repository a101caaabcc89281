/**
 * Port of Keras 3's keras/src/losses/losses_test.py for the losses we expose (MeanSquaredError,
 * MeanAbsoluteError, Huber, BinaryCrossentropy, CategoricalCrossentropy,
 * SparseCategoricalCrossentropy), with Keras's literal expected values, on every backend: the
 * classes' unweighted, scalar/sample/timestep/zero-weighted, reduction, from_logits,
 * label_smoothing, axis and ignore_class cases.
 *
 * Skipped:
 * - MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Hinge, SquaredHinge,
 *   CategoricalHinge, CosineSimilarity, LogCosh, KLDivergence, Poisson, BinaryFocalCrossentropy,
 *   CategoricalFocalCrossentropy, CTC, Dice, Tversky, Circle, CategoricalGeneralizedCrossEntropy:
 *   losses we don't expose.
 * - every test_dtype_arg: no dtype policies (losses compute in float32).
 * - test_config's run_class_serialization_test: no Keras serialization of loss objects (the
 *   configs themselves are checked).
 * - CategoricalCrossentropyTest.test_warning_for_invalid_shape: Python SyntaxWarning, none here.
 * - SparseCategoricalCrossentropyTest.test_binary_segmentation_different_axis,
 *   test_multi_class_segmentation_different_axis, test_squeezes_singleton_class_dim_on_user_axis:
 *   backend-specific (TF raises, torch only);
 *   our axis option is covered by the axis cases below.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as losses from "../../../../lib/keras/losses/index.js";
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
  test("HuberLossTest.test_config / SparseCategoricalCrossentropyTest.test_config / MeanAbsoluteErrorTest.test_config", () => {
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
