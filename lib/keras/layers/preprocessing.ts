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

/**
 * A Rescaling factor: a number, or per-channel values (an array, nested arrays or a tensor)
 * broadcast against the input as numpy broadcasts (a flat list runs along the last axis).
 */
export type RescalingFactor = number | number[] | number[][] | number[][][] | tf.Tensor;

export interface RescalingOptions extends BaseLayerOptions {
  offset?: RescalingFactor;
}

type Nested = number | Nested[];

/** A number, nested arrays of numbers (rectangular) or a tensor (read into nested arrays, so the config is JSON). */
function rescalingFactor(v: unknown, where: string): Nested {
  if (v instanceof tf.Tensor) return v.arraySync() as Nested;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (Array.isArray(v)) {
    const copy = (x: unknown): Nested => {
      if (typeof x === "number" && Number.isFinite(x)) return x;
      if (Array.isArray(x) && x.length > 0) return x.map(copy);
      throw new TypeError(`${where} must be a number, an array of numbers or a tensor; got ${JSON.stringify(v)}`);
    };
    const out = copy(v);
    const shapeOf = (x: Nested): number[] => (Array.isArray(x) ? [x.length, ...shapeOf(x[0]!)] : []);
    const shape = shapeOf(out);
    const rectangular = (x: Nested, depth: number): boolean =>
      depth === shape.length ? !Array.isArray(x) : Array.isArray(x) && x.length === shape[depth] && x.every((e) => rectangular(e, depth + 1));
    if (!rectangular(out, 0)) throw new TypeError(`${where} must be a rectangular array of numbers; got ${JSON.stringify(v)}`);
    return out;
  }
  throw new TypeError(`${where} must be a number, an array of numbers or a tensor; got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
}

/**
 * tfjs's Rescaling with Keras's `supports_masking = True` (a mask passes through it: tfjs's
 * throws "Layer rescaling does not support masking" when handed one, so an Embedding(maskZero)
 * → Rescaling → LSTM model failed) and Keras's per-channel `scale`/`offset`: lists broadcast
 * against the input (a flat list along the last axis), kept as lists in the config.
 */
export class RescalingLayer extends (tf.layers.rescaling({ scale: 1 }).constructor as new (args: any) => tf.layers.Layer) {
  static className = "Rescaling";
  constructor(args: any) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const { scale, offset } = this as unknown as { scale: Nested; offset: Nested };
      const xf = x.dtype === "float32" ? x : tf.cast(x, "float32");
      return tf.add(tf.mul(xf, tf.tensor(scale as number[], undefined, "float32")), tf.tensor((offset ?? 0) as number[], undefined, "float32"));
    });
  }
}
tf.serialization.registerClass(RescalingLayer as any);

/** `Rescaling(scale, { offset })`: `x * scale + offset`; `scale`/`offset` a number or per-channel values. */
export function Rescaling(scale: RescalingFactor, options?: RescalingOptions): tf.layers.Layer {
  const s = positional<Nested>("Rescaling", "scale", scale, rescalingFactor);
  return makeLayer("Rescaling", "rescaling", options, { offset: rescalingFactor }, (a) => new RescalingLayer({ ...a, scale: s }));
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

/**
 * Anything `adapt` reads: a tensor, nested number arrays, a danfo DataFrame/Series (its
 * `.values`), or an iterable of batches (an array, generator or iterator of tensors or nested
 * arrays, or of [x, y, ...] tuples whose first element is the batch), as Keras's adapt takes.
 */
export type AdaptData = tf.Tensor | number[] | number[][] | number[][][] | { values: unknown; shape?: unknown } | Iterable<tf.Tensor | number[][] | [tf.Tensor, ...unknown[]]>;

function toTensor(data: unknown): tf.Tensor {
  if (data instanceof tf.Tensor) return tf.cast(data, "float32");
  if (Array.isArray(data)) return tf.tensor(data as number[][], undefined, "float32");
  if (data !== null && typeof data === "object" && "values" in data && Array.isArray((data as any).values)) {
    const values = (data as any).values as unknown[];
    const flat = values.flat(Infinity);
    const bad = flat.findIndex((v) => typeof v !== "number" || Number.isNaN(v));
    if (bad >= 0) throw new TypeError(`Normalization.adapt: \`data\` must be numeric without NaN; found ${JSON.stringify(flat[bad])} at position ${bad}`);
    return tf.tensor(values as number[][], undefined, "float32");
  }
  throw new TypeError("Normalization.adapt: `data` must be a tensor, an array of numbers, a DataFrame/Series, or an iterable of batches");
}

