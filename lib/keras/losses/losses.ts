/**
 * Keras's losses as objects (`SparseCategoricalCrossentropy({ fromLogits: true })`) and by name
 * ("sparse_categorical_crossentropy", "mse"). As in Keras, calling a loss object,
 * `loss(yTrue, yPred, sampleWeight?)`, returns the reduced loss: its `reduction`
 * ("sum_over_batch_size", the default; "sum"; "mean"; "mean_with_sample_weight"; "none") of the
 * per-sample losses times the sample weights (keras/src/losses/loss.py `reduce_weighted_values`).
 * `loss.perSample` is the unreduced function, named as Keras names it, which is what `compile`
 * hands tfjs (tfjs weights and averages it itself). `kind` tells `compile` which accuracy
 * "accuracy" means and whether targets are class indices.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num, oneOf } from "../layers/options.js";

export type LossKind = "sparse_categorical" | "categorical" | "binary" | "regression";

export type Reduction = "sum_over_batch_size" | "sum" | "mean" | "mean_with_sample_weight" | "none";
const REDUCTIONS: Reduction[] = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"];

/** What every loss takes besides its own options (Keras's `reduction` and `name`). */
export interface LossOptions {
  reduction?: Reduction | null;
  name?: string;
}

export type PerSampleLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface KerasLoss {
  /** The loss reduced by `reduction`, the per-sample losses weighted by `sampleWeight` first. */
  (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | number): tf.Tensor;
  /** The unreduced loss (one value per sample, or per step for sequences): what compile gives tfjs. */
  readonly perSample: PerSampleLoss;
  readonly kerasName: string;
  readonly kind: LossKind;
  readonly fromLogits: boolean;
  readonly reduction: Reduction;
  getConfig(): Record<string, unknown>;
}

const EPSILON = 1e-7;
const LOSS_CHECKS = {
  reduction: (v: unknown, where: string) => {
    if (v === null) return "none";
    if (typeof v === "string" && (REDUCTIONS as string[]).includes(v)) return v;
    throw new RangeError(`${where} must be one of ${REDUCTIONS.join(", ")} (or null); got ${JSON.stringify(v)}`);
  },
  name: (v: unknown, where: string) => {
    if (typeof v !== "string" || v === "") throw new TypeError(`${where} must be a non-empty string; got ${JSON.stringify(v)}`);
    return v;
  },
};

/**
 * keras/src/losses/loss.py squeeze_or_expand_to_same_rank, for (values, weights) one rank apart:
 * the longer one loses a trailing axis of 1, or else the shorter one gains one. Losses and the
 * mean metrics match their sample weights with it.
 */
export function squeezeOrExpandToSameRank(values: tf.Tensor, weight: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (values.rank === weight.rank + 1) return values.shape[values.rank - 1] === 1 ? [tf.squeeze(values, [-1]), weight] : [values, tf.expandDims(weight, -1)];
  if (weight.rank === values.rank + 1) return weight.shape[weight.rank - 1] === 1 ? [values, tf.squeeze(weight, [-1])] : [tf.expandDims(values, -1), weight];
  return [values, weight];
}

/** keras/src/losses/loss.py reduce_weighted_values (without masks). */
function reduceWeighted(values: tf.Tensor, sampleWeight: tf.Tensor | number | undefined, reduction: Reduction): tf.Tensor {
  let weighted = values;
  let weight: tf.Tensor | undefined;
  if (sampleWeight !== undefined) {
    [weighted, weight] = squeezeOrExpandToSameRank(values, tf.cast(typeof sampleWeight === "number" ? tf.scalar(sampleWeight) : sampleWeight, "float32"));
    weighted = tf.mul(weighted, weight);
  }
  if (reduction === "none" || weighted.rank === 0) return weighted;
  const sum = tf.sum(weighted);
  if (reduction === "sum") return sum;
  // Keras divides by the sum of the weights as given (after matching ranks), not broadcast.
  const divisor = reduction === "mean_with_sample_weight" && weight ? tf.sum(weight) : tf.scalar(weighted.size);
  // divide_no_nan: an empty or zero-weighted batch gives 0, not NaN.
  return tf.where(tf.equal(divisor, 0), tf.zerosLike(sum), tf.div(sum, divisor));
}

