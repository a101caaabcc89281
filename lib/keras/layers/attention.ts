/**
 * Keras's Attention (Luong dot-product attention) and MultiHeadAttention, which tfjs lacks.
 * Both are tf.layers.Layer subclasses registered for serialization, so models that use them save,
 * load and round-trip getConfig/fromConfig. Weight shapes follow Keras's so parameter counts match.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { Initializer, Regularizer, Constraint, TfInitializer } from "./core.js";
import { bool, initializer, num, positional, positiveInt, rate } from "./options.js";

type Kwargs = Record<string, any>;

function splitInputs(owner: string, inputs: tf.Tensor | tf.Tensor[]): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length < 2 || list.length > 3) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} tensor(s)`);
  return [list[0], list[1], list[2] ?? list[1]];
}

function shapesOf(owner: string, inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
  const list = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
  if (list.length < 2 || list.length > 3) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} input(s)`);
  return list;
}

/** Applies a causal mask ([Tq, Tv] lower triangle) to attention scores. */
function causalMask(scores: tf.Tensor): tf.Tensor {
  const [tq, tv] = scores.shape.slice(-2);
  const lower = tf.linalg.bandPart(tf.ones([tq, tv]), -1, 0);
  return tf.add(scores, tf.mul(tf.sub(1, lower), -1e9));
}

export interface AttentionOptions extends BaseLayerOptions {
  /** Learn a scalar that multiplies the scores (Keras's `use_scale`). */
  useScale?: boolean;
  dropout?: number;
  /** Each query step attends only to value steps up to its own (decoder self-attention). */
  useCausalMask?: boolean;
}

export class AttentionLayer extends tf.layers.Layer {
  static className = "Attention";
  readonly useScale: boolean;
  readonly dropoutRate: number;
  readonly useCausalMask: boolean;
  private scaleWeight?: tf.LayerVariable;

  constructor(args: AttentionOptions & Kwargs = {}) {
    super(args);
    this.useScale = args.useScale ?? false;
    this.dropoutRate = args.dropout ?? 0;
    this.useCausalMask = args.useCausalMask ?? false;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    shapesOf("Attention", inputShape);
    if (this.useScale) this.scaleWeight = this.addWeight("scale", [], "float32", tf.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [q, v] = shapesOf("Attention", inputShape);
    return [...q.slice(0, -1), v[v.length - 1]];
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return (Array.isArray(mask) ? (mask[0] ?? null) : null) as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [q, v, k] = splitInputs("Attention", inputs);
      let scores = tf.matMul(q, k, false, true);
      if (this.scaleWeight) scores = tf.mul(scores, this.scaleWeight.read());
      const masks = kwargs.mask as (tf.Tensor | null | undefined)[] | undefined;
      const valueMask = Array.isArray(masks) ? masks[1] : undefined;
      if (valueMask) scores = tf.add(scores, tf.mul(tf.sub(1, tf.expandDims(tf.cast(valueMask, "float32"), -2)), -1e9));
      if (this.useCausalMask) scores = causalMask(scores);
      let weights = tf.softmax(scores);
      if (kwargs.training && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate);
      let out = tf.matMul(weights, v);
      const queryMask = Array.isArray(masks) ? masks[0] : undefined;
      if (queryMask) out = tf.mul(out, tf.expandDims(tf.cast(queryMask, "float32"), -1));
      return out;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale, dropout: this.dropoutRate, useCausalMask: this.useCausalMask };
  }
}
tf.serialization.registerClass(AttentionLayer);

/** `Attention({ useScale, dropout, useCausalMask })`, called on `[query, value]` or `[query, value, key]`. */
export function Attention(options?: AttentionOptions): AttentionLayer {
  return makeLayer("Attention", "attention", options, { useScale: bool, dropout: rate, useCausalMask: bool }, (a) => new AttentionLayer(a));
}

export interface MultiHeadAttentionOptions extends BaseLayerOptions {
  /** Size of each head for value; defaults to keyDim. */
  valueDim?: number;
  dropout?: number;
  useBias?: boolean;
  /** Last dimension of the output; defaults to the query's last dimension. */
  outputShape?: number;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  useCausalMask?: boolean;
}

export class MultiHeadAttentionLayer extends tf.layers.Layer {
  static className = "MultiHeadAttention";
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropoutRate: number;
  readonly useBias: boolean;
  readonly outputDim: number | null;
  readonly useCausalMask: boolean;
  private readonly kernelInit: TfInitializer;
  private readonly biasInit: TfInitializer;
  private w: Record<string, tf.LayerVariable> = {};

