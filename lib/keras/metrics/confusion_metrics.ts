/**
 * Keras's stateful Precision and Recall. Their value over an epoch is the global ratio
 * TP / (TP + FP) of everything seen since the last reset, which a mean of per-batch ratios is
 * not (a batch with one positive prediction weighs as much as one with a hundred). So each keeps
 * true/false positive and false negative counts in variables.
 *
 * A metric is a callable, so tfjs's compile and fit take it as any metric function: called with
 * a batch, it adds that batch's counts and returns the running result (Keras's `__call__`), which
 * is what the batch logs show. tfjs still averages those returned values over an epoch and over
 * `evaluate`; `model_extensions.ts` replaces those averages with `result()` (and gives validation
 * its own state), which it finds through `isStatefulMetric`.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions, num, positiveInt, str } from "../layers/options.js";

const STATEFUL = Symbol.for("tslab-keras.statefulMetric");

/** A Keras metric object with state: also callable as `(yTrue, yPred) => running result`. */
export interface StatefulMetric {
  /** Keras's `metric(yTrue, yPred, sampleWeight?)`: adds the batch and returns the running result. */
  (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | tf.TensorLike): tf.Scalar;
  readonly kerasName: string;
  /** Adds a batch (weighted per sample or per entry by `sampleWeight`). */
  updateState(yTrue: tf.Tensor | tf.TensorLike, yPred?: tf.Tensor | tf.TensorLike, sampleWeight?: tf.Tensor | tf.TensorLike): void;
  /** The metric over everything since the last reset (0 when its denominator is 0, as Keras). */
  result(): tf.Scalar;
  resetState(): void;
  /** A new metric with the same configuration and fresh state (one per model output). */
  clone(): StatefulMetric;
}

/** What model_extensions needs beyond the public API: to set the state aside around a validation pass. */
export interface StatefulMetricInternals {
  saveState(): tf.Tensor[];
  restoreState(saved: tf.Tensor[]): void;
}

type Input = tf.Tensor | tf.TensorLike;

/** What a stateful metric is made of; `statefulMetric` builds the callable object from it. */
export interface StatefulMetricParts<Extra extends object> {
  name: string;
  /** The state: reset to zeros, saved and restored around validation passes. */
  variables: tf.Variable[];
  updateState(yTrue: Input, yPred?: Input, sampleWeight?: Input): void;
  result(): tf.Scalar;
  clone(): StatefulMetric;
  getConfig?(): Record<string, unknown>;
  /** Read-only properties the metric also shows (thresholds, …). */
  extra?: Extra;
}

/**
 * The one place the stateful-metric protocol is put together (Precision/Recall here, the mean
 * metrics, AUC): callable as `(yTrue, yPred, sampleWeight?) => running result`, marked for
 * isStatefulMetric, with resetState/saveState/restoreState over its variables.
 */
export function statefulMetric<Extra extends object = object>(parts: StatefulMetricParts<Extra>): StatefulMetric & Extra {
  const { name, variables, updateState, result } = parts;
  const metric = ((yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: Input) => {
    updateState(yTrue, yPred, sampleWeight);
    return result();
  }) as StatefulMetric & StatefulMetricInternals & Extra;
  Object.defineProperty(metric, "name", { value: name });
  Object.defineProperty(metric, "kerasName", { value: name });
  Object.defineProperty(metric, STATEFUL, { value: true });
  for (const [key, value] of Object.entries(parts.extra ?? {})) Object.defineProperty(metric, key, { value, enumerable: true });
  Object.assign(metric, {
    updateState,
    result,
    resetState: () => tf.tidy(() => variables.forEach((v) => v.assign(tf.zerosLike(v)))),
    clone: parts.clone,
    ...(parts.getConfig ? { getConfig: parts.getConfig } : {}),
    saveState: () => variables.map((v) => tf.clone(v)),
    restoreState: (saved: tf.Tensor[]) => {
      // A variable made after the save (R2Score builds its state on the first batch) starts at zero.
      variables.forEach((v, i) => (saved[i] ? v.assign(saved[i]!) : tf.tidy(() => v.assign(tf.zerosLike(v)))));
      tf.dispose(saved);
    },
  });
  return metric;
}

export function isStatefulMetric(value: unknown): value is StatefulMetric & StatefulMetricInternals {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[STATEFUL] === true;
}

export interface ConfusionMetricOptions {
  /**
   * The decision threshold in [0, 1], or a list of them (then `result()` has one value per
   * threshold); default 0.5, or every top-k entry when `topK` is set.
   */
  thresholds?: number | number[] | null;
  /** Count only the k highest predictions of each sample as positive. */
  topK?: number | null;
  /** Measure a single class (last-axis index) of a multi-label or one-hot output. */
  classId?: number | null;
  name?: string;
}

type Counts = { tp: tf.Tensor1D; fp: tf.Tensor1D; fn: tf.Tensor1D };

