/**
 * Keras 3's regression losses beyond MSE/MAE/Huber (keras/src/losses/losses.py):
 * MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity and LogCosh, each a
 * loss object over Keras's function of the same name, which is exported too (the metrics of
 * regression_metrics.ts average the same functions).
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num } from "../layers/options.js";
import { EPSILON, LOSS_CHECKS, axisOf, makeLoss, sameRank, type KerasLoss, type LossOptions } from "./loss.js";

/** keras.losses.mean_absolute_percentage_error: 100 · mean(|(y − p) / max(|y|, ε)|) over the last axis. */
export function meanAbsolutePercentageError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const [t, p] = sameRank(yTrue, yPred);
  const diff = tf.abs(tf.div(tf.sub(t, p), tf.maximum(tf.abs(t), EPSILON)));
  return tf.mul(100, tf.mean(diff, -1));
}

/** keras.losses.mean_squared_logarithmic_error: mean((log(max(p, ε) + 1) − log(max(y, ε) + 1))²) over the last axis. */
export function meanSquaredLogarithmicError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const [t, p] = sameRank(yTrue, yPred);
  const first = tf.log(tf.add(tf.maximum(p, EPSILON), 1));
  const second = tf.log(tf.add(tf.maximum(t, EPSILON), 1));
  return tf.mean(tf.square(tf.sub(first, second)), -1);
}

/** keras.ops.normalize with order 2: x · rsqrt(max(Σx², ε²)) along `axis`. */
function l2Normalize(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), axis, true), EPSILON * EPSILON)));
}

/**
 * Σ of the L2-normalized targets times the L2-normalized predictions along `axis`: the cosine of
 * their angle (0 where either is a zero vector). The loss is its negative (keras.losses.cosine_similarity),
 * the metric this value (regression_metrics.py cosine_similarity).
 */
export function cosineOf(owner: string, yTrue: tf.Tensor, yPred: tf.Tensor, axis: number): tf.Tensor {
  const [t, p] = sameRank(yTrue, yPred);
  const a = axisOf(owner, axis, p);
  return tf.sum(tf.mul(l2Normalize(t, a), l2Normalize(p, a)), a);
}

/** keras.losses.cosine_similarity: −cos(yTrue, yPred) along `axis` (default −1). */
export function cosineSimilarity(yTrue: tf.Tensor, yPred: tf.Tensor, axis = -1): tf.Tensor {
  return tf.neg(cosineOf("cosine_similarity", yTrue, yPred, axis));
}

/** keras.losses.log_cosh: mean(log(cosh(p − y))) over the last axis, as x + softplus(−2x) − log 2. */
export function logCosh(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const [t, p] = sameRank(yTrue, yPred);
  const x = tf.sub(p, t);
  return tf.mean(tf.sub(tf.add(x, tf.softplus(tf.mul(x, -2))), Math.log(2)), -1);
}

/** 100 · mean(|(y − p) / y|), |y| floored at ε. */
export function MeanAbsolutePercentageError(options?: LossOptions): KerasLoss {
  const o = checkOptions("MeanAbsolutePercentageError", options, LOSS_CHECKS);
  return makeLoss("MeanAbsolutePercentageError", "mean_absolute_percentage_error", "regression", false, {}, o, meanAbsolutePercentageError);
}

/** mean((log(p + 1) − log(y + 1))²), both floored at ε. */
export function MeanSquaredLogarithmicError(options?: LossOptions): KerasLoss {
  const o = checkOptions("MeanSquaredLogarithmicError", options, LOSS_CHECKS);
  return makeLoss("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "regression", false, {}, o, meanSquaredLogarithmicError);
}

export interface CosineSimilarityOptions extends LossOptions {
  /** The axis the similarity runs along (the features axis); Keras's default −1. */
  axis?: number;
}

/** −Σ(l2_norm(y) · l2_norm(p)) along `axis`: −1 for the same direction, 0 for orthogonal ones. */
export function CosineSimilarity(options?: CosineSimilarityOptions): KerasLoss {
  const o = checkOptions("CosineSimilarity", options, { ...LOSS_CHECKS, axis: num(-Infinity, Infinity, { integer: true }) });
  const axis: number = o.axis ?? -1;
  return makeLoss("CosineSimilarity", "cosine_similarity", "regression", false, { axis }, o, (t, p) => tf.neg(cosineOf("CosineSimilarity", t, p, axis)));
}

/** mean(log(cosh(p − y))): about x²/2 for small errors, |x| − log 2 for large ones. */
export function LogCosh(options?: LossOptions): KerasLoss {
  const o = checkOptions("LogCosh", options, LOSS_CHECKS);
  return makeLoss("LogCosh", "log_cosh", "regression", false, {}, o, logCosh);
}