  constructor(args: MultiHeadAttentionOptions & { numHeads: number; keyDim: number } & Kwargs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropoutRate = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.outputDim = args.outputShape ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.kernelInit = toInitializer(args.kernelInitializer ?? "glorotUniform");
    this.biasInit = toInitializer(args.biasInitializer ?? "zeros");
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = shapesOf("MultiHeadAttention", inputShape).concat([]) as tf.Shape[];
    const key = k ?? v;
    const dim = (s: tf.Shape, what: string) => {
      const d = s[s.length - 1];
      if (d == null) throw new TypeError(`MultiHeadAttention: the last dimension of ${what} must be known`);
      return d;
    };
    const h = this.numHeads;
    const proj = (name: string, inDim: number, size: number) => {
      this.w[`${name}_kernel`] = this.addWeight(`${name}/kernel`, [inDim, h, size], "float32", this.kernelInit);
      if (this.useBias) this.w[`${name}_bias`] = this.addWeight(`${name}/bias`, [h, size], "float32", this.biasInit);
    };
    proj("query", dim(q, "query"), this.keyDim);
    proj("key", dim(key, "key"), this.keyDim);
    proj("value", dim(v, "value"), this.valueDim);
    const out = this.outputDim ?? dim(q, "query");
    this.w.output_kernel = this.addWeight("attention_output/kernel", [h, this.valueDim, out], "float32", this.kernelInit);
    if (this.useBias) this.w.output_bias = this.addWeight("attention_output/bias", [out], "float32", this.biasInit);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [q] = shapesOf("MultiHeadAttention", inputShape);
    return [...q.slice(0, -1), this.outputDim ?? q[q.length - 1]];
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return (Array.isArray(mask) ? (mask[0] ?? null) : null) as unknown as tf.Tensor;
  }

  /** [B, T, d] → [B, heads, T, size] */
  private project(x: tf.Tensor, name: string, size: number): tf.Tensor {
    const [b, t, d] = x.shape as [number, number, number];
    const kernel = tf.reshape(this.w[`${name}_kernel`].read(), [d, this.numHeads * size]);
    let y = tf.matMul(tf.reshape(x, [b * t, d]), kernel);
    if (this.useBias) y = tf.add(y, tf.reshape(this.w[`${name}_bias`].read(), [this.numHeads * size]));
    return tf.transpose(tf.reshape(y, [b, t, this.numHeads, size]), [0, 2, 1, 3]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [q, v, k] = splitInputs("MultiHeadAttention", inputs);
      if (q.rank !== 3 || v.rank !== 3 || k.rank !== 3) throw new TypeError("MultiHeadAttention: query, value and key must be rank 3 [batch, steps, features]");
      const qh = tf.mul(this.project(q, "query", this.keyDim), 1 / Math.sqrt(this.keyDim));
      const kh = this.project(k, "key", this.keyDim);
      const vh = this.project(v, "value", this.valueDim);
      let scores = tf.matMul(qh, kh, false, true);
      const masks = kwargs.mask as (tf.Tensor | null | undefined)[] | undefined;
      const valueMask = Array.isArray(masks) ? masks[1] : undefined;
      if (valueMask) scores = tf.add(scores, tf.mul(tf.sub(1, tf.reshape(tf.cast(valueMask, "float32"), [valueMask.shape[0], 1, 1, -1])), -1e9));
      if (this.useCausalMask) scores = causalMask(scores);
      let weights = tf.softmax(scores);
      if (kwargs.training && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate);
      const context = tf.transpose(tf.matMul(weights, vh), [0, 2, 1, 3]);
      const [b, t] = q.shape as [number, number];
      const outKernel = this.w.output_kernel.read();
      const outDim = outKernel.shape[2] as number;
      let out = tf.matMul(tf.reshape(context, [b * t, this.numHeads * this.valueDim]), tf.reshape(outKernel, [this.numHeads * this.valueDim, outDim]));
      if (this.useBias) out = tf.add(out, this.w.output_bias.read());
      return tf.reshape(out, [b, t, outDim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropoutRate,
      useBias: this.useBias,
      outputShape: this.outputDim,
      useCausalMask: this.useCausalMask,
      kernelInitializer: { className: this.kernelInit.getClassName(), config: this.kernelInit.getConfig() } as any,
      biasInitializer: { className: this.biasInit.getClassName(), config: this.biasInit.getConfig() } as any,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const c: Kwargs = { ...config };
    for (const key of ["kernelInitializer", "biasInitializer"]) {
      if (c[key] && typeof c[key] === "object") c[key] = deserializeInitializer(c[key]);
    }
    if (c.outputShape === null) delete c.outputShape;
    return new cls(c);
  }
}
tf.serialization.registerClass(MultiHeadAttentionLayer);

function toInitializer(v: unknown): TfInitializer {
  if (typeof v !== "string") return v as TfInitializer;
  const factory = (tf.initializers as any)[v];
  if (typeof factory !== "function") throw new RangeError(`MultiHeadAttention: unknown initializer ${JSON.stringify(v)}`);
  return factory({});
}

function deserializeInitializer(config: any): TfInitializer {
  const name = String(config.className ?? "");
  const factory = (tf.initializers as any)[name.charAt(0).toLowerCase() + name.slice(1)];
  if (typeof factory !== "function") throw new RangeError(`MultiHeadAttention: cannot restore initializer ${JSON.stringify(name)}`);
  return factory(config.config ?? {});
}

/** `MultiHeadAttention(numHeads, keyDim, { valueDim, dropout, outputShape, ... })`, called on `[query, value]` or `[query, value, key]`. */
export function MultiHeadAttention(numHeads: number, keyDim: number, options?: MultiHeadAttentionOptions): MultiHeadAttentionLayer {
  positional("MultiHeadAttention", "numHeads", numHeads, positiveInt);
  positional("MultiHeadAttention", "keyDim", keyDim, positiveInt);
  return makeLayer(
    "MultiHeadAttention",
    "multi_head_attention",
    options,
    { valueDim: positiveInt, dropout: rate, useBias: bool, outputShape: positiveInt, kernelInitializer: initializer, biasInitializer: initializer, useCausalMask: bool },
    (a) => new MultiHeadAttentionLayer({ numHeads, keyDim, ...a }),
  );
}

export { num };