const isBatchList = (data: unknown[]) => data.length === 0 || data.every((b) => b instanceof tf.Tensor || (Array.isArray(b) && b[0] instanceof tf.Tensor));
const isIterable = (data: unknown): data is Iterable<unknown> =>
  data !== null && typeof data === "object" && !(data instanceof tf.Tensor) && !Array.isArray(data) && !("values" in data) && typeof (data as any)[Symbol.iterator] === "function";

/** The batches of an iterable, concatenated along the batch axis (Keras's errors for none, shapeless or mismatched batches). */
function concatBatches(batches: Iterable<unknown>): tf.Tensor {
  const parts: tf.Tensor[] = [];
  try {
    for (const item of batches) {
      const batch = Array.isArray(item) && item[0] instanceof tf.Tensor ? item[0] : item;
      if (!(batch instanceof tf.Tensor) && !Array.isArray(batch)) {
        throw new TypeError(`Normalization.adapt: each batch must have a \`.shape\` (a tensor or nested number array); got ${batch === null ? "null" : typeof batch}`);
      }
      const t = toTensor(batch);
      if (parts.length > 0 && (t.rank !== parts[0]!.rank || t.shape.slice(1).some((d, i) => d !== parts[0]!.shape[i + 1]))) {
        const got = `[${t.shape.join(", ")}]`;
        t.dispose();
        throw new RangeError(`Normalization.adapt: batch ${parts.length} has an incompatible shape ${got}; the batches before it have [${parts[0]!.shape.join(", ")}]`);
      }
      parts.push(t);
    }
    if (parts.length === 0) throw new RangeError("Normalization.adapt: `data` is an empty iterable; give at least one batch");
    return tf.concat(parts, 0);
  } finally {
    tf.dispose(parts);
  }
}

export interface NormalizationOptions extends BaseLayerOptions {
  /** Axis (or axes) that keep their own statistics; -1 (features) by default; null for one scalar. */
  axis?: number | number[] | null;
  /** Fixed statistics instead of `adapt` (broadcast to the kept axes). */
  mean?: Stat;
  variance?: Stat;
  invert?: boolean;
}

/** A statistic: a number, or (nested) arrays of them shaped like the kept axes (Keras takes any numpy array). */
export type Stat = number | number[] | number[][] | number[][][];

