/**
 * Keras 3's Discretization (keras/src/layers/preprocessing/discretization.py): values to the
 * index of their bin (np.digitize: the number of boundaries ≤ x), optionally encoded as
 * one_hot/multi_hot/count over the bins. Boundaries are given (`binBoundaries`) or learned by
 * `adapt(data)` as `numBins` quantiles, with Keras's summary algorithm (values sorted and
 * thinned to 1/epsilon buckets, summaries merged and compressed by interpolating cumulative
 * weights), so the same data gives Keras's boundaries. tfjs has no such layer.
 */
import * as tf from "@tensorflow/tfjs";
import { configEnum } from "./config_strings.js";
import { encodeCategorical, type CategoryEncodingMode } from "./category_encoding.js";

export type DiscretizationMode = "int" | CategoryEncodingMode;

export interface DiscretizationArgs {
  binBoundaries?: number[] | null;
  numBins?: number | null;
  epsilon?: number;
  outputMode?: DiscretizationMode;
  /** Set by fromConfig: an adapted layer's config holds both binBoundaries and numBins. */
  fromConfig?: boolean;
  name?: string;
  trainable?: boolean;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

/** A summary: partition values and their weights. */
type Summary = [number[], number[]];

/** Linear interpolation of `xs` in the increasing `xp` onto `fp` (numpy.interp, clamped at both ends). */
function interp(xs: number[], xp: number[], fp: number[]): number[] {
  return xs.map((x) => {
    if (x <= xp[0]!) return fp[0]!;
    if (x >= xp[xp.length - 1]!) return fp[fp.length - 1]!;
    let i = 1;
    while (xp[i]! < x) i++;
    const t = (x - xp[i - 1]!) / (xp[i]! - xp[i - 1]!);
    return fp[i - 1]! + t * (fp[i]! - fp[i - 1]!);
  });
}

/** Keras's `summarize`: the sorted values thinned to about 1/epsilon buckets, each weighing its step. */
function summarize(values: number[], epsilon: number): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const step = Math.max(sorted.length / (1 / epsilon), 1);
  const picked: number[] = [];
  for (let i = Math.trunc(step - 1); i < sorted.length; i += Math.trunc(step)) picked.push(sorted[i]!);
  return [picked, picked.map(() => step)];
}

/** Keras's `compress_summary`: re-bucket to 1/epsilon bins by interpolating cumulative weights. */
function compress(summary: Summary, epsilon: number): Summary {
  const [bins, weights] = summary;
  if (bins.length * epsilon < 1) return summary;
  // epsilon + np.arange(0.0, 1.0, epsilon): numpy's length is ceil((stop − start) / step).
  const percents = Array.from({ length: Math.ceil(1 / epsilon) }, (_, i) => epsilon + i * epsilon);
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[cumulative.length - 1]!;
  const fractions = cumulative.map((c) => c / total);
  const newBins = interp(percents, fractions, bins).map(Math.fround);
  const newCumulative = interp(percents, fractions, cumulative);
  const newWeights = newCumulative.map((c, i) => Math.fround(c - (i === 0 ? 0 : newCumulative[i - 1]!)));
  return [newBins, newWeights];
}

/** Keras's `merge_summaries`: concatenated, sorted by value, compressed. */
function merge(a: Summary, b: Summary, epsilon: number): Summary {
  const pairs = [...a[0].map((v, i) => [v, a[1][i]!] as const), ...b[0].map((v, i) => [v, b[1][i]!] as const)].sort((x, y) => x[0] - y[0]);
  return compress([pairs.map((p) => p[0]), pairs.map((p) => p[1])], epsilon);
}

/** The batches `adapt` reads: a tensor or nested array (one batch), a list of batches, or a danfo object's `.values`. */
export type DiscretizationData = tf.Tensor | number[] | number[][] | (tf.Tensor | number[])[] | { values: unknown };

