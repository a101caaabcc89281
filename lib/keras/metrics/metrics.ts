/**
 * Keras's metrics by name or object. Most are a per-sample function `(yTrue, yPred) => Tensor`
 * named as Keras names it (so `history.history.accuracy`, `val_accuracy`), which tfjs's fit
 * averages over batches. Precision and Recall are stateful (confusion_metrics.ts): their epoch
 * value is a global ratio, which no average of batch values gives. "accuracy" is resolved from
 * the loss as Keras does (binary, categorical or sparse categorical accuracy); with `fromLogits`
 * binary losses the threshold is on the logit (0), so the metric agrees with the probabilities'
 * 0.5 (the same rule for "precision" and "recall").
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num } from "../layers/options.js";
import type { LossKind } from "../losses/losses.js";
import { Precision, Recall, type StatefulMetric } from "./confusion_metrics.js";

export type MetricFn = ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) & { readonly kerasName?: string };

function named(kerasName: string, fn: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor): MetricFn {
  const metric = (t: tf.Tensor, p: tf.Tensor) => tf.tidy(() => fn(t, p));
  Object.defineProperty(metric, "name", { value: kerasName });
  Object.defineProperty(metric, "kerasName", { value: kerasName });
  return metric as MetricFn;
}

export interface BinaryAccuracyOptions {
  name?: string;
  threshold?: number;
}

export function BinaryAccuracy(options?: BinaryAccuracyOptions): MetricFn {
  const o = checkOptions("BinaryAccuracy", options, { name: (v) => String(v), threshold: num() });
  const threshold: number = o.threshold ?? 0.5;
  return named(o.name ?? "binary_accuracy", (t, p) => {
    let y = tf.cast(t, "float32");
    if (y.rank === p.rank - 1) y = tf.expandDims(y, -1);
    return tf.mean(tf.cast(tf.equal(y, tf.cast(tf.greater(p, threshold), "float32")), "float32"), -1);
  });
}

export function CategoricalAccuracy(options?: { name?: string }): MetricFn {
  const o = checkOptions("CategoricalAccuracy", options, { name: (v) => String(v) });
  return named(o.name ?? "categorical_accuracy", (t, p) => tf.cast(tf.equal(tf.argMax(t, -1), tf.argMax(p, -1)), "float32"));
}

export function SparseCategoricalAccuracy(options?: { name?: string }): MetricFn {
  const o = checkOptions("SparseCategoricalAccuracy", options, { name: (v) => String(v) });
  return named(o.name ?? "sparse_categorical_accuracy", (t, p) => {
    let labels = tf.cast(t, "int32");
    if (labels.rank === p.rank) labels = tf.squeeze(labels, [-1]);
    return tf.cast(tf.equal(labels, tf.cast(tf.argMax(p, -1), "int32")), "float32");
  });
}

export function MeanSquaredError(options?: { name?: string }): MetricFn {
  const o = checkOptions("MeanSquaredError", options, { name: (v) => String(v) });
  return named(o.name ?? "mean_squared_error", (t, p) => tf.mean(tf.square(tf.sub(p, rank(t, p))), -1));
}

export function MeanAbsoluteError(options?: { name?: string }): MetricFn {
  const o = checkOptions("MeanAbsoluteError", options, { name: (v) => String(v) });
  return named(o.name ?? "mean_absolute_error", (t, p) => tf.mean(tf.abs(tf.sub(p, rank(t, p))), -1));
}

function rank(t: tf.Tensor, p: tf.Tensor): tf.Tensor {
  const y = tf.cast(t, "float32");
  return y.rank === p.rank - 1 ? tf.expandDims(y, -1) : y;
}

export type MetricName =
  | "accuracy" | "acc" | "binary_accuracy" | "categorical_accuracy" | "sparse_categorical_accuracy"
  | "mse" | "mae" | "mean_squared_error" | "mean_absolute_error" | "precision" | "recall";

/**
 * A metric by Keras name; "accuracy"/"acc" become the accuracy that fits `lossKind` (Keras's
 * `get_metric` rule), keeping the name "accuracy" as Keras's history does.
 */
export function get(identifier: MetricName | MetricFn, lossKind?: LossKind, fromLogits = false): MetricFn | StatefulMetric {
  if (typeof identifier === "function") return identifier;
  switch (identifier) {
    case "accuracy":
    case "acc":
      if (lossKind === "sparse_categorical") return SparseCategoricalAccuracy({ name: identifier });
      if (lossKind === "categorical") return CategoricalAccuracy({ name: identifier });
      return BinaryAccuracy({ name: identifier, threshold: fromLogits ? 0 : 0.5 });
    case "binary_accuracy":
      return BinaryAccuracy({ threshold: fromLogits ? 0 : 0.5 });
    case "categorical_accuracy":
      return CategoricalAccuracy();
    case "sparse_categorical_accuracy":
      return SparseCategoricalAccuracy();
    case "mse":
    case "mean_squared_error":
      return MeanSquaredError({ name: identifier });
    case "mae":
    case "mean_absolute_error":
      return MeanAbsoluteError({ name: identifier });
    case "precision":
      // Keras's threshold is on probabilities; on logits that is 0 (sigmoid(0) = 0.5).
      return Precision(fromLogits ? { thresholds: 0 } : undefined);
    case "recall":
      return Recall(fromLogits ? { thresholds: 0 } : undefined);
  }
  throw new RangeError(
    `metrics: unknown metric ${JSON.stringify(identifier)}; accepted: accuracy, acc, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mse, mae, mean_squared_error, mean_absolute_error, precision, recall, or a metric function`,
  );
}
