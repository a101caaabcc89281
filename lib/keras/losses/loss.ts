/**
 * What every Keras loss object is made of (keras/src/losses/loss.py): the `reduction` and `name`
 * options, `squeeze_or_expand_to_same_rank`, `reduce_weighted_values`, and `makeLoss`, which turns
 * a per-sample function into a loss object. The losses themselves live beside it, one family a
 * file (losses.ts: cross-entropies, MSE/MAE/Huber and the registry by name; regression_losses.ts,
 * hinge_losses.ts, probabilistic_losses.ts, segmentation_losses.ts).
 */
import * as tf from "@tensorflow/tfjs";

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
  (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | tf.TensorLike): tf.Tensor;
  /** The unreduced loss (one value per sample, or per step for sequences): what compile gives tfjs. */
  readonly perSample: PerSampleLoss;
  readonly kerasName: string;
  readonly kind: LossKind;
  readonly fromLogits: boolean;
  readonly reduction: Reduction;
  getConfig(): Record<string, unknown>;
}

/** keras.backend.epsilon(). */
export const EPSILON = 1e-7;
export const LOSS_CHECKS = {
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

/**
 * keras/src/losses/loss.py squeeze_or_expand_to_same_rank exactly, as LossFunctionWrapper applies
 * it to (y_true, y_pred) before the loss function (both cast to float32, as Loss.__call__ does): when the ranks differ
 * by one and the longer has a trailing 1, a rank-1 shorter one gains an axis, else the longer one
 * loses it; otherwise both are left to broadcast.
 */
export function sameRank(yTrue: tf.Tensor, yPred: tf.Tensor): [tf.Tensor, tf.Tensor] {
  let t = tf.cast(yTrue, "float32");
  let p = tf.cast(yPred, "float32");
  if (t.rank === p.rank + 1 && t.shape[t.rank - 1] === 1) {
    if (p.rank === 1) p = tf.expandDims(p, -1);
    else t = tf.squeeze(t, [-1]);
  } else if (p.rank === t.rank + 1 && p.shape[p.rank - 1] === 1) {
    if (t.rank === 1) t = tf.expandDims(t, -1);
    else p = tf.squeeze(p, [-1]);
  }
  return [t, p];
}

/** keras/src/losses/loss.py reduce_weighted_values (without masks). */
export function reduceWeighted(values: tf.Tensor, sampleWeight: tf.Tensor | tf.TensorLike | undefined, reduction: Reduction): tf.Tensor {
  let weighted = values;
  let weight: tf.Tensor | undefined;
  if (sampleWeight !== undefined) {
    [weighted, weight] = squeezeOrExpandToSameRank(values, tf.cast(sampleWeight instanceof tf.Tensor ? sampleWeight : tf.tensor(sampleWeight as number[]), "float32"));
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

export function makeLoss(
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
  const loss = ((yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | tf.TensorLike) =>
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

/** `axis` as an index into `p`'s shape, or an error naming it. */
export function axisOf(owner: string, axis: number, p: tf.Tensor): number {
  if (axis < -p.rank || axis >= p.rank) throw new RangeError(`${owner}: axis ${axis} is out of bounds for predictions of rank ${p.rank}`);
  return axis < 0 ? axis + p.rank : axis;
}

/** Keras's ops.binary/categorical_crossentropy refuse targets shaped unlike the predictions (no broadcasting). */
export function sameShape(owner: string, y: tf.Tensor, p: tf.Tensor): void {
  if (y.rank !== p.rank || y.shape.some((d, i) => d !== p.shape[i])) {
    throw new RangeError(`${owner}: Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=[${y.shape.join(", ")}], output.shape=[${p.shape.join(", ")}]`);
  }
}
