/**
 * What every Keras loss object is made of (keras/src/losses/loss.py): the `reduction` and `name`
 * options, `squeeze_or_expand_to_same_rank`, `reduce_weighted_values` with its mask, and
 * `makeLoss`, which turns a per-sample function into a loss object. The losses themselves live
 * beside it, one family a file (losses.ts: cross-entropies, MSE/MAE/Huber and the registry by
 * name; regression_losses.ts, hinge_losses.ts, probabilistic_losses.ts, segmentation_losses.ts,
 * circle.ts, ctc.ts).
 */
import * as tf from "@tensorflow/tfjs";

/**
 * What a loss's targets are, for compile: class indices ("sparse_categorical"), one-hot or
 * probabilities ("categorical", "binary"), values ("regression"), or label sequences of their own
 * length ("sequence": CTC's [batch, max_length] against [batch, steps, classes]).
 */
export type LossKind = "sparse_categorical" | "categorical" | "binary" | "regression" | "sequence";

export type Reduction = "sum_over_batch_size" | "sum" | "mean" | "mean_with_sample_weight" | "none";
const REDUCTIONS: Reduction[] = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"];

/** What every loss takes besides its own options (Keras's `reduction` and `name`). */
export interface LossOptions {
  reduction?: Reduction | null;
  name?: string;
}

export type PerSampleLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * A loss function's values with the mask Keras attaches to them (`backend.set_keras_mask`):
 * SparseCategoricalCrossentropy's targets other than `ignore_class`, Circle's positive losses.
 * The reduction leaves the masked-out entries out (Keras's `apply_mask`).
 */
export interface MaskedValues {
  values: tf.Tensor;
  mask: tf.Tensor;
}

/**
 * `fn(x)` computed off tfjs's gradient tape, its gradient 0: for a mask a loss derives from its own
 * values (Circle's positive losses), since tfjs has no gradient for comparisons and would refuse
 * any gradient whose path crosses one. (What is computed from the result is still on the tape,
 * hence `divideNoNan` below.)
 */
export function offTape(x: tf.Tensor, fn: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const detached = tf.customGrad(((input: tf.Tensor) => ({ value: fn(input), gradFunc: () => tf.zerosLike(input) })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return detached(x);
}

/** What `makeLoss` builds a loss from: the per-sample values, or those with their mask. */
export type MaskedPerSampleLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor | MaskedValues;

export interface KerasLoss {
  /** The loss reduced by `reduction`, the per-sample losses weighted by `sampleWeight` first. */
  (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | tf.TensorLike): tf.Tensor;
  /** The unreduced loss (one value per sample, or per step for sequences): Keras's function of the same name. */
  readonly perSample: PerSampleLoss;
  /**
   * What compile hands tfjs's own compile, which takes a per-sample function: `perSample`, except
   * that a masked loss's kept values are scaled by (all entries) / (kept entries) and the others
   * are 0, so that their mean is Keras's default reduction over the kept entries only. (The
   * training and test steps call the loss object itself: models/compiled_loss.ts.)
   */
  readonly forTfjs: PerSampleLoss;
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

/**
 * 0 where `denominator` is 0, else the quotient (ops.divide_no_nan). Written without a
 * comparison: tfjs has no gradient for one and refuses any gradient whose path crosses it, and a
 * masked loss's divisor (its count of kept entries) can depend on its values.
 */
function divideNoNan(numerator: tf.Tensor, denominator: tf.Tensor): tf.Tensor {
  const nonZero = tf.step(tf.abs(denominator));
  return tf.div(tf.mul(numerator, nonZero), tf.add(denominator, tf.sub(1, nonZero)));
}

/**
 * keras/src/losses/loss.py apply_mask: the mask as a weight, merged into the sample weights. For
 * the mean reductions a kept entry weighs (all entries) / (kept entries), so the sum over all
 * divided by their number is the mean over the kept ones.
 */
function maskWeight(mask: tf.Tensor, reduction: Reduction): tf.Tensor {
  const kept = tf.cast(mask, "float32");
  if (reduction !== "mean" && reduction !== "sum_over_batch_size") return kept;
  return tf.mul(kept, divideNoNan(tf.scalar(mask.size), tf.sum(kept)));
}

/** keras/src/losses/loss.py reduce_weighted_values: the mask (if any) merged into the sample weights, then the reduction. */
export function reduceWeighted(values: tf.Tensor, sampleWeight: tf.Tensor | tf.TensorLike | undefined, reduction: Reduction, mask?: tf.Tensor): tf.Tensor {
  let weighted = values;
  let weight: tf.Tensor | undefined = sampleWeight === undefined ? undefined : tf.cast(sampleWeight instanceof tf.Tensor ? sampleWeight : tf.tensor(sampleWeight as number[]), "float32");
  if (mask !== undefined) {
    let m = maskWeight(mask, reduction);
    if (weight !== undefined) {
      [m, weight] = squeezeOrExpandToSameRank(m, weight);
      weight = tf.mul(weight, m);
    } else weight = m;
  }
  if (weight !== undefined) {
    [weighted, weight] = squeezeOrExpandToSameRank(values, weight);
    weighted = tf.mul(weighted, weight);
  }
  if (reduction === "none" || weighted.rank === 0) return weighted;
  const sum = tf.sum(weighted);
  if (reduction === "sum") return sum;
  // Keras divides by the sum of the weights as given (after matching ranks), not broadcast.
  const divisor = reduction === "mean_with_sample_weight" && weight ? tf.sum(weight) : tf.scalar(weighted.size);
  // divide_no_nan: an empty or zero-weighted batch gives 0, not NaN.
  return divideNoNan(sum, divisor);
}

function isMasked(v: tf.Tensor | MaskedValues): v is MaskedValues {
  return !(v instanceof tf.Tensor);
}

export function makeLoss(
  className: string,
  kerasName: string,
  kind: LossKind,
  fromLogits: boolean,
  config: Record<string, unknown>,
  common: Record<string, unknown>,
  fn: MaskedPerSampleLoss,
): KerasLoss {
  const reduction = (common.reduction as Reduction | undefined) ?? "sum_over_batch_size";
  const name = (common.name as string | undefined) ?? kerasName;
  const perSample = ((yTrue: tf.Tensor, yPred: tf.Tensor) =>
    tf.tidy(() => {
      const out = fn(yTrue, yPred);
      return isMasked(out) ? out.values : out;
    })) as PerSampleLoss;
  Object.defineProperty(perSample, "name", { value: kerasName });
  const forTfjs = ((yTrue: tf.Tensor, yPred: tf.Tensor) =>
    tf.tidy(() => {
      const out = fn(yTrue, yPred);
      if (!isMasked(out)) return out;
      const [values, weight] = squeezeOrExpandToSameRank(out.values, maskWeight(out.mask, "sum_over_batch_size"));
      return tf.mul(values, weight);
    })) as PerSampleLoss;
  Object.defineProperty(forTfjs, "name", { value: kerasName });
  const loss = ((yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | tf.TensorLike) =>
    tf.tidy(() => {
      const out = fn(yTrue, yPred);
      return isMasked(out) ? reduceWeighted(out.values, sampleWeight, reduction, out.mask) : reduceWeighted(out, sampleWeight, reduction);
    })) as KerasLoss;
  Object.defineProperty(loss, "name", { value: kerasName });
  Object.defineProperties(loss, {
    perSample: { value: perSample },
    forTfjs: { value: forTfjs },
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