function confusionMetric(owner: "Precision" | "Recall", options: ConfusionMetricOptions | undefined): StatefulMetric {
  const nullable = (check: (v: unknown, w: string) => unknown) => (v: unknown, w: string) => (v === null ? null : check(v, w));
  const o = checkOptions(owner, options, {
    thresholds: (v, w) => {
      if (!Array.isArray(v)) return nullable(num(0, 1))(v, w);
      if (v.length === 0) throw new RangeError(`${w} must hold at least one threshold`);
      return v.map((t, i) => num(0, 1)(t, `${w}[${i}]`));
    },
    topK: nullable(positiveInt),
    classId: nullable(num(0, Infinity, { integer: true })),
    name: str,
  });
  const topK: number | null = o.topK ?? null;
  const classId: number | null = o.classId ?? null;
  // Keras: with top_k and no thresholds, every top-k entry counts as positive (threshold -inf).
  const given: number | number[] | null = o.thresholds ?? null;
  const thresholds: number[] = given === null ? [topK === null ? 0.5 : -Infinity] : Array.isArray(given) ? given : [given];
  // Keras: one threshold (a number or a list of one) gives a scalar result, several a vector.
  const vector = thresholds.length > 1;
  const name: string = o.name ?? owner.toLowerCase();
  const zero = () => tf.variable(tf.zeros([thresholds.length]), false) as tf.Variable<tf.Rank.R1>;
  const state: Counts = { tp: zero(), fp: zero(), fn: zero() };
  const vars = state as unknown as Record<keyof Counts, tf.Variable<tf.Rank.R1>>;

  const updateState = (yTrue: tf.Tensor | tf.TensorLike, yPred?: tf.Tensor | tf.TensorLike, sampleWeight?: tf.Tensor | tf.TensorLike) => {
    if (yPred === undefined) throw new TypeError(`${owner}.updateState(yTrue, yPred, sampleWeight?): yPred is required`);
    tf.tidy(() => {
      let t = tf.cast(yTrue instanceof tf.Tensor ? yTrue : tf.tensor(yTrue), "float32");
      let p = tf.cast(yPred instanceof tf.Tensor ? yPred : tf.tensor(yPred), "float32");
      if (t.rank === p.rank - 1) t = tf.expandDims(t, -1);
      if (p.rank === t.rank - 1) p = tf.expandDims(p, -1);
      if (topK !== null) {
        const depth = p.shape[p.rank - 1];
        const { indices } = tf.topk(p, Math.min(topK, depth));
        const mask = tf.sum(tf.oneHot(indices, depth), -2);
        p = tf.where(tf.cast(mask, "bool"), p, tf.fill(p.shape, -Infinity));
      }
      if (classId !== null) {
        const depth = p.shape[p.rank - 1];
        if (classId >= depth) throw new RangeError(`${owner}: \`classId\` ${classId} is outside the ${depth} classes of the predictions`);
        t = tf.gather(t, [classId], -1);
        p = tf.gather(p, [classId], -1);
      }
      // A last axis of thresholds: [..., T].
      const predPos = tf.greater(tf.expandDims(p, -1), tf.tensor1d(thresholds));
      const labelPos = tf.expandDims(tf.cast(t, "bool"), -1);
      // Keras broadcasts the sample weights onto the predictions (a [batch] weight per sample).
      let weight: tf.Tensor | null = null;
      if (sampleWeight !== undefined && sampleWeight !== null) {
        weight = tf.cast(sampleWeight instanceof tf.Tensor ? sampleWeight : tf.tensor(sampleWeight as number[]), "float32");
        while (weight.rank < p.rank) weight = tf.expandDims(weight, -1);
        weight = tf.expandDims(tf.broadcastTo(weight, p.shape), -1);
      }
      const axes = [...Array(p.rank).keys()];
      const count = (m: tf.Tensor) => tf.sum(weight ? tf.mul(tf.cast(m, "float32"), weight) : tf.cast(m, "float32"), axes);
      vars.tp.assign(tf.add(vars.tp, count(tf.logicalAnd(labelPos, predPos))));
      vars.fp.assign(tf.add(vars.fp, count(tf.logicalAnd(tf.logicalNot(labelPos), predPos))));
      vars.fn.assign(tf.add(vars.fn, count(tf.logicalAnd(labelPos, tf.logicalNot(predPos)))));
    });
  };
  const result = (): tf.Scalar =>
    tf.tidy(() => {
      const ratio = tf.divNoNan(state.tp, tf.add(state.tp, owner === "Precision" ? state.fp : state.fn));
      return (vector ? ratio : tf.reshape(ratio, [])) as tf.Scalar;
    });

  return statefulMetric({
    name,
    variables: Object.values(vars),
    updateState,
    result,
    clone: () => confusionMetric(owner, options),
    extra: {
      thresholds: given === null ? null : thresholds,
      // How many values result() gives (one per threshold): compile needs 1.
      resultLength: thresholds.length,
    },
  });
}

/** `Precision({ thresholds, topK, classId, name })`: TP / (TP + FP) over everything seen. */
export function Precision(options?: ConfusionMetricOptions): StatefulMetric {
  return confusionMetric("Precision", options);
}

/** `Recall({ thresholds, topK, classId, name })`: TP / (TP + FN) over everything seen. */
export function Recall(options?: ConfusionMetricOptions): StatefulMetric {
  return confusionMetric("Recall", options);
}
