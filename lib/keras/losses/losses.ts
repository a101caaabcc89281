/**
 * Keras's losses as objects (`SparseCategoricalCrossentropy({ fromLogits: true })`) and by name
 * ("sparse_categorical_crossentropy", "mse"). As in Keras, calling a loss object,
 * `loss(yTrue, yPred, sampleWeight?)`, returns the reduced loss: its `reduction`
 * ("sum_over_batch_size", the default; "sum"; "mean"; "mean_with_sample_weight"; "none") of the
 * per-sample losses times the sample weights (keras/src/losses/loss.py `reduce_weighted_values`).
 * `loss.perSample` is the unreduced function, named as Keras names it, which is what `compile`
 * hands tfjs (tfjs weights and averages it itself). `kind` tells `compile` which accuracy
 * "accuracy" means and whether targets are class indices.
 *
 * This file holds the three cross-entropies, MSE, MAE and Huber, and the registry by name of every
 * loss (Keras's function names and aliases, its class names, tfjs's names); the other families
 * are in regression_losses.ts, hinge_losses.ts, probabilistic_losses.ts, segmentation_losses.ts,
 * circle.ts and ctc.ts, all built on loss.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num } from "../layers/options.js";
import { fusedCategoricalCrossentropy, hasFusedCrossentropy } from "../../backend/kernels/categorical_crossentropy.js";
import { fusedBinaryCrossentropy, hasFusedBinaryCrossentropy } from "../../backend/kernels/binary_crossentropy.js";
import { EPSILON, LOSS_CHECKS, axisOf, makeLoss, sameShape, type KerasLoss, type LossOptions, type PerSampleLoss } from "./loss.js";

import { CosineSimilarity, LogCosh, MeanAbsolutePercentageError, MeanSquaredLogarithmicError } from "./regression_losses.js";
import { CategoricalHinge, Hinge, SquaredHinge } from "./hinge_losses.js";
import { BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy, KLDivergence, Poisson } from "./probabilistic_losses.js";
import { Dice, Tversky } from "./segmentation_losses.js";
import { Circle } from "./circle.js";
import { CTC } from "./ctc.js";

export type { KerasLoss, LossKind, LossOptions, PerSampleLoss, Reduction } from "./loss.js";
export { squeezeOrExpandToSameRank } from "./loss.js";

export interface CrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** The axis of the classes (categorical) or of the mean (binary); Keras's default -1. */
  axis?: number;
}

const CE_CHECKS = { ...LOSS_CHECKS, fromLogits: bool, labelSmoothing: num(0, 1), axis: num(-Infinity, Infinity, { integer: true }) };

/** Mean over the last axis of per-element binary cross-entropy, as Keras. */
export function BinaryCrossentropy(options?: CrossentropyOptions): KerasLoss {
  const o = checkOptions("BinaryCrossentropy", options, CE_CHECKS);
  const fromLogits = o.fromLogits ?? false;
  const smoothing = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  return makeLoss("BinaryCrossentropy", "binary_crossentropy", "binary", fromLogits, { fromLogits, labelSmoothing: smoothing, axis }, o, (t, p) => {
    let y = tf.cast(t, "float32");
    if (y.rank === p.rank - 1) y = tf.expandDims(y, -1);
    sameShape("BinaryCrossentropy", y, p);
    if (smoothing > 0) y = tf.add(tf.mul(y, 1 - smoothing), 0.5 * smoothing);
    let perElement: tf.Tensor;
    if (fromLogits) {
      // max(x, 0) - x*y + log(1 + exp(-|x|)): stable for any logit.
      perElement = tf.add(tf.sub(tf.relu(p), tf.mul(p, y)), tf.log1p(tf.exp(tf.neg(tf.abs(p)))));
    } else {
      const a = axisOf("BinaryCrossentropy", axis, p);
      if (a === p.rank - 1 && hasFusedBinaryCrossentropy(p)) return fusedBinaryCrossentropy(y, p, EPSILON);
      const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
      perElement = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    }
    return tf.mean(perElement, axisOf("BinaryCrossentropy", axis, p));
  });
}

