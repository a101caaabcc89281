/**
 * Port of Keras 3's keras/src/losses/losses_test.py cases for the options we take: the classes
 * axis of CategoricalCrossentropy (test_label_smoothing_with_axis) and BinaryCrossentropy's,
 * on every backend. Keras's loss objects return the batch's mean; ours return the per-sample
 * loss that tfjs's compile reduces, so these cases take the mean of it.
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
    const loss = losses.CategoricalCrossentropy({ labelSmoothing: smoothing, axis: 1 })(yTrue, yPred);
    assert.deepEqual(loss.shape, [2, 2]);
    const smoothed = tf.add(tf.mul(yTrue, 1 - smoothing), smoothing / 3);
    const expected = mean(tf.neg(tf.sum(tf.mul(smoothed, tf.log(yPred)), 1)));
    assert.ok(Math.abs(mean(loss) - expected) < 1e-5, `${mean(loss)} vs ${expected}`);
  });

  test("CategoricalCrossentropy from logits along axis 1 equals the last-axis loss on the transposed tensors", () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 2, "float32", 5);
    const labels = tf.oneHot(tf.tensor2d([[0, 2, 1, 1], [2, 2, 0, 1]], undefined, "int32"), 3).transpose([0, 2, 1]);
    const alongAxis1 = losses.CategoricalCrossentropy({ fromLogits: true, axis: 1 })(labels, logits);
    const alongLast = losses.CategoricalCrossentropy({ fromLogits: true })(labels.transpose([0, 2, 1]), logits.transpose([0, 2, 1]));
    assert.ok(tf.max(tf.abs(tf.sub(alongAxis1, alongLast))).dataSync()[0]! < 1e-5);
  });

  test("BinaryCrossentropy axis: the mean runs over the given axis", () => {
    const yTrue = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
    const yPred = tf.tensor2d([[0.9, 0.2, 0.7], [0.1, 0.4, 0.6]]);
    const byColumn = losses.BinaryCrossentropy({ axis: 0 })(yTrue, yPred);
    assert.deepEqual(byColumn.shape, [3]);
    const byRow = losses.BinaryCrossentropy()(yTrue.transpose(), yPred.transpose());
    assert.ok(tf.max(tf.abs(tf.sub(byColumn, byRow))).dataSync()[0]! < 1e-6);
  });
});

onCpuOnly(() => {
  test("an axis outside the predictions is refused, naming it", () => {
    assert.throws(() => losses.CategoricalCrossentropy({ axis: 3 })(tf.ones([2, 3]), tf.ones([2, 3])), /CategoricalCrossentropy: axis 3 is out of bounds for predictions of rank 2/);
    assert.equal(losses.CategoricalCrossentropy({ axis: 1 }).getConfig().axis, 1);
  });
});
