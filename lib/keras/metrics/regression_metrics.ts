/**
 * Keras 3's regression metrics beyond MeanSquaredError/MeanAbsoluteError (mean_metrics.ts), from
 * keras/src/metrics/regression_metrics.py: the mean metrics MeanAbsolutePercentageError,
 * MeanSquaredLogarithmicError, CosineSimilarity and LogCoshError over the losses' functions
 * (regression_losses.ts); RootMeanSquaredError, the square root of the mean squared error; and
 * R2Score, the coefficient of determination from per-column running sums.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, nonNegativeInt, num, oneOf, str } from "../layers/options.js";
import { sameRank } from "../losses/loss.js";
import { cosineOf, logCosh, meanAbsolutePercentageError, meanSquaredLogarithmicError } from "../losses/regression_losses.js";
import { statefulMetric, type StatefulMetric } from "./confusion_metrics.js";
import { meanMetric, type MeanOptions } from "./mean_metrics.js";

type Input = tf.Tensor | tf.TensorLike;
const asTensor = (x: Input) => (x instanceof tf.Tensor ? x : tf.tensor(x as number[]));
const NAME = { name: str };

/** Mean of 100 · |(y − p) / y| (|y| floored at ε), over the last axis per sample, then over samples. */
export function MeanAbsolutePercentageError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("MeanAbsolutePercentageError", options, NAME);
  return meanMetric(o.name ?? "mean_absolute_percentage_error", meanAbsolutePercentageError, {}, () => MeanAbsolutePercentageError(options));
}

/** Mean of (log(p + 1) − log(y + 1))² (both floored at ε). */
export function MeanSquaredLogarithmicError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("MeanSquaredLogarithmicError", options, NAME);
  return meanMetric(o.name ?? "mean_squared_logarithmic_error", meanSquaredLogarithmicError, {}, () => MeanSquaredLogarithmicError(options));
}

export interface CosineSimilarityOptions extends MeanOptions {
  /** The axis the similarity runs along; Keras's default −1. */
  axis?: number;
}

/** Mean cosine similarity of targets and predictions along `axis` (1: same direction). */
export function CosineSimilarity(options?: CosineSimilarityOptions): StatefulMetric {
  const o = checkOptions("CosineSimilarity", options, { ...NAME, axis: num(-Infinity, Infinity, { integer: true }) });
  const axis: number = o.axis ?? -1;
  return meanMetric(o.name ?? "cosine_similarity", (t, p) => cosineOf("CosineSimilarity", t, p, axis), { axis }, () => CosineSimilarity(options));
}

/** Mean of log(cosh(p − y)). Keras's default name is "logcosh". */
export function LogCoshError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("LogCoshError", options, NAME);
  return meanMetric(o.name ?? "logcosh", logCosh, {}, () => LogCoshError(options));
}

/** √(mean of (p − y)²) over every entry (weighted), ranks matched first. */
export function RootMeanSquaredError(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("RootMeanSquaredError", options, NAME);
  return meanMetric(
    o.name ?? "root_mean_squared_error",
    (t, p) => {
      const [y, q] = sameRank(t, p);
      return tf.square(tf.sub(q, y));
    },
    {},
    () => RootMeanSquaredError(options),
    { finish: (mean) => tf.sqrt(mean) },
  );
}

export type R2ClassAggregation = "uniform_average" | "variance_weighted_average" | null;

export interface R2ScoreOptions {
  /**
   * How the per-column scores become one: "uniform_average" (Keras's default, their mean),
   * "variance_weighted_average" (weighted by each column's variance), or null (one score per column).
   */
  classAggregation?: R2ClassAggregation;
  /** The number of independent regressors, for the adjusted R²; 0 (default) for the plain one. */
  numRegressors?: number;
  name?: string;
}

/**
 * Keras's R2Score: 1 − Σ(y − p)² / Σ(y − ȳ)² per output column over everything seen, from running
 * sums (weighted per sample); inputs are [batch, outputs]. With `numRegressors` p > 0 the adjusted
 * R², 1 − (1 − R²)(n − 1)/(n − p − 1), n the samples with a non-zero weight — unless p ≥ n − 1,
 * where Keras falls back to the plain score (it warns; we do not, the choice is made on the device).
 */
