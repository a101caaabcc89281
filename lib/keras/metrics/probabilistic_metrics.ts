/**
 * Keras 3's probabilistic metrics (keras/src/metrics/probabilistic_metrics.py): KLDivergence,
 * Poisson and the three cross-entropies, each the mean of the loss function of the same name
 * (probabilistic_losses.ts; losses.ts for the cross-entropies, whose per-sample values the loss
 * objects give as `perSample`). SparseCategoricalCrossentropy with `ignoreClass` gives the ignored
 * targets 0 and, as Keras (the values' mask), leaves them out of the count only when there are
 * sample weights.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num, str } from "../layers/options.js";
import * as losses from "../losses/losses.js";
import { klDivergence, poisson } from "../losses/probabilistic_losses.js";
import type { StatefulMetric } from "./confusion_metrics.js";
import { meanMetric, type MeanOptions } from "./mean_metrics.js";

const NAME = { name: str };
const AXIS = num(-Infinity, Infinity, { integer: true });

/** Mean of Σ y·log(y / p) (both clipped to [ε, 1]). */
export function KLDivergence(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("KLDivergence", options, NAME);
  return meanMetric(o.name ?? "kl_divergence", klDivergence, {}, () => KLDivergence(options));
}

/** Mean of p − y·log(p + ε). */
export function Poisson(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("Poisson", options, NAME);
  return meanMetric(o.name ?? "poisson", poisson, {}, () => Poisson(options));
}

export interface BinaryCrossentropyMetricOptions extends MeanOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
}

/** Mean binary cross-entropy (over the last axis per sample). */
export function BinaryCrossentropy(options?: BinaryCrossentropyMetricOptions): StatefulMetric {
  const o = checkOptions("BinaryCrossentropy", options, { ...NAME, fromLogits: bool, labelSmoothing: num(0, 1) });
  const fromLogits: boolean = o.fromLogits ?? false;
  const labelSmoothing: number = o.labelSmoothing ?? 0;
  const fn = losses.BinaryCrossentropy({ fromLogits, labelSmoothing }).perSample;
  return meanMetric(o.name ?? "binary_crossentropy", fn, { fromLogits, labelSmoothing }, () => BinaryCrossentropy(options));
}

export interface CategoricalCrossentropyMetricOptions extends BinaryCrossentropyMetricOptions {
  /** The axis of the classes; default −1. */
  axis?: number;
}

/** Mean categorical cross-entropy against one-hot targets. */
export function CategoricalCrossentropy(options?: CategoricalCrossentropyMetricOptions): StatefulMetric {
  const o = checkOptions("CategoricalCrossentropy", options, { ...NAME, fromLogits: bool, labelSmoothing: num(0, 1), axis: AXIS });
  const fromLogits: boolean = o.fromLogits ?? false;
  const labelSmoothing: number = o.labelSmoothing ?? 0;
  const axis: number = o.axis ?? -1;
  const fn = losses.CategoricalCrossentropy({ fromLogits, labelSmoothing, axis }).perSample;
  return meanMetric(o.name ?? "categorical_crossentropy", fn, { fromLogits, labelSmoothing, axis }, () => CategoricalCrossentropy(options));
}

export interface SparseCategoricalCrossentropyMetricOptions extends MeanOptions {
  fromLogits?: boolean;
  /** Targets equal to this class give 0 (and, with sample weights, are not counted). */
  ignoreClass?: number | null;
  /** The axis of the classes in the predictions; default −1. */
  axis?: number;
}

/** Mean cross-entropy against integer class targets. */
export function SparseCategoricalCrossentropy(options?: SparseCategoricalCrossentropyMetricOptions): StatefulMetric {
  const o = checkOptions("SparseCategoricalCrossentropy", options, {
    ...NAME,
    fromLogits: bool,
    ignoreClass: (v, w) => (v === null ? null : num(-Infinity, Infinity, { integer: true })(v, w)),
    axis: AXIS,
  });
  const fromLogits: boolean = o.fromLogits ?? false;
  const ignoreClass: number | null = o.ignoreClass ?? null;
  const axis: number = o.axis ?? -1;
  const fn = losses.SparseCategoricalCrossentropy({ fromLogits, ignoreClass, axis }).perSample;
  const mask =
    ignoreClass === null
      ? undefined
      : (t: tf.Tensor, p: tf.Tensor) => {
          // The labels as the loss reads them: a trailing class axis of 1 dropped.
          const labels = t.rank === p.rank && t.shape[t.rank - 1] === 1 ? tf.squeeze(t, [-1]) : t;
          return tf.cast(tf.notEqual(labels, ignoreClass), "float32");
        };
  return meanMetric(o.name ?? "sparse_categorical_crossentropy", fn, { fromLogits, ignoreClass, axis }, () => SparseCategoricalCrossentropy(options), { mask });
}
