/**
 * Keras 3's probabilistic losses beyond the three cross-entropies of losses.ts
 * (keras/src/losses/losses.py): KLDivergence, Poisson, the focal cross-entropies
 * BinaryFocalCrossentropy and CategoricalFocalCrossentropy, and the noise-robust
 * CategoricalGeneralizedCrossEntropy, each over Keras's function of the same name (exported too;
 * probabilistic_metrics.ts averages kl_divergence and poisson).
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num } from "../layers/options.js";
import { EPSILON, LOSS_CHECKS, axisOf, makeLoss, sameRank, sameShape, type KerasLoss, type LossOptions } from "./loss.js";

/** keras.losses.kl_divergence: Σ y·log(y / p) over the last axis, both clipped to [ε, 1]. */
export function klDivergence(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const y = tf.clipByValue(tf.cast(yTrue, "float32"), EPSILON, 1);
  const p = tf.clipByValue(tf.cast(yPred, "float32"), EPSILON, 1);
  return tf.sum(tf.mul(y, tf.log(tf.div(y, p))), -1);
}

/** keras.losses.poisson: mean(p − y·log(p + ε)) over the last axis. */
export function poisson(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const y = tf.cast(yTrue, "float32");
  const p = tf.cast(yPred, "float32");
  return tf.mean(tf.sub(p, tf.mul(y, tf.log(tf.add(p, EPSILON)))), -1);
}

/** Σ y·log(y / p): how far the predicted distribution is from the target one. */
export function KLDivergence(options?: LossOptions): KerasLoss {
  const o = checkOptions("KLDivergence", options, LOSS_CHECKS);
  return makeLoss("KLDivergence", "kl_divergence", "categorical", false, {}, o, (t, p) => klDivergence(...sameRank(t, p)));
}

/** mean(p − y·log(p + ε)): the Poisson negative log-likelihood up to a constant. */
export function Poisson(options?: LossOptions): KerasLoss {
  const o = checkOptions("Poisson", options, LOSS_CHECKS);
  return makeLoss("Poisson", "poisson", "regression", false, {}, o, (t, p) => poisson(...sameRank(t, p)));
}

const AXIS = num(-Infinity, Infinity, { integer: true });

export interface BinaryFocalCrossentropyOptions extends LossOptions {
  /** Weigh positives by `alpha` and negatives by 1 − alpha (Keras's default false). */
  applyClassBalancing?: boolean;
  /** The positive class's weight when `applyClassBalancing`; default 0.25. */
  alpha?: number;
  /** The focusing exponent of (1 − p_t); default 2. */
  gamma?: number;
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** The axis of the mean; default −1. */
  axis?: number;
}

/**
 * keras.losses.binary_focal_crossentropy: mean over `axis` of (1 − p_t)^gamma · BCE, p_t the
 * probability given to the true label, times alpha/(1 − alpha) with class balancing.
 */
export function BinaryFocalCrossentropy(options?: BinaryFocalCrossentropyOptions): KerasLoss {
  const o = checkOptions("BinaryFocalCrossentropy", options, {
    ...LOSS_CHECKS,
    applyClassBalancing: bool,
    alpha: num(),
    gamma: num(0),
    fromLogits: bool,
    labelSmoothing: num(0, 1),
    axis: AXIS,
  });
  const applyClassBalancing: boolean = o.applyClassBalancing ?? false;
  const alpha: number = o.alpha ?? 0.25;
  const gamma: number = o.gamma ?? 2;
  const fromLogits: boolean = o.fromLogits ?? false;
  const labelSmoothing: number = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  const config = { fromLogits, labelSmoothing, axis, applyClassBalancing, alpha, gamma };
  return makeLoss("BinaryFocalCrossentropy", "binary_focal_crossentropy", "binary", fromLogits, config, o, (t, pred) => {
    let [y, p] = sameRank(t, pred);
    sameShape("BinaryFocalCrossentropy", y, p);
    if (labelSmoothing > 0) y = tf.add(tf.mul(y, 1 - labelSmoothing), 0.5 * labelSmoothing);
    if (fromLogits) p = tf.sigmoid(p);
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const bce = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    const pT = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
    let focal = tf.mul(tf.pow(tf.sub(1, pT), gamma), bce);
    if (applyClassBalancing) focal = tf.mul(tf.add(tf.mul(y, alpha), tf.mul(tf.sub(1, y), 1 - alpha)), focal);
    return tf.mean(focal, axisOf("BinaryFocalCrossentropy", axis, p));
  });
}