/** Cross-entropy against one-hot targets, the classes along `axis`. */
export function CategoricalCrossentropy(options?: CrossentropyOptions): KerasLoss {
  const o = checkOptions("CategoricalCrossentropy", options, CE_CHECKS);
  const fromLogits = o.fromLogits ?? false;
  const smoothing = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  return makeLoss("CategoricalCrossentropy", "categorical_crossentropy", "categorical", fromLogits, { fromLogits, labelSmoothing: smoothing, axis }, o, (t, p) => {
    let y = tf.cast(t, "float32");
    const a = axisOf("CategoricalCrossentropy", axis, p);
    sameShape("CategoricalCrossentropy", y, p);
    const classes = p.shape[a] as number;
    if (smoothing > 0) y = tf.add(tf.mul(y, 1 - smoothing), smoothing / classes);
    return crossentropy(y, p, fromLogits, a);
  });
}

function crossentropy(oneHot: tf.Tensor, p: tf.Tensor, fromLogits: boolean, axis = -1): tf.Tensor {
  if (fromLogits) {
    // logSoftmax runs along the last axis: move the classes there.
    const last = p.rank - 1;
    const a = axis < 0 ? axis + p.rank : axis;
    if (a !== last) {
      const perm = [...Array(p.rank).keys()].filter((i) => i !== a).concat(a);
      return tf.neg(tf.sum(tf.mul(tf.transpose(oneHot, perm), tf.logSoftmax(tf.transpose(p, perm))), -1));
    }
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(p)), -1));
  }
  const last = axis === -1 || axis === p.rank - 1;
  if (last && hasFusedCrossentropy(p)) return fusedCategoricalCrossentropy(oneHot, p, EPSILON);
  const q = tf.clipByValue(tf.div(p, tf.sum(p, axis, true)), EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(q)), axis));
}

export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  /** Targets equal to this class give 0 and are left out of the mean (Keras's `ignore_class`). */
  ignoreClass?: number | null;
  /** The axis of the classes in the predictions (Keras's default -1). */
  axis?: number;
}

/** Cross-entropy against integer class targets (shape [batch] or [batch, 1]; the predictions' class axis removed). */
export function SparseCategoricalCrossentropy(options?: SparseCategoricalCrossentropyOptions): KerasLoss {
  const o = checkOptions("SparseCategoricalCrossentropy", options, {
    ...LOSS_CHECKS,
    fromLogits: bool,
    ignoreClass: (v, w) => (v === null ? null : num(-Infinity, Infinity, { integer: true })(v, w)),
    axis: num(-Infinity, Infinity, { integer: true }),
  });
  const fromLogits = o.fromLogits ?? false;
  const ignoreClass: number | null = o.ignoreClass ?? null;
  const axis: number = o.axis ?? -1;
  return makeLoss("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", "sparse_categorical", fromLogits, { fromLogits, ignoreClass, axis }, o, (t, pred) => {
    // Classes last, as the one-hot below expects.
    const a = axisOf("SparseCategoricalCrossentropy", axis, pred);
    const p = a === pred.rank - 1 ? pred : tf.transpose(pred, [...Array(pred.rank).keys()].filter((i) => i !== a).concat(a));
    const classes = p.shape[p.rank - 1] as number;
    let labels = tf.cast(t, "int32");
    // Targets with the predictions' rank carry a class axis of 1 where the predictions have theirs.
    if (labels.rank === pred.rank && labels.shape[a] === 1) labels = tf.squeeze(labels, [a]);
    const oneHot = tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), classes), p.shape);
    const loss = crossentropy(oneHot, p, fromLogits);
    if (ignoreClass === null) return loss;
    // As Keras: the ignored targets give 0 and are masked, so the mean runs over the others.
    const mask = tf.notEqual(labels, ignoreClass);
    return { values: tf.mul(loss, tf.cast(mask, "float32")), mask };
  });
}

