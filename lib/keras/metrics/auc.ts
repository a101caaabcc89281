/**
 * Keras 3's AUC (keras/src/metrics/confusion_metrics.py `AUC`): the area under the ROC or the
 * precision-recall curve, from true/false positive/negative counts at `numThresholds` thresholds
 * (Keras's: 0 − ε, evenly spaced interior points, 1 + ε; or `[0 − ε, ...thresholds, 1 + ε]`),
 * summed by "interpolation" (the trapezoid rule for ROC, Davis & Goadrich's interpolation for
 * PR), "minoring" or "majoring". A stateful metric (confusion_metrics.ts's protocol): usable in
 * compile, with `updateState(yTrue, yPred, sampleWeight?)`, `result()`, `resetState()`.
 * Not yet: `multiLabel`, `numLabels`, `labelWeights` and the PRGAIN curve (each refused by name).
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num, oneOf, str } from "../layers/options.js";
import { statefulMetric, type StatefulMetric } from "./confusion_metrics.js";

const EPSILON = 1e-7;

export interface AUCOptions {
  numThresholds?: number;
  curve?: "ROC" | "PR";
  summationMethod?: "interpolation" | "minoring" | "majoring";
  /** Thresholds in [0, 1] to use instead of `numThresholds` evenly spaced ones. */
  thresholds?: number[] | null;
  /** The predictions are logits: a sigmoid is applied first. */
  fromLogits?: boolean;
  name?: string;
  multiLabel?: boolean;
}

type Input = tf.Tensor | tf.TensorLike;
const asTensor = (x: Input) => (x instanceof tf.Tensor ? x : tf.tensor(x as number[]));

/** Keras's thresholds: 0 − ε, the interior ones, 1 + ε. */
function aucThresholds(numThresholds: number, given: number[] | null): number[] {
  const interior = given ?? Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1));
  return [0 - EPSILON, ...interior, 1 + EPSILON];
}

export function AUC(options?: AUCOptions): StatefulMetric & { readonly thresholds: number[]; readonly curve: string; readonly summationMethod: string } {
  const o = checkOptions("AUC", options, {
    numThresholds: num(1, Infinity, { integer: true, minExclusive: true }),
    curve: oneOf("ROC", "PR"),
    summationMethod: oneOf("interpolation", "minoring", "majoring"),
    thresholds: (v, w) => {
      if (v === null) return null;
      if (!Array.isArray(v)) throw new TypeError(`${w} must be a list of numbers in [0, 1]`);
      return v.map((t, i) => num(0, 1)(t, `${w}[${i}]`));
    },
    fromLogits: bool,
    name: str,
    multiLabel: (v, w) => {
      if (v === true) throw new RangeError(`${w}: multi-label AUC is not supported yet; compute one AUC per label (classId-style slices)`);
      return bool(v, w);
    },
  });
  const thresholds = aucThresholds(o.numThresholds ?? 200, o.thresholds ?? null);
  const curve: "ROC" | "PR" = o.curve ?? "ROC";
  const summation: "interpolation" | "minoring" | "majoring" = o.summationMethod ?? "interpolation";
  const fromLogits: boolean = o.fromLogits ?? false;
  const name: string = o.name ?? "auc";
  const n = thresholds.length;
  const zeros = () => tf.variable(tf.zeros([n]), false) as tf.Variable<tf.Rank.R1>;
  const vars = { tp: zeros(), fp: zeros(), tn: zeros(), fn: zeros() };

  const updateState = (yTrue: Input, yPred?: Input, sampleWeight?: Input) => {
    if (yPred === undefined) throw new TypeError("AUC.updateState(yTrue, yPred, sampleWeight?): yPred is required");
    tf.tidy(() => {
      let p = tf.cast(asTensor(yPred), "float32");
      if (fromLogits) p = tf.sigmoid(p);
      let t = tf.cast(asTensor(yTrue), "float32");
      if (t.rank === p.rank - 1) t = tf.expandDims(t, -1);
      if (p.rank === t.rank - 1) p = tf.expandDims(p, -1);
      // Flattened entries × thresholds.
      const predictions = tf.reshape(p, [-1, 1]);
      const labels = tf.cast(tf.reshape(t, [-1, 1]), "bool");
      let weight = tf.onesLike(predictions);
      if (sampleWeight !== undefined && sampleWeight !== null) {
        let w = tf.cast(asTensor(sampleWeight), "float32");
        while (w.rank < p.rank) w = tf.expandDims(w, -1);
        weight = tf.reshape(tf.broadcastTo(w, p.shape), [-1, 1]);
      }
      const predPos = tf.greater(predictions, tf.tensor2d(thresholds, [1, n]));
      const add = (v: tf.Variable, m: tf.Tensor) => v.assign(tf.add(v, tf.sum(tf.mul(tf.cast(m, "float32"), weight), 0)));
      add(vars.tp, tf.logicalAnd(labels, predPos));
      add(vars.fp, tf.logicalAnd(tf.logicalNot(labels), predPos));
      add(vars.tn, tf.logicalAnd(tf.logicalNot(labels), tf.logicalNot(predPos)));
      add(vars.fn, tf.logicalAnd(labels, tf.logicalNot(predPos)));
    });
  };

  const head = (x: tf.Tensor) => tf.slice(x, [0], [n - 1]);
  const tail = (x: tf.Tensor) => tf.slice(x, [1], [n - 1]);

  /** Davis & Goadrich's interpolated PR AUC, as Keras's `interpolate_pr_auc`. */
  const interpolatedPrAuc = (): tf.Tensor => {
    const { tp, fp, fn } = vars;
    const dtp = tf.sub(head(tp), tail(tp));
    const positives = tf.add(tp, fp);
    const dp = tf.sub(head(positives), tail(positives));
    const slope = tf.divNoNan(dtp, tf.maximum(dp, 0));
    const intercept = tf.sub(tail(tp), tf.mul(slope, tail(positives)));
    const ratio = tf.where(
      tf.logicalAnd(tf.greater(head(positives), 0), tf.greater(tail(positives), 0)),
      tf.divNoNan(head(positives), tf.maximum(tail(positives), 0)),
      tf.onesLike(tail(positives)),
    );
    const increment = tf.divNoNan(tf.mul(slope, tf.add(dtp, tf.mul(intercept, tf.log(ratio)))), tf.maximum(tf.add(tail(tp), tail(fn)), 0));
    return tf.sum(increment);
  };

  const result = (): tf.Scalar =>
    tf.tidy(() => {
      if (curve === "PR" && summation === "interpolation") return interpolatedPrAuc() as tf.Scalar;
      const { tp, fp, tn, fn } = vars;
      const recall = tf.divNoNan(tp, tf.add(tp, fn));
      const [x, y] = curve === "ROC" ? [tf.divNoNan(fp, tf.add(fp, tn)), recall] : [recall, tf.divNoNan(tp, tf.add(tp, fp))];
      const heights = summation === "interpolation" ? tf.div(tf.add(head(y), tail(y)), 2) : summation === "minoring" ? tf.minimum(head(y), tail(y)) : tf.maximum(head(y), tail(y));
      return tf.sum(tf.mul(tf.sub(head(x), tail(x)), heights)) as tf.Scalar;
    });

  return statefulMetric({
    name,
    variables: [vars.tp, vars.fp, vars.tn, vars.fn],
    updateState,
    result,
    clone: () => AUC(options),
    getConfig: () => ({ name, numThresholds: n, curve, summationMethod: summation, thresholds: o.thresholds ?? null, fromLogits }),
    extra: { thresholds, curve, summationMethod: summation },
  });
}