const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? "null").join(", ")}]`;

/**
 * Keras 3's Normalization. Adapting, it holds three non-trainable weights (mean, variance and
 * count, saved with the model); with a given `mean` and `variance` it holds none (they are in its
 * config), as Keras's. `layer.mean` / `layer.variance` are Keras's broadcast-shaped statistics.
 */
export class NormalizationLayer extends tf.layers.Layer {
  static className = "Normalization";
  readonly axis: number[];
  readonly invert: boolean;
  private readonly initMean?: Stat;
  private readonly initVariance?: Stat;
  private meanWeight?: tf.LayerVariable;
  private varianceWeight?: tf.LayerVariable;
  private countWeight?: tf.LayerVariable;
  private fixedMean?: tf.Tensor;
  private fixedVariance?: tf.Tensor;
  private inputRank?: number;
  /** Whether the statistics are known (given, adapted or loaded). */
  adapted: boolean;

  constructor(args: NormalizationOptions & Kwargs = {}) {
    super(args);
    const axis = args.axis === undefined ? [-1] : args.axis === null ? [] : Array.isArray(args.axis) ? args.axis : [args.axis];
    this.axis = axis;
    this.invert = args.invert ?? false;
    this.supportsMasking = true;
    if ((args.mean === undefined) !== (args.variance === undefined)) {
      throw new TypeError(`Normalization: when setting values directly, both \`mean\` and \`variance\` must be set (or neither, then call adapt). Received: mean=${JSON.stringify(args.mean)} and variance=${JSON.stringify(args.variance)}`);
    }
    this.initMean = args.mean;
    this.initVariance = args.variance;
    this.adapted = args.mean !== undefined || args.adapted === true;
  }

  private keptAxes(rank: number): number[] {
    return this.axis.map((a) => {
      const ax = a < 0 ? rank + a : a;
      if (ax < 0 || ax >= rank) {
        throw new RangeError(`Normalization: All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${rank}, while axis=${JSON.stringify(this.axis)}`);
      }
      if (ax === 0) throw new RangeError(`Normalization: \`axis\` ${a} is the batch axis, which cannot keep its own statistics`);
      return ax;
    });
  }

  private statShape(shape: tf.Shape): number[] {
    return this.keptAxes(shape.length).map((ax) => {
      const d = shape[ax];
      if (d == null) {
        throw new RangeError(`Normalization: All \`axis\` values to be kept must have a known shape. Received axis=${JSON.stringify(this.axis)}, inputs.shape=${shapeText(shape)}, with unknown axis at index ${ax}`);
      }
      return d;
    });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const stat = this.statShape(shape);
    this.inputRank = shape.length;
    if (this.initMean !== undefined) {
      const fixed = (v: Stat) => tf.keep(tf.tidy(() => tf.broadcastTo(tf.tensor(v, undefined, "float32"), stat)));
      this.fixedMean = fixed(this.initMean);
      this.fixedVariance = fixed(this.initVariance!);
    } else {
      this.meanWeight = this.addWeight("mean", stat, "float32", tf.initializers.zeros(), undefined, false);
      this.varianceWeight = this.addWeight("variance", stat, "float32", tf.initializers.ones(), undefined, false);
      this.countWeight = this.addWeight("count", [], "int32", tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }

  /** Keras's broadcast-shaped statistics: length 1 on every axis but the kept ones. */
  private broadcastStat(stat: tf.Tensor | undefined): tf.Tensor {
    if (!this.built || stat === undefined) throw new Error(`Normalization layer "${this.name}": build it (or call adapt) first`);
    const rank = this.inputRank!;
    const kept = this.keptAxes(rank);
    const shape = Array.from({ length: rank }, (_, i) => (kept.includes(i) ? stat.shape[kept.indexOf(i)]! : 1));
    return tf.reshape(stat, shape);
  }
  get mean(): tf.Tensor {
    return this.broadcastStat(this.fixedMean ?? this.meanWeight?.read());
  }
  get variance(): tf.Tensor {
    return this.broadcastStat(this.fixedVariance ?? this.varianceWeight?.read());
  }

  /** Learns the mean and variance of `data` over every axis except the kept ones. */
  adapt(data: AdaptData): void {
    const x = (Array.isArray(data) && isBatchList(data)) || isIterable(data) ? concatBatches(data as Iterable<unknown>) : toTensor(data);
    try {
      if (x.rank < 1 || x.shape[0] === 0) throw new RangeError("Normalization.adapt: `data` is empty");
      const shape = x.rank === 1 && this.axis.length > 0 ? [x.shape[0], 1] : x.shape;
      const xs = tf.reshape(x, shape);
      if (!this.built) this.build([null, ...shape.slice(1)]);
      if (this.initMean !== undefined) throw new Error("Normalization.adapt: this layer was given `mean` and `variance`; it has nothing to adapt");
      const kept = this.keptAxes(shape.length);
      const stat = this.statShape([null, ...shape.slice(1)]);
      const expected = this.meanWeight!.shape;
      if (shape.length !== this.inputRank || stat.some((d, i) => d !== expected[i])) {
        throw new RangeError(`Normalization.adapt: \`data\` has an incompatible shape ${shapeText(shape)} for a layer built for inputs of rank ${this.inputRank} with statistics of shape ${shapeText(expected)} (axis=${JSON.stringify(this.axis)})`);
      }
      const reduce = shape.map((_, i) => i).filter((i) => !kept.includes(i));
      const { mean, variance } = tf.moments(xs, reduce);
      if (tf.any(tf.isNaN(mean)).dataSync()[0]) throw new TypeError("Normalization.adapt: `data` contains NaN");
      this.meanWeight!.write(tf.reshape(mean, stat));
      this.varianceWeight!.write(tf.reshape(variance, stat));
      this.countWeight!.write(tf.scalar(reduce.reduce((n, i) => n * shape[i]!, 1), "int32"));
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
      const mean = tf.reshape(this.fixedMean ?? this.meanWeight!.read(), bshape);
      const std = tf.sqrt(tf.maximum(tf.reshape(this.fixedVariance ?? this.varianceWeight!.read(), bshape), 1e-7));
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
    const numeric = (x: unknown): boolean => (typeof x === "number" && Number.isFinite(x)) || (Array.isArray(x) && x.length > 0 && x.every(numeric));
    if (numeric(v)) return v;
    throw new TypeError(`${w} must be a number or a (nested) array of numbers; got ${JSON.stringify(v)}`);
  };
  return makeLayer("Normalization", "normalization", options, { axis, mean: stat, variance: stat, invert: bool }, (a) => new NormalizationLayer(a));
}
