/**
 * Keras 3's mean metrics as stateful objects (keras/src/metrics/reduction_metrics.py `Sum`, `Mean`,
 * `MeanMetricWrapper`; accuracy_metrics.py; regression_metrics.py): `updateState(yTrue, yPred,
 * sampleWeight?)` adds a batch, `result()` is the weighted mean of the per-sample values since
 * `resetState()` (`Sum`: the weighted sum). Sample weights are matched to the values as Keras's
 * `reduce_to_samplewise_values` does (ranks matched, values averaged down to the weights' rank,
 * weights broadcast, both averaged to one value per sample).
 *
 * The per-sample values are metrics.ts's functions (what compile uses by name), except
 * BinaryAccuracy's, which like Keras 3's does not average over the last axis. Each is also
 * callable like a metric function, which is how compile and fit use it (the same
 * protocol as Precision/Recall, confusion_metrics.ts): a call adds the batch and returns the
 * running result, and model_extensions.ts logs `result()` per epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num, positiveInt, str } from "../layers/options.js";
import { statefulMetric, type StatefulMetric } from "./confusion_metrics.js";
import { squeezeOrExpandToSameRank } from "../losses/loss.js";
import * as perSample from "./metrics.js";

type Values = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type Input = tf.Tensor | tf.TensorLike;
const asTensor = (x: Input) => (x instanceof tf.Tensor ? x : tf.tensor(x as number[]));

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

type Reduce = (x: tf.Tensor, axis: number[]) => tf.Tensor;
const meanOver: Reduce = (x, axis) => tf.mean(x, axis);
const sumOver: Reduce = (x, axis) => tf.sum(x, axis);

/**
 * Keras's reduce_to_samplewise_values: [per-sample values (weighted), per-sample weights or null],
 * reduced by `reduce` (mean for Mean, sum for Sum).
 */
function samplewise(values: tf.Tensor, sampleWeight?: Input | null, reduce: Reduce = meanOver): [tf.Tensor, tf.Tensor | null] {
  let v = tf.cast(values, "float32");
  let w: tf.Tensor | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    [v, w] = squeezeOrExpandToSameRank(v, tf.cast(asTensor(sampleWeight), "float32"));
    if (v.rank > w.rank) v = reduce(v, range(w.rank, v.rank));
    w = tf.broadcastTo(w, v.shape);
    v = tf.mul(v, w);
    if (w.rank > 1) w = reduce(w, range(1, w.rank));
  }
  if (v.rank > 1) v = reduce(v, range(1, v.rank));
  return [v, w];
}

export interface MeanOptions {
  name?: string;
}

/**
 * The mask a metric's values carry (Keras's `set_keras_mask` on them, as sparse_categorical_crossentropy
 * with ignore_class sets): Keras's reduce_to_samplewise_values multiplies it into the sample weights,
 * and only when there are sample weights.
 */