export function R2Score(options?: R2ScoreOptions): StatefulMetric & { readonly classAggregation: R2ClassAggregation; readonly numRegressors: number } {
  const o = checkOptions("R2Score", options, {
    classAggregation: oneOf<string | null>("uniform_average", "variance_weighted_average", null),
    numRegressors: nonNegativeInt,
    name: str,
  });
  const classAggregation: R2ClassAggregation = o.classAggregation === undefined ? "uniform_average" : o.classAggregation;
  const numRegressors: number = o.numRegressors ?? 0;
  const name: string = o.name ?? "r2_score";
  const numSamples = tf.variable(tf.scalar(0), false) as tf.Variable<tf.Rank.R0>;
  // squared_sum, sum, residual (total_mse), count: one entry per output column, made on the first batch.
  const variables: tf.Variable[] = [numSamples];
  let state: { squaredSum: tf.Variable; sum: tf.Variable; totalMse: tf.Variable; count: tf.Variable } | null = null;

  const updateState = (yTrue: Input, yPred?: Input, sampleWeight?: Input) => {
    if (yPred === undefined) throw new TypeError("R2Score.updateState(yTrue, yPred, sampleWeight?): yPred is required");
    tf.tidy(() => {
      const [t, p] = sameRank(asTensor(yTrue), asTensor(yPred));
      if (p.rank !== 2 || t.rank !== 2) {
        throw new RangeError(`R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=[${p.shape.join(", ")}] and y_true.shape=[${t.shape.join(", ")}].`);
      }
      const columns = p.shape[1]!;
      if (state === null) {
        const zero = () => tf.variable(tf.zeros([columns]), false);
        state = { squaredSum: zero(), sum: zero(), totalMse: zero(), count: zero() };
        variables.push(state.squaredSum, state.sum, state.totalMse, state.count);
      } else if (state.sum.shape[0] !== columns) {
        throw new RangeError(`R2Score: the predictions have ${columns} columns, but earlier batches had ${state.sum.shape[0]}`);
      }
      let w = sampleWeight === undefined || sampleWeight === null ? tf.scalar(1) : tf.cast(asTensor(sampleWeight), "float32");
      if (w.rank === 1) w = tf.expandDims(w, 1);
      w = tf.broadcastTo(w, t.shape);
      const weighted = tf.mul(t, w);
      const s = state;
      s.sum.assign(tf.add(s.sum, tf.sum(weighted, 0)));
      s.squaredSum.assign(tf.add(s.squaredSum, tf.sum(tf.mul(t, weighted), 0)));
      s.totalMse.assign(tf.add(s.totalMse, tf.sum(tf.mul(tf.square(tf.sub(t, p)), w), 0)));
      s.count.assign(tf.add(s.count, tf.sum(w, 0)));
      const nonzeroPerSample = tf.any(tf.notEqual(w, 0), -1);
      numSamples.assign(tf.add(numSamples, tf.sum(tf.cast(nonzeroPerSample, "float32"))));
    });
  };

  const result = (): tf.Scalar =>
    tf.tidy(() => {
      if (state === null) return tf.scalar(0);
      const mean = tf.div(state.sum, state.count);
      const total = tf.sub(state.squaredSum, tf.mul(state.sum, mean));
      let raw = tf.sub(1, tf.div(state.totalMse, total));
      raw = tf.where(tf.equal(tf.abs(raw), Infinity), tf.zerosLike(raw), raw);
      let r2: tf.Tensor;
      if (classAggregation === "uniform_average") r2 = tf.mean(raw);
      else if (classAggregation === "variance_weighted_average") r2 = tf.div(tf.sum(tf.mul(total, raw)), tf.sum(total));
      else r2 = raw;
      if (numRegressors !== 0) {
        const n = numSamples;
        const adjusted = tf.sub(1, tf.div(tf.mul(tf.sub(1, r2), tf.sub(n, 1)), tf.sub(tf.sub(n, numRegressors), 1)));
        // Keras falls back to the plain score when numRegressors ≥ n − 1.
        const plain = tf.greaterEqual(tf.scalar(numRegressors), tf.sub(n, 1));
        r2 = tf.where(tf.broadcastTo(plain, r2.shape), r2, adjusted);
      }
      return r2 as tf.Scalar;
    });

  return statefulMetric({
    name,
    variables,
    updateState,
    result,
    clone: () => R2Score(options),
    getConfig: () => ({ name, classAggregation, numRegressors }),
    extra: { classAggregation, numRegressors },
  });
}
