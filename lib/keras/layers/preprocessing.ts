/**
 * Keras's Rescaling (tfjs's own), CategoryEncoding (category_encoding.ts) and Normalization, which tfjs lacks: a layer that learns each
 * feature's mean and variance with `adapt(data)` (a tensor, nested arrays, or a danfo
 * DataFrame/Series), stores them as non-trainable weights so they save with the model, and
 * computes `(x - mean) / sqrt(variance)` (or the inverse with `invert`).
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { bool, num, oneOf, positional, positiveInt } from "./options.js";
import { CategoryEncodingLayer, type CategoryEncodingMode } from "./category_encoding.js";
import { DiscretizationLayer, type DiscretizationMode } from "./discretization.js";

export interface RescalingOptions extends BaseLayerOptions {
  offset?: number;
}

/**
 * tfjs's Rescaling with Keras's `supports_masking = True`: a mask passes through it (tfjs's
 * throws "Layer rescaling does not support masking" when handed one, so an Embedding(maskZero)
 * → Rescaling → LSTM model failed).
 */
export class RescalingLayer extends (tf.layers.rescaling({ scale: 1 }).constructor as new (args: any) => tf.layers.Layer) {
  static className = "Rescaling";
  constructor(args: any) {
    super(args);
    this.supportsMasking = true;
  }
}
tf.serialization.registerClass(RescalingLayer as any);

/** `Rescaling(scale, { offset })`: `x * scale + offset`. */
export function Rescaling(scale: number, options?: RescalingOptions): tf.layers.Layer {
  positional("Rescaling", "scale", scale, num());
  return makeLayer("Rescaling", "rescaling", options, { offset: num() }, (a) => new RescalingLayer({ scale, ...a }));
}

export interface CategoryEncodingOptions extends BaseLayerOptions {
  numTokens?: number;
  /** "multi_hot" (default), "one_hot" or "count" (with `apply(ids, { countWeights })`). */
  outputMode?: CategoryEncodingMode;
}

/** `CategoryEncoding({ numTokens, outputMode })`: integer ids to multi-hot, one-hot or count vectors. */
export function CategoryEncoding(options?: CategoryEncodingOptions): CategoryEncodingLayer {
  return makeLayer("CategoryEncoding", "category_encoding", options, { numTokens: positiveInt, outputMode: oneOf("multi_hot", "one_hot", "count", "binary") }, (a) => new CategoryEncodingLayer(a));
}

export interface DiscretizationOptions extends BaseLayerOptions {
  binBoundaries?: number[];
  numBins?: number;
  /** Error tolerance of the quantile summary `adapt` builds (Keras's default 0.01). */
  epsilon?: number;
  outputMode?: DiscretizationMode;
}

/** `Discretization({ binBoundaries } | { numBins })`: values to bin indices; `adapt(data)` learns quantile boundaries. */
export function Discretization(options?: DiscretizationOptions): DiscretizationLayer {
  const boundaries = (v: unknown, w: string) => {
    if (!Array.isArray(v) || !v.every((b) => typeof b === "number" && Number.isFinite(b))) throw new TypeError(`${w} must be a list of finite numbers`);
    return v;
  };
  return makeLayer(
    "Discretization",
    "discretization",
    options,
    { binBoundaries: boundaries, numBins: positiveInt, epsilon: num(0, 1, { minExclusive: true }), outputMode: oneOf("int", "one_hot", "multi_hot", "count") },
    (a) => new DiscretizationLayer(a),
  );
}

type Kwargs = Record<string, any>;

/** Anything `adapt` reads: a tensor, nested number arrays, or a danfo DataFrame/Series (its `.values`). */
export type AdaptData = tf.Tensor | number[] | number[][] | number[][][] | { values: unknown; shape?: unknown };

function toTensor(data: AdaptData): tf.Tensor {
  if (data instanceof tf.Tensor) return tf.cast(data, "float32");
  if (Array.isArray(data)) return tf.tensor(data as number[][], undefined, "float32");
  if (data !== null && typeof data === "object" && "values" in data && Array.isArray((data as any).values)) {
    const values = (data as any).values as unknown[];
    const flat = values.flat(Infinity);
    const bad = flat.findIndex((v) => typeof v !== "number" || Number.isNaN(v));
    if (bad >= 0) throw new TypeError(`Normalization.adapt: \`data\` must be numeric without NaN; found ${JSON.stringify(flat[bad])} at position ${bad}`);
    return tf.tensor(values as number[][], undefined, "float32");
  }
  throw new TypeError("Normalization.adapt: `data` must be a tensor, an array of numbers, or a DataFrame/Series");
}

export interface NormalizationOptions extends BaseLayerOptions {
  /** Axis (or axes) that keep their own statistics; -1 (features) by default; null for one scalar. */
  axis?: number | number[] | null;
  /** Fixed statistics instead of `adapt` (broadcast to the kept axes). */
  mean?: number | number[];
  variance?: number | number[];
  invert?: boolean;
}

