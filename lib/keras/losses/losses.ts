/**
 * Keras's losses as classes (`SparseCategoricalCrossentropy({ fromLogits: true })`) and by name
 * ("sparse_categorical_crossentropy", "mse"). Each loss object is a function
 * `(yTrue, yPred) => per-sample loss` named as Keras names it, which is what tfjs's `compile`
 * takes, so the same object works in any tf.LayersModel. `kind` tells `compile` which accuracy
 * "accuracy" means and whether targets are class indices.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num, oneOf } from "../layers/options.js";

export type LossKind = "sparse_categorical" | "categorical" | "binary" | "regression";

export interface KerasLoss {
  (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;
  readonly kerasName: string;
  readonly kind: LossKind;
  readonly fromLogits: boolean;
  getConfig(): Record<string, unknown>;
}

const EPSILON = 1e-7;

function makeLoss(className: string, kerasName: string, kind: LossKind, fromLogits: boolean, config: Record<string, unknown>, fn: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor): KerasLoss {
  const loss = ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.tidy(() => fn(yTrue, yPred))) as KerasLoss;
  Object.defineProperty(loss, "name", { value: kerasName });
  Object.defineProperties(loss, {
    kerasName: { value: kerasName },
    kind: { value: kind },
    fromLogits: { value: fromLogits },
    className: { value: className },
    getConfig: { value: () => ({ name: kerasName, ...config }) },
  });
  return loss;
}

export interface CrossentropyOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  /** The axis of the classes (categorical) or of the mean (binary); Keras's default -1. */
  axis?: number;
}

const CE_CHECKS = { fromLogits: bool, labelSmoothing: num(0, 1), axis: num(-Infinity, Infinity, { integer: true }) };

/** `axis` as an index into `p`'s shape, or an error naming it. */
function axisOf(owner: string, axis: number, p: tf.Tensor): number {
  if (axis < -p.rank || axis >= p.rank) throw new RangeError(`${owner}: axis ${axis} is out of bounds for predictions of rank ${p.rank}`);
  return axis < 0 ? axis + p.rank : axis;
}

/** Mean over the last axis of per-element binary cross-entropy, as Keras. */
export function BinaryCrossentropy(options?: CrossentropyOptions): KerasLoss {
  const o = checkOptions("BinaryCrossentropy", options, CE_CHECKS);
  const fromLogits = o.fromLogits ?? false;
  const smoothing = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  return makeLoss("BinaryCrossentropy", "binary_crossentropy", "binary", fromLogits, { fromLogits, labelSmoothing: smoothing, axis }, (t, p) => {
    let y = tf.cast(t, "float32");
    if (y.rank === p.rank - 1) y = tf.expandDims(y, -1);
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
  return makeLoss("CategoricalCrossentropy", "categorical_crossentropy", "categorical", fromLogits, { fromLogits, labelSmoothing: smoothing, axis }, (t, p) => {
    let y = tf.cast(t, "float32");
    const a = axisOf("CategoricalCrossentropy", axis, p);
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

export interface SparseCategoricalCrossentropyOptions {
  fromLogits?: boolean;
  /** Targets equal to this class contribute no loss (Keras's `ignore_class`). */
  ignoreClass?: number | null;
  axis?: -1;
}

/** Cross-entropy against integer class targets (shape [batch] or [batch, 1]). */
export function SparseCategoricalCrossentropy(options?: SparseCategoricalCrossentropyOptions): KerasLoss {
  const o = checkOptions("SparseCategoricalCrossentropy", options, {
    fromLogits: bool,
    ignoreClass: (v, w) => (v === null ? null : num(-Infinity, Infinity, { integer: true })(v, w)),
    axis: oneOf(-1),
  });
  const fromLogits = o.fromLogits ?? false;
  const ignoreClass: number | null = o.ignoreClass ?? null;
  return makeLoss("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", "sparse_categorical", fromLogits, { fromLogits, ignoreClass }, (t, p) => {
    const classes = p.shape[p.rank - 1] as number;
    let labels = tf.cast(t, "int32");
    if (labels.rank === p.rank) labels = tf.squeeze(labels, [-1]);
    const oneHot = tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), classes), p.shape);
    let loss = crossentropy(oneHot, p, fromLogits);
    if (ignoreClass !== null) loss = tf.mul(loss, tf.cast(tf.notEqual(labels, ignoreClass), "float32"));
    return loss;
  });
}

export function MeanSquaredError(): KerasLoss {
  return makeLoss("MeanSquaredError", "mean_squared_error", "regression", false, {}, (t, p) => tf.mean(tf.square(tf.sub(p, matchRank(t, p))), -1));
}

export function MeanAbsoluteError(): KerasLoss {
  return makeLoss("MeanAbsoluteError", "mean_absolute_error", "regression", false, {}, (t, p) => tf.mean(tf.abs(tf.sub(p, matchRank(t, p))), -1));
}

export interface HuberOptions {
  delta?: number;
}

/** Quadratic for |error| ≤ delta, linear beyond. */
export function Huber(options?: HuberOptions): KerasLoss {
  const o = checkOptions("Huber", options, { delta: num(0, Infinity, { minExclusive: true }) });
  const delta: number = o.delta ?? 1;
  return makeLoss("Huber", "huber_loss", "regression", false, { delta }, (t, p) => {
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
  mean_squared_error: MeanSquaredError,
  mse: MeanSquaredError,
  mean_absolute_error: MeanAbsoluteError,
  mae: MeanAbsoluteError,
  huber: () => Huber(),
  huber_loss: () => Huber(),
  // tfjs's own names, so code written for tfjs keeps working.
  binaryCrossentropy: () => BinaryCrossentropy(),
  categoricalCrossentropy: () => CategoricalCrossentropy(),
  sparseCategoricalCrossentropy: () => SparseCategoricalCrossentropy(),
  meanSquaredError: MeanSquaredError,
  meanAbsoluteError: MeanAbsoluteError,
};

export type LossName =
  | "binary_crossentropy" | "categorical_crossentropy" | "sparse_categorical_crossentropy"
  | "mean_squared_error" | "mse" | "mean_absolute_error" | "mae" | "huber" | "huber_loss";

export function isKerasLoss(v: unknown): v is KerasLoss {
  return typeof v === "function" && typeof (v as KerasLoss).kind === "string" && typeof (v as KerasLoss).kerasName === "string";
}

/** `keras.losses.get("mse")`: a loss by Keras name; a loss object or function passes through. */
export function get(identifier: LossName | KerasLoss | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string" && Object.prototype.hasOwnProperty.call(BY_NAME, identifier)) return BY_NAME[identifier]();
  throw new RangeError(`loss: unknown loss ${JSON.stringify(identifier)}; accepted: ${Object.keys(BY_NAME).join(", ")}, or a loss object/function`);
}
