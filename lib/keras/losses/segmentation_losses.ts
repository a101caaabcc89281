/**
 * Keras 3's image-segmentation losses (keras/src/losses/losses.py Dice, Tversky): one minus an
 * overlap ratio of targets and predictions summed over `axis` (every axis by default, so one
 * value for the whole batch; `axis: [1, 2, 3]` gives one per sample).
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num } from "../layers/options.js";
import { EPSILON, LOSS_CHECKS, makeLoss, sameRank, type KerasLoss, type LossOptions } from "./loss.js";

export type ReductionAxis = number | number[] | null;

const AXIS_CHECK = (v: unknown, where: string): ReductionAxis => {
  if (v === null) return null;
  const isInt = (a: unknown) => typeof a === "number" && Number.isInteger(a);
  if (isInt(v) || (Array.isArray(v) && v.length > 0 && v.every(isInt))) return v as ReductionAxis;
  throw new TypeError(`${where} must be null, an integer or a non-empty list of integers; got ${JSON.stringify(v)}`);
};

/** The axes as tfjs takes them (undefined: all), each checked against the rank. */
function axesOf(owner: string, axis: ReductionAxis, rank: number): number | number[] | undefined {
  if (axis === null) return undefined;
  for (const a of Array.isArray(axis) ? axis : [axis]) {
    if (a < -rank || a >= rank) throw new RangeError(`${owner}: axis ${a} is out of bounds for predictions of rank ${rank}`);
  }
  return axis;
}

/** keras.losses.dice: 1 − 2·Σ(y·p) / (Σy + Σp + ε), the sums over `axis`. */
export function dice(yTrue: tf.Tensor, yPred: tf.Tensor, axis: ReductionAxis = null): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  const y = tf.cast(yTrue, "float32");
  const ax = axesOf("dice", axis, p.rank);
  const intersection = tf.sum(tf.mul(y, p), ax);
  return tf.sub(1, tf.div(tf.mul(2, intersection), tf.add(tf.add(tf.sum(y, ax), tf.sum(p, ax)), EPSILON)));
}

/** keras.losses.tversky: 1 − TP / (TP + alpha·FP + beta·FN + ε), the soft counts summed over `axis`. */
export function tversky(yTrue: tf.Tensor, yPred: tf.Tensor, alpha = 0.5, beta = 0.5, axis: ReductionAxis = null): tf.Tensor {
  const p = tf.cast(yPred, "float32");
  const y = tf.cast(yTrue, "float32");
  const ax = axesOf("tversky", axis, p.rank);
  const intersection = tf.sum(tf.mul(p, y), ax);
  const fp = tf.sum(tf.mul(tf.sub(1, y), p), ax);
  const fn = tf.sum(tf.mul(y, tf.sub(1, p)), ax);
  return tf.sub(1, tf.div(intersection, tf.add(tf.add(tf.add(intersection, tf.mul(fp, alpha)), tf.mul(fn, beta)), EPSILON)));
}

export interface DiceOptions extends LossOptions {
  /** The axes the sums run over: null (Keras's default) for all, an integer or a list. */
  axis?: ReductionAxis;
}

/** 1 − the Dice coefficient of targets and predictions. */
export function Dice(options?: DiceOptions): KerasLoss {
  const o = checkOptions("Dice", options, { ...LOSS_CHECKS, axis: AXIS_CHECK });
  const axis: ReductionAxis = o.axis ?? null;
  return makeLoss("Dice", "dice", "binary", false, { axis }, o, (t, p) => {
    const [y, q] = sameRank(t, p);
    return dice(y, q, axesOf("Dice", axis, q.rank) ?? null);
  });
}

export interface TverskyOptions extends DiceOptions {
  /** The weight of false positives; default 0.5. */
  alpha?: number;
  /** The weight of false negatives; default 0.5. */
  beta?: number;
}

/** 1 − the Tversky index (alpha = beta = 0.5 is the Dice coefficient). */
export function Tversky(options?: TverskyOptions): KerasLoss {
  const o = checkOptions("Tversky", options, { ...LOSS_CHECKS, alpha: num(), beta: num(), axis: AXIS_CHECK });
  const alpha: number = o.alpha ?? 0.5;
  const beta: number = o.beta ?? 0.5;
  const axis: ReductionAxis = o.axis ?? null;
  return makeLoss("Tversky", "tversky", "binary", false, { alpha, beta, axis }, o, (t, p) => {
    const [y, q] = sameRank(t, p);
    return tversky(y, q, alpha, beta, axesOf("Tversky", axis, q.rank) ?? null);
  });
}