function makeLoss(
  className: string,
  kerasName: string,
  kind: LossKind,
  fromLogits: boolean,
  config: Record<string, unknown>,
  common: Record<string, unknown>,
  fn: PerSampleLoss,
): KerasLoss {
  const reduction = (common.reduction as Reduction | undefined) ?? "sum_over_batch_size";
  const name = (common.name as string | undefined) ?? kerasName;
  const perSample = ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.tidy(() => fn(yTrue, yPred))) as PerSampleLoss;
  Object.defineProperty(perSample, "name", { value: kerasName });
  const loss = ((yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | number) =>
    tf.tidy(() => reduceWeighted(fn(yTrue, yPred), sampleWeight, reduction))) as KerasLoss;
  Object.defineProperty(loss, "name", { value: kerasName });
  Object.defineProperties(loss, {
    perSample: { value: perSample },
    kerasName: { value: kerasName },
    kind: { value: kind },
    fromLogits: { value: fromLogits },
    reduction: { value: reduction },
    className: { value: className },
    getConfig: { value: () => ({ name, reduction, ...config }) },
  });
  return loss;
}

export interface CrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** The axis of the classes (categorical) or of the mean (binary); Keras's default -1. */
  axis?: number;
}

const CE_CHECKS = { ...LOSS_CHECKS, fromLogits: bool, labelSmoothing: num(0, 1), axis: num(-Infinity, Infinity, { integer: true }) };

/** `axis` as an index into `p`'s shape, or an error naming it. */
function axisOf(owner: string, axis: number, p: tf.Tensor): number {
  if (axis < -p.rank || axis >= p.rank) throw new RangeError(`${owner}: axis ${axis} is out of bounds for predictions of rank ${p.rank}`);
  return axis < 0 ? axis + p.rank : axis;
}

/** Keras's ops.binary/categorical_crossentropy refuse targets shaped unlike the predictions (no broadcasting). */
function sameShape(owner: string, y: tf.Tensor, p: tf.Tensor): void {
  if (y.rank !== p.rank || y.shape.some((d, i) => d !== p.shape[i])) {
    throw new RangeError(`${owner}: Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=[${y.shape.join(", ")}], output.shape=[${p.shape.join(", ")}]`);
  }
}

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
  const q = tf.clipByValue(tf.div(p, tf.sum(p, axis, true)), EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(q)), axis));
}

export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  /** Targets equal to this class contribute no loss (Keras's `ignore_class`). */
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
    if (labels.rank === p.rank) labels = tf.squeeze(labels, [-1]);
    const oneHot = tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), classes), p.shape);
    let loss = crossentropy(oneHot, p, fromLogits);
    if (ignoreClass !== null) loss = tf.mul(loss, tf.cast(tf.notEqual(labels, ignoreClass), "float32"));
    return loss;
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
  binary_crossentropy: () => BinaryCrossentropy(),
  categorical_crossentropy: () => CategoricalCrossentropy(),
  sparse_categorical_crossentropy: () => SparseCategoricalCrossentropy(),
  mean_squared_error: () => MeanSquaredError(),
  mse: () => MeanSquaredError(),
  mean_absolute_error: () => MeanAbsoluteError(),
  mae: () => MeanAbsoluteError(),
  huber: () => Huber(),
  huber_loss: () => Huber(),
  // tfjs's own names, so code written for tfjs keeps working.
  binaryCrossentropy: () => BinaryCrossentropy(),
  categoricalCrossentropy: () => CategoricalCrossentropy(),
  sparseCategoricalCrossentropy: () => SparseCategoricalCrossentropy(),
  meanSquaredError: () => MeanSquaredError(),
  meanAbsoluteError: () => MeanAbsoluteError(),
};

export type LossName =
  | "binary_crossentropy" | "categorical_crossentropy" | "sparse_categorical_crossentropy"
  | "mean_squared_error" | "mse" | "mean_absolute_error" | "mae" | "huber" | "huber_loss";

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