export type ValuesMask = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * Builds a Keras mean metric (MeanMetricWrapper) over `values(yTrue, yPred)` (or over the given
 * values for `Mean`); `finish` maps the mean to the result (RootMeanSquaredError's square root).
 */
export function meanMetric(
  kerasName: string,
  values: Values | null,
  config: Record<string, unknown>,
  remake: () => StatefulMetric,
  { mask, finish }: { mask?: ValuesMask; finish?: (mean: tf.Scalar) => tf.Scalar } = {},
): StatefulMetric {
  const total = tf.variable(tf.scalar(0), false) as tf.Variable<tf.Rank.R0>;
  const count = tf.variable(tf.scalar(0), false) as tf.Variable<tf.Rank.R0>;
  const add = (perSample: tf.Tensor, sampleWeight?: Input | null) => {
    const [v, w] = samplewise(perSample, sampleWeight);
    total.assign(tf.add(total, tf.sum(v)));
    count.assign(tf.add(count, w ? tf.sum(w) : v.rank >= 1 ? v.shape[0]! : 1));
  };
  const updateState = (yTrue: Input, yPred?: Input, sampleWeight?: Input) =>
    tf.tidy(() => {
      if (values === null) add(asTensor(yTrue), yPred);
      else {
        if (yPred === undefined) throw new TypeError(`${kerasName}.updateState(yTrue, yPred, sampleWeight?): yPred is required`);
        const t = tf.cast(asTensor(yTrue), "float32");
        const p = tf.cast(asTensor(yPred), "float32");
        const perSample = values(t, p);
        let weight: Input | undefined = sampleWeight;
        if (mask && sampleWeight !== undefined && sampleWeight !== null) {
          const [m, w] = squeezeOrExpandToSameRank(mask(t, p), tf.cast(asTensor(sampleWeight), "float32"));
          weight = tf.mul(w, m);
        }
        add(perSample, weight);
      }
    });
  const result = (): tf.Scalar =>
    tf.tidy(() => {
      const mean = tf.divNoNan(total, count) as tf.Scalar;
      return finish ? finish(mean) : mean;
    });
  return statefulMetric({ name: kerasName, variables: [total, count], updateState, result, clone: remake, getConfig: () => ({ name: kerasName, ...config }) });
}

const NAME = { name: str };

/** Keras's `Sum`: `updateState(values, sampleWeight?)`, the weighted sum of everything given. */
export function Sum(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("Sum", options, NAME);
  const name: string = o.name ?? "sum";
  const total = tf.variable(tf.scalar(0), false) as tf.Variable<tf.Rank.R0>;
  const updateState = (values: Input, sampleWeight?: Input) =>
    tf.tidy(() => {
      const [v] = samplewise(asTensor(values), sampleWeight, sumOver);
      total.assign(tf.add(total, tf.sum(v)));
    });
  return statefulMetric({ name, variables: [total], updateState, result: () => tf.clone(total) as tf.Scalar, clone: () => Sum(options), getConfig: () => ({ name }) });
}

/** Keras's `Mean`: `updateState(values, sampleWeight?)`, the weighted mean of everything given. */
export function Mean(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("Mean", options, NAME);
  return meanMetric(o.name ?? "mean", null, {}, () => Mean(options));
}

/** Fraction of predictions equal to the labels. */
export function Accuracy(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("Accuracy", options, NAME);
  return meanMetric(o.name ?? "accuracy", (t, p) => tf.cast(tf.equal(t, p), "float32"), {}, () => Accuracy(options));
}

export interface BinaryAccuracyOptions extends MeanOptions {
  threshold?: number;
}

/** Fraction of (element-wise) predictions above `threshold` that match binary labels. */
export function BinaryAccuracy(options?: BinaryAccuracyOptions): StatefulMetric {
  const o = checkOptions("BinaryAccuracy", options, { ...NAME, threshold: num() });
  const threshold: number = o.threshold ?? 0.5;
  return meanMetric(o.name ?? "binary_accuracy", (t, p) => {
    const y = t.rank === p.rank - 1 && p.shape[p.rank - 1] === 1 ? tf.expandDims(t, -1) : t;
    return tf.cast(tf.equal(y, tf.cast(tf.greater(p, threshold), "float32")), "float32");
  }, { threshold }, () => BinaryAccuracy(options));
}

/** Fraction of samples whose largest prediction is the one-hot label's class. */
export function CategoricalAccuracy(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("CategoricalAccuracy", options, NAME);
  return meanMetric(o.name ?? "categorical_accuracy", perSample.CategoricalAccuracy(), {}, () => CategoricalAccuracy(options));
}

/** Fraction of samples whose largest prediction is the integer label. */
export function SparseCategoricalAccuracy(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("SparseCategoricalAccuracy", options, NAME);
  return meanMetric(o.name ?? "sparse_categorical_accuracy", perSample.SparseCategoricalAccuracy(), {}, () => SparseCategoricalAccuracy(options));
}

export interface TopKOptions extends MeanOptions {
  /** How many of the largest predictions may hold the label (Keras's default 5). */
  k?: number;
}

/** Fraction of samples whose one-hot label's class is among the `k` largest predictions. */
export function TopKCategoricalAccuracy(options?: TopKOptions): StatefulMetric {
  const o = checkOptions("TopKCategoricalAccuracy", options, { ...NAME, k: positiveInt });
  const k: number = o.k ?? 5;
  return meanMetric(o.name ?? "top_k_categorical_accuracy", (t, p) => inTopK(tf.argMax(t, -1), p, k), { k }, () => TopKCategoricalAccuracy(options));
}

/** Fraction of samples whose integer label is among the `k` largest predictions. */
export function SparseTopKCategoricalAccuracy(options?: TopKOptions): StatefulMetric {
  const o = checkOptions("SparseTopKCategoricalAccuracy", options, { ...NAME, k: positiveInt });
  const k: number = o.k ?? 5;
  return meanMetric(o.name ?? "sparse_top_k_categorical_accuracy", (t, p) => {
    let labels = tf.cast(t, "int32");
    if (labels.rank === p.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    return inTopK(labels, p, k);
  }, { k }, () => SparseTopKCategoricalAccuracy(options));
}

/** 1 where `labels` (int, p's shape without the last axis) is among the k largest of p's last axis. */
function inTopK(labels: tf.Tensor, p: tf.Tensor, k: number): tf.Tensor {
  const classes = p.shape[p.rank - 1]!;
  const { indices } = tf.topk(p, Math.min(k, classes));
  return tf.cast(tf.any(tf.equal(indices, tf.expandDims(tf.cast(labels, "int32"), -1)), -1), "float32");
}

/** Mean of the squared errors (over the last axis per sample, then over samples). */
export function MeanSquaredError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("MeanSquaredError", options, NAME);
  return meanMetric(o.name ?? "mean_squared_error", perSample.MeanSquaredError(), {}, () => MeanSquaredError(options));
}

/** Mean of the absolute errors (over the last axis per sample, then over samples). */
export function MeanAbsoluteError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("MeanAbsoluteError", options, NAME);
  return meanMetric(o.name ?? "mean_absolute_error", perSample.MeanAbsoluteError(), {}, () => MeanAbsoluteError(options));
}