export class NormalizationLayer extends tf.layers.Layer {
  static className = "Normalization";
  readonly axis: number[];
  readonly invert: boolean;
  private readonly initMean?: number | number[];
  private readonly initVariance?: number | number[];
  private meanWeight?: tf.LayerVariable;
  private varianceWeight?: tf.LayerVariable;
  /** Whether the statistics are known (given, adapted or loaded). */
  adapted: boolean;

  constructor(args: NormalizationOptions & Kwargs = {}) {
    super(args);
    const axis = args.axis === undefined ? [-1] : args.axis === null ? [] : Array.isArray(args.axis) ? args.axis : [args.axis];
    this.axis = axis;
    this.invert = args.invert ?? false;
    if ((args.mean === undefined) !== (args.variance === undefined)) {
      throw new TypeError("Normalization: give both `mean` and `variance`, or neither (then call adapt)");
    }
    this.initMean = args.mean;
    this.initVariance = args.variance;
    this.adapted = args.mean !== undefined || args.adapted === true;
  }

  private keptAxes(rank: number): number[] {
    return this.axis.map((a) => {
      const ax = a < 0 ? rank + a : a;
      if (ax < 1 || ax >= rank) throw new RangeError(`Normalization: \`axis\` ${a} is out of range for inputs of rank ${rank} (the batch axis cannot be kept)`);
      return ax;
    });
  }

  private statShape(shape: tf.Shape): number[] {
    return this.keptAxes(shape.length).map((ax) => {
      const d = shape[ax];
      if (d == null) throw new TypeError(`Normalization: dimension ${ax} of the input must be known to keep statistics along it`);
      return d;
    });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const stat = this.statShape(shape);
    const fill = (v: number | number[] | undefined, fallback: number) =>
      v === undefined ? tf.initializers.constant({ value: fallback }) : tf.initializers.constant({ value: 0 });
    this.meanWeight = this.addWeight("mean", stat, "float32", fill(this.initMean, 0), undefined, false);
    this.varianceWeight = this.addWeight("variance", stat, "float32", fill(this.initVariance, 1), undefined, false);
    const set = (w: tf.LayerVariable, v: number | number[] | undefined) => {
      if (v !== undefined) w.write(tf.broadcastTo(tf.tensor(v, undefined, "float32"), stat));
    };
    set(this.meanWeight, this.initMean);
    set(this.varianceWeight, this.initVariance);
    this.built = true;
  }

  /** Learns the mean and variance of `data` over every axis except the kept ones. */
  adapt(data: AdaptData): void {
    const x = toTensor(data);
    try {
      if (x.rank < 1 || x.shape[0] === 0) throw new RangeError("Normalization.adapt: `data` is empty");
      const shape = x.rank === 1 && this.axis.length > 0 ? [x.shape[0], 1] : x.shape;
      const xs = tf.reshape(x, shape);
      if (!this.built) this.build([null, ...shape.slice(1)]);
      const kept = this.keptAxes(shape.length);
      const reduce = shape.map((_, i) => i).filter((i) => !kept.includes(i));
      const { mean, variance } = tf.moments(xs, reduce);
      const stat = this.statShape([null, ...shape.slice(1)]);
      if (tf.any(tf.isNaN(mean)).dataSync()[0]) throw new TypeError("Normalization.adapt: `data` contains NaN");
      this.meanWeight!.write(tf.reshape(mean, stat));
      this.varianceWeight!.write(tf.reshape(variance, stat));
      tf.dispose([xs, mean, variance]);
      this.adapted = true;
    } finally {
      x.dispose();
    }
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = tf.cast(Array.isArray(inputs) ? inputs[0] : inputs, "float32");
      if (!this.adapted) throw new Error(`Normalization layer "${this.name}": call adapt(data) first, or give \`mean\` and \`variance\``);
      const kept = this.keptAxes(x.rank);
      const bshape = x.shape.map((d, i) => (kept.includes(i) ? d : 1));
      const mean = tf.reshape(this.meanWeight!.read(), bshape);
      const std = tf.sqrt(tf.maximum(tf.reshape(this.varianceWeight!.read(), bshape), 1e-7));
      return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), axis: this.axis, invert: this.invert, adapted: this.adapted };
    if (this.initMean !== undefined) config.mean = this.initMean;
    if (this.initVariance !== undefined) config.variance = this.initVariance;
    return config;
  }
}
tf.serialization.registerClass(NormalizationLayer);

/** `Normalization({ axis, mean, variance, invert })`; call `.adapt(data)` before use unless mean/variance are given. */
export function Normalization(options?: NormalizationOptions): NormalizationLayer {
  const axis = (v: unknown, w: string) => {
    if (v === null || Number.isInteger(v) || (Array.isArray(v) && v.every(Number.isInteger))) return v;
    throw new TypeError(`${w} must be an integer, an array of integers, or null; got ${JSON.stringify(v)}`);
  };
  const stat = (v: unknown, w: string) => {
    if (typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number"))) return v;
    throw new TypeError(`${w} must be a number or an array of numbers; got ${JSON.stringify(v)}`);
  };
  return makeLayer("Normalization", "normalization", options, { axis, mean: stat, variance: stat, invert: bool }, (a) => new NormalizationLayer(a));
}