function batchesOf(data: DiscretizationData): number[][] {
  const flat = (x: unknown): number[] => (x instanceof tf.Tensor ? Array.from(x.dataSync()) : ((x as unknown[]).flat(Infinity as 1) as number[]));
  if (data instanceof tf.Tensor) return [flat(data)];
  if (!Array.isArray(data)) return [flat((data as { values: unknown }).values)];
  // A list of tensors or arrays is a list of batches, as Keras's adapt reads a list.
  if (data.length > 0 && data.every((d) => d instanceof tf.Tensor || Array.isArray(d))) return data.map(flat);
  return [flat(data)];
}

export class DiscretizationLayer extends tf.layers.Layer {
  static className = "Discretization";
  binBoundaries: number[] | null;
  readonly numBins: number | null;
  readonly epsilon: number;
  readonly outputMode: DiscretizationMode;

  constructor(args: DiscretizationArgs = {}) {
    const { binBoundaries = null, numBins = null, epsilon = 0.01, outputMode: givenMode = "int", fromConfig = false, ...base } = args;
    // configEnum: a saved model's config comes back camel-cased by tfjs ("multi_hot" → "multiHot").
    const outputMode = configEnum(givenMode);
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (outputMode !== "int" && outputMode !== "one_hot" && outputMode !== "multi_hot" && outputMode !== "count") {
      throw new RangeError(`Discretization: unknown outputMode ${JSON.stringify(outputMode)}; use "int", "one_hot", "multi_hot" or "count"`);
    }
    if (numBins !== null && (!Number.isInteger(numBins) || numBins < 1)) throw new RangeError(`Discretization: numBins must be an integer ≥ 1; got ${numBins}`);
    if (binBoundaries !== null && numBins !== null && !fromConfig) {
      throw new RangeError("Discretization: give either binBoundaries or numBins, not both");
    }
    if (binBoundaries === null && numBins === null) {
      throw new RangeError("Discretization: either `numBins` or `binBoundaries` must be set (with numBins, call adapt before use); neither was");
    }
    if (binBoundaries !== null && binBoundaries.some((b, i) => i > 0 && b < binBoundaries[i - 1]!)) throw new RangeError(`Discretization: binBoundaries must be sorted; got ${JSON.stringify(binBoundaries)}`);
    this.binBoundaries = binBoundaries;
    this.numBins = numBins;
    this.epsilon = epsilon;
    this.outputMode = outputMode;
  }

  /** Learns `numBins − 1` boundaries from the data's quantiles (Keras's adapt). */
  adapt(data: DiscretizationData): void {
    if (this.numBins === null) throw new Error("Discretization: cannot adapt a layer made with binBoundaries; make it with numBins instead");
    let summary: Summary = [[], []];
    for (const batch of batchesOf(data)) summary = merge(summarize(batch.map(Math.fround), this.epsilon), summary, this.epsilon);
    const compressed = compress(summary, 1 / this.numBins);
    this.binBoundaries = compressed[0].slice(0, -1);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.outputMode === "int") return s;
    const depth = this.binBoundaries ? this.binBoundaries.length + 1 : this.numBins!;
    if (this.outputMode === "one_hot") return s.length > 1 && s[s.length - 1] === 1 ? [...s.slice(0, -1), depth] : [...s, depth];
    return s.length >= 2 ? [s[0]!, ...s.slice(2), depth] : [depth];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const boundaries = this.binBoundaries;
    if (boundaries === null) throw new Error("Discretization: pass binBoundaries when you make it, or call adapt(data) before using it");
    return tf.tidy(() => {
      const x = tf.cast(Array.isArray(inputs) ? inputs[0]! : inputs, "float32");
      const indices = boundaries.length === 0 ? tf.zerosLike(x).toInt() : tf.cast(tf.sum(tf.cast(tf.greaterEqual(tf.expandDims(x, -1), tf.tensor1d(boundaries)), "int32"), -1), "int32");
      return this.outputMode === "int" ? indices : encodeCategorical(indices, this.outputMode, boundaries.length + 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), binBoundaries: this.binBoundaries, numBins: this.numBins, epsilon: this.epsilon, outputMode: this.outputMode };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls({ ...config, fromConfig: true });
  }
}
tf.serialization.registerClass(DiscretizationLayer);
