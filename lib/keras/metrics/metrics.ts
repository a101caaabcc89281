/**
 * The per-sample metric functions `(yTrue, yPred) => Tensor` that compile uses for the accuracies,
 * "mse" and "mae" by name (get.ts), named as Keras names them (so `history.history.accuracy`,
 * `val_accuracy`), which tfjs's fit averages over batches; mean_metrics.ts averages the same
 * values in its stateful metrics.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num } from "../layers/options.js";

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