export function MeanSquaredError(options?: LossOptions): KerasLoss {
  const o = checkOptions("MeanSquaredError", options, LOSS_CHECKS);
  return makeLoss("MeanSquaredError", "mean_squared_error", "regression", false, {}, o, (t, p) => tf.mean(tf.square(tf.sub(p, matchRank(t, p))), -1));
}

export function MeanAbsoluteError(options?: LossOptions): KerasLoss {
  const o = checkOptions("MeanAbsoluteError", options, LOSS_CHECKS);
  return makeLoss("MeanAbsoluteError", "mean_absolute_error", "regression", false, {}, o, (t, p) => tf.mean(tf.abs(tf.sub(p, matchRank(t, p))), -1));
}

export interface HuberOptions extends LossOptions {
  delta?: number;
}

/** Quadratic for |error| ≤ delta, linear beyond. */
export function Huber(options?: HuberOptions): KerasLoss {
  const o = checkOptions("Huber", options, { ...LOSS_CHECKS, delta: num(0, Infinity, { minExclusive: true }) });
  const delta: number = o.delta ?? 1;
  return makeLoss("Huber", "huber_loss", "regression", false, { delta }, o, (t, p) => {
    const err = tf.abs(tf.sub(p, matchRank(t, p)));
    const quadratic = tf.minimum(err, delta);
    const linear = tf.sub(err, quadratic);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)), -1);
  });
}

function matchRank(t: tf.Tensor, p: tf.Tensor): tf.Tensor {
  const y = tf.cast(t, "float32");
  return y.rank === p.rank - 1 ? tf.expandDims(y, -1) : y;
}

const BY_NAME: Record<string, () => KerasLoss> = {
  // Keras's function names and aliases (keras/src/losses/__init__.py ALL_OBJECTS_DICT).
  binary_crossentropy: () => BinaryCrossentropy(),
  bce: () => BinaryCrossentropy(),
  categorical_crossentropy: () => CategoricalCrossentropy(),
  sparse_categorical_crossentropy: () => SparseCategoricalCrossentropy(),
  binary_focal_crossentropy: () => BinaryFocalCrossentropy(),
  categorical_focal_crossentropy: () => CategoricalFocalCrossentropy(),
  mean_squared_error: () => MeanSquaredError(),
  mse: () => MeanSquaredError(),
  mean_absolute_error: () => MeanAbsoluteError(),
  mae: () => MeanAbsoluteError(),
  mean_absolute_percentage_error: () => MeanAbsolutePercentageError(),
  mape: () => MeanAbsolutePercentageError(),
  mean_squared_logarithmic_error: () => MeanSquaredLogarithmicError(),
  msle: () => MeanSquaredLogarithmicError(),
  cosine_similarity: () => CosineSimilarity(),
  huber: () => Huber(),
  huber_loss: () => Huber(),
  log_cosh: () => LogCosh(),
  logcosh: () => LogCosh(),
  hinge: () => Hinge(),
  squared_hinge: () => SquaredHinge(),
  categorical_hinge: () => CategoricalHinge(),
  kl_divergence: () => KLDivergence(),
  kld: () => KLDivergence(),
  kullback_leibler_divergence: () => KLDivergence(),
  poisson: () => Poisson(),
  dice: () => Dice(),
  tversky: () => Tversky(),
  categorical_generalized_cross_entropy: () => CategoricalGeneralizedCrossEntropy(),
  circle: () => Circle(),
  ctc: () => CTC(),
  // Keras's class names.
  BinaryCrossentropy: () => BinaryCrossentropy(),
  CategoricalCrossentropy: () => CategoricalCrossentropy(),
  SparseCategoricalCrossentropy: () => SparseCategoricalCrossentropy(),
  BinaryFocalCrossentropy: () => BinaryFocalCrossentropy(),
  CategoricalFocalCrossentropy: () => CategoricalFocalCrossentropy(),
  MeanSquaredError: () => MeanSquaredError(),
  MeanAbsoluteError: () => MeanAbsoluteError(),
  MeanAbsolutePercentageError: () => MeanAbsolutePercentageError(),
  MeanSquaredLogarithmicError: () => MeanSquaredLogarithmicError(),
  CosineSimilarity: () => CosineSimilarity(),
  Huber: () => Huber(),
  LogCosh: () => LogCosh(),
  Hinge: () => Hinge(),
  SquaredHinge: () => SquaredHinge(),
  CategoricalHinge: () => CategoricalHinge(),
  KLDivergence: () => KLDivergence(),
  Poisson: () => Poisson(),
  Dice: () => Dice(),
  Tversky: () => Tversky(),
  CategoricalGeneralizedCrossEntropy: () => CategoricalGeneralizedCrossEntropy(),
  Circle: () => Circle(),
  CTC: () => CTC(),
  // tfjs's own names, so code written for tfjs keeps working.
  binaryCrossentropy: () => BinaryCrossentropy(),
  categoricalCrossentropy: () => CategoricalCrossentropy(),
  sparseCategoricalCrossentropy: () => SparseCategoricalCrossentropy(),
  meanSquaredError: () => MeanSquaredError(),
  meanAbsoluteError: () => MeanAbsoluteError(),
  meanAbsolutePercentageError: () => MeanAbsolutePercentageError(),
  meanSquaredLogarithmicError: () => MeanSquaredLogarithmicError(),
  squaredHinge: () => SquaredHinge(),
  categoricalHinge: () => CategoricalHinge(),
  kullbackLeiblerDivergence: () => KLDivergence(),
  cosineProximity: () => CosineSimilarity(),
};