export interface CategoricalFocalCrossentropyOptions extends LossOptions {
  /** The weighting factor; default 0.25. */
  alpha?: number;
  /** The focusing exponent of (1 − p); default 2. */
  gamma?: number;
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** The axis of the classes; default −1. */
  axis?: number;
}

/** Softmax along any axis (tfjs's runs along the last one only). */
function softmaxAlong(x: tf.Tensor, axis: number): tf.Tensor {
  if (axis === x.rank - 1) return tf.softmax(x);
  const perm = [...Array(x.rank).keys()].filter((i) => i !== axis).concat(axis);
  const back = perm.map((_, i) => perm.indexOf(i));
  return tf.transpose(tf.softmax(tf.transpose(x, perm)), back);
}

/**
 * keras.losses.categorical_focal_crossentropy: Σ over the classes of
 * alpha · (1 − p)^gamma · (−y·log p), p the normalized (softmax of logits) prediction clipped to [ε, 1 − ε].
 */
export function CategoricalFocalCrossentropy(options?: CategoricalFocalCrossentropyOptions): KerasLoss {
  const o = checkOptions("CategoricalFocalCrossentropy", options, {
    ...LOSS_CHECKS,
    alpha: num(),
    gamma: num(0),
    fromLogits: bool,
    labelSmoothing: num(0, 1),
    axis: AXIS,
  });
  const alpha: number = o.alpha ?? 0.25;
  const gamma: number = o.gamma ?? 2;
  const fromLogits: boolean = o.fromLogits ?? false;
  const labelSmoothing: number = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  const config = { fromLogits, labelSmoothing, axis, alpha, gamma };
  return makeLoss("CategoricalFocalCrossentropy", "categorical_focal_crossentropy", "categorical", fromLogits, config, o, (t, pred) => {
    let [y, p] = sameRank(t, pred);
    const a = axisOf("CategoricalFocalCrossentropy", axis, p);
    if (labelSmoothing > 0) y = tf.add(tf.mul(y, 1 - labelSmoothing), labelSmoothing / (p.shape[a] as number));
    if (fromLogits) p = softmaxAlong(p, a);
    const output = tf.clipByValue(tf.div(p, tf.sum(p, a, true)), EPSILON, 1 - EPSILON);
    const cce = tf.mul(tf.neg(y), tf.log(output));
    const weighting = tf.mul(tf.pow(tf.sub(1, output), gamma), alpha);
    return tf.sum(tf.mul(weighting, cce), a);
  });
}

/**
 * keras.losses.categorical_generalized_cross_entropy: (1 − p^q) / q, p the probability given to the
 * true class (integer targets, shape [batch] or the predictions' shape less the class axis; a
 * trailing class axis of 1 is dropped). As q → 0 it tends to the cross-entropy, at q = 1 it is MAE.
 */
export function categoricalGeneralizedCrossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor, q: number): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  let labels = tf.cast(yTrue, "int32");
  // Keras's docstring takes [batch, 1] targets; its one_hot would broadcast them against the rows.
  if (labels.rank === p.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
  const classes = p.shape[p.rank - 1] as number;
  const oneHot = tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), classes), [...labels.shape, classes]);
  const pTrue = tf.sum(tf.mul(p, oneHot), -1);
  return tf.div(tf.sub(1, tf.pow(pTrue, q)), q);
}

export interface CategoricalGeneralizedCrossEntropyOptions extends LossOptions {
  /** The noise parameter, in (0, 1): near 0 like the cross-entropy, near 1 like MAE; default 0.5. */
  q?: number;
}

const OPEN_UNIT = (v: unknown, where: string): number => {
  if (typeof v !== "number" || !(v > 0 && v < 1)) throw new RangeError(`${where} must be in the interval (0, 1); got ${JSON.stringify(v)}`);
  return v;
};

/** (1 − p^q) / q of the true class's probability: a cross-entropy robust to noisy labels (Zhang & Sabuncu, 2018). */
export function CategoricalGeneralizedCrossEntropy(options?: CategoricalGeneralizedCrossEntropyOptions): KerasLoss {
  const o = checkOptions("CategoricalGeneralizedCrossEntropy", options, { ...LOSS_CHECKS, q: OPEN_UNIT });
  const q: number = o.q ?? 0.5;
  return makeLoss("CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy", "sparse_categorical", false, { q }, o, (t, p) =>
    categoricalGeneralizedCrossEntropy(...sameRank(t, p), q),
  );
}
