/**
 * Keras 3's hinge losses (keras/src/losses/losses.py Hinge, SquaredHinge, CategoricalHinge) and
 * their functions, which hinge_metrics.ts averages as Keras's hinge metrics do. Targets of only 0s
 * and 1s are taken as binary labels and mapped to −1/1 first (Keras's
 * convert_binary_labels_to_hinge); any other targets are used as given.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions } from "../layers/options.js";
import { LOSS_CHECKS, makeLoss, sameRank, type KerasLoss, type LossOptions } from "./loss.js";

/** 2y − 1 when every target is 0 or 1, else y (decided on the device, as Keras's ops.cond). */
function hingeLabels(yTrue: tf.Tensor): tf.Tensor {
  const y = tf.cast(yTrue, "float32");
  const binary = tf.cast(tf.all(tf.logicalOr(tf.equal(y, 0), tf.equal(y, 1))), "float32");
  // y + binary·(y − 1): 2y − 1 when binary, y otherwise.
  return tf.add(y, tf.mul(binary, tf.sub(y, 1)));
}

/** keras.losses.hinge: mean(max(1 − y·p, 0)) over the last axis. */
export function hinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  return tf.mean(tf.relu(tf.sub(1, tf.mul(hingeLabels(yTrue), p))), -1);
}

/** keras.losses.squared_hinge: mean(max(1 − y·p, 0)²) over the last axis. */
export function squaredHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  return tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(hingeLabels(yTrue), p)))), -1);
}

/** keras.losses.categorical_hinge: max(max((1 − y)·p) − Σ(y·p) + 1, 0) over the last axis. */
export function categoricalHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  const y = tf.cast(yTrue, "float32");
  const pos = tf.sum(tf.mul(y, p), -1);
  const neg = tf.max(tf.mul(tf.sub(1, y), p), -1);
  return tf.maximum(tf.add(tf.sub(neg, pos), 1), 0);
}

/** mean(max(1 − y·p, 0)), targets −1/1 (0/1 converted). */
export function Hinge(options?: LossOptions): KerasLoss {
  const o = checkOptions("Hinge", options, LOSS_CHECKS);
  return makeLoss("Hinge", "hinge", "binary", false, {}, o, (t, p) => hinge(...sameRank(t, p)));
}

/** mean(max(1 − y·p, 0)²), targets −1/1 (0/1 converted). */
export function SquaredHinge(options?: LossOptions): KerasLoss {
  const o = checkOptions("SquaredHinge", options, LOSS_CHECKS);
  return makeLoss("SquaredHinge", "squared_hinge", "binary", false, {}, o, (t, p) => squaredHinge(...sameRank(t, p)));
}

/** max(neg − pos + 1, 0) with pos = Σ(y·p), neg = max((1 − y)·p), one-hot targets. */
export function CategoricalHinge(options?: LossOptions): KerasLoss {
  const o = checkOptions("CategoricalHinge", options, LOSS_CHECKS);
  return makeLoss("CategoricalHinge", "categorical_hinge", "categorical", false, {}, o, (t, p) => categoricalHinge(...sameRank(t, p)));
}