export type LossName =
  | "binary_crossentropy" | "bce" | "categorical_crossentropy" | "sparse_categorical_crossentropy"
  | "binary_focal_crossentropy" | "categorical_focal_crossentropy"
  | "mean_squared_error" | "mse" | "mean_absolute_error" | "mae" | "huber" | "huber_loss"
  | "mean_absolute_percentage_error" | "mape" | "mean_squared_logarithmic_error" | "msle"
  | "cosine_similarity" | "log_cosh" | "logcosh" | "hinge" | "squared_hinge" | "categorical_hinge"
  | "kl_divergence" | "kld" | "kullback_leibler_divergence" | "poisson" | "dice" | "tversky"
  | "categorical_generalized_cross_entropy" | "circle" | "ctc";

/** Keras's snake-case loss names, for messages (class and tfjs names are accepted too). */
export const LOSS_NAMES: readonly string[] = Object.keys(BY_NAME).filter((n) => /^[a-z_]+$/.test(n));

/** Whether `lossObject` knows the name. */
export function isLossName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(BY_NAME, name);
}

export function isKerasLoss(v: unknown): v is KerasLoss {
  return typeof v === "function" && typeof (v as KerasLoss).kind === "string" && typeof (v as KerasLoss).kerasName === "string";
}

/** The loss object a Keras name stands for (what `compile({ loss: "mse" })` uses). */
export function lossObject(name: string): KerasLoss {
  if (Object.prototype.hasOwnProperty.call(BY_NAME, name)) return BY_NAME[name]!();
  throw new RangeError(`loss: unknown loss ${JSON.stringify(name)}; accepted: ${Object.keys(BY_NAME).join(", ")}, or a loss object/function`);
}

/**
 * `keras.losses.get("mse")`: as Keras, a name gives the loss *function* (per-sample values,
 * `mean_squared_error(yTrue, yPred)`); a loss object or function passes through.
 */
export function get(identifier: LossName | KerasLoss | PerSampleLoss): PerSampleLoss | KerasLoss {
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string") return lossObject(identifier).perSample;
  throw new RangeError(`loss: unknown loss ${JSON.stringify(identifier)}; accepted: ${Object.keys(BY_NAME).join(", ")}, or a loss object/function`);
}
