/**
 * Port of Keras 3's keras/src/losses/losses_test.py cases for the options we take: the classes
 * axis of CategoricalCrossentropy (test_label_smoothing_with_axis) and BinaryCrossentropy's,
 * and MeanSquaredErrorTest (reductions and sample weights, as every Keras loss object reduces),
 * on every backend.
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

onCpuOnly(() => {
  test("an axis outside the predictions is refused, naming it", () => {
    assert.throws(() => losses.CategoricalCrossentropy({ axis: 3 })(tf.ones([2, 3]), tf.ones([2, 3])), /CategoricalCrossentropy: axis 3 is out of bounds for predictions of rank 2/);
    assert.equal(losses.CategoricalCrossentropy({ axis: 1 }).getConfig().axis, 1);
  });
});
