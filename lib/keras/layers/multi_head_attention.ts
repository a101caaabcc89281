/**
 * Keras 3's MultiHeadAttention, which tfjs lacks: a tf.layers.Layer subclass registered for
 * serialization, with Keras's weights (query, key, [gate,] value, attention_output kernels
 * [in, heads, size] and biases) so parameter counts and `setWeights` orders match.
 *
 * Inputs may have any rank ≥ 3 ([batch, ...inner, features]); attention runs over
 * `attentionAxes` (default: every inner axis), the other inner axes are batch-like, as Keras's
 * einsum equations (`_build_attention_equation`) make them. Here the einsums are transposes to
 * [batch-like..., attention..., channels], one batched matmul, and the transpose back.
 *
 * Masks follow Keras's `_compute_attention_mask`: query mask [B, Tq, 1] ∧ value mask [B, 1, Tv] ∧
 * key mask ∧ causal mask [1, Tq, Tv] ∧ sliding window |i − j| < w ∧ an explicit `attentionMask`
 * (`apply([q, v], { attentionMask })`: a tensor, or a SymbolicTensor, which then travels as a 4th
 * input so the model graph carries it). As Keras's `_masked_softmax`, the mask gains axes before
 * the query's attention axes until it has the scores' rank, masked scores become −1e9 and the
 * softmax output is zeroed where masked, so a fully masked query row attends to nothing. The
 * output's mask is the query's.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { Constraint, Initializer, Regularizer, TfInitializer } from "./core.js";
import { bool, constraint, initializer, num, positional, positiveInt, rate, regularizer, type OptionCheck } from "./options.js";
import { TAKES_INPUT_MASKS } from "./executor_mask_fix.js";
import { and, asBool, causalMask, dedupeSelfAttention, inputMasks, isSymbolic, queryMaskOf, shapesOf, splitInputs, type ApplyInputs, type Kwargs } from "./attention_inputs.js";

type Serializable = tf.serialization.Serializable;

export interface MultiHeadAttentionOptions extends BaseLayerOptions {
  /** Size of each head for value; defaults to keyDim. */
  valueDim?: number;
  dropout?: number;
  useBias?: boolean;
  /** The output's trailing dimensions (a number or a list); defaults to the query's last dimension. */
  outputShape?: number | number[];
  /**
   * Axes of the inputs attention runs over (Keras's `attention_axes`; negative counts from the
   * heads axis of the projected inputs, as Keras: −2 is the last inner axis of a rank-4 input).
   * Default: every axis between batch and features.
   */
  attentionAxes?: number | number[] | null;
  /** Each query step attends only to value steps within `slidingWindow − 1` of itself (a band). */
  slidingWindow?: number | null;
  /** Keras's gated attention: the heads' output is multiplied by sigmoid(query · W_gate + b) before the output projection. */
  useGate?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  /** Applied to every kernel (query, key, value, gate, output), as Keras passes it to each projection. */
  kernelRegularizer?: Regularizer | null;
  biasRegularizer?: Regularizer | null;
  kernelConstraint?: Constraint | null;
  biasConstraint?: Constraint | null;
  /** Seed of the attention dropout. */
  seed?: number | null;
  useCausalMask?: boolean;
  /** Also return the attention scores (softmax weights, before dropout), [B, heads, Tq, Tv]: `[output, scores]`. */
  returnAttentionScores?: boolean;
}

type TfRegularizer = ReturnType<typeof tf.regularizers.l2>;
type TfConstraint = ReturnType<typeof tf.constraints.nonNeg>;

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Where the attention of one call runs: the projected tensors' axes, split as Keras's equation does. */
interface AttentionPlan {
  /** Axes of a projected tensor [B, ...inner, heads, channels] that are batch-like (batch, heads, non-attention inner axes). */
  batchAxes: number[];
  /** The attention axes of a projected tensor. */
  attentionAxes: number[];
  /** [batch-like..., attention..., channels] of a projected tensor. */
  perm: number[];
}

function planAttention(projectedRank: number, attentionAxes: readonly number[]): AttentionPlan {
  const batchAxes: number[] = [];
  for (let a = 0; a < projectedRank - 1; a++) if (!attentionAxes.includes(a)) batchAxes.push(a);
  return { batchAxes, attentionAxes: [...attentionAxes], perm: [...batchAxes, ...attentionAxes, projectedRank - 1] };
}

export class MultiHeadAttentionLayer extends tf.layers.Layer {
  static className = "MultiHeadAttention";
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropoutRate: number;
  readonly useBias: boolean;
  readonly useGate: boolean;
  /** The output's trailing dimensions; null: the query's last dimension. */
  readonly outputDims: number[] | null;
  /** As given (Keras's config keeps the user's axes, negative ones included). */
  readonly attentionAxes: number[] | null;
  readonly slidingWindow: number | null;
  readonly useCausalMask: boolean;
  readonly seed: number | null;
  private readonly kernelInit: TfInitializer;
  private readonly biasInit: TfInitializer;
  private readonly kernelReg: TfRegularizer | null;
  private readonly biasReg: TfRegularizer | null;
  private readonly kernelCons: TfConstraint | null;
  private readonly biasCons: TfConstraint | null;
  private w: Record<string, tf.LayerVariable> = {};
  /** Applied in a model with `{ useCausalMask: true }`: every later call is causal. */
  private causalInModel = false;
  readonly returnAttentionScores: boolean;
  /** Applied in a model with `{ returnAttentionScores: true }`: the node outputs [output, scores]. */
  private scoresInModel = false;
  /** Set for the length of an `apply(…, { returnAttentionScores: true })`: tfjs asks computeMask without the kwargs. */
  private scoresThisCall = false;

  private get returnsScores(): boolean {
    return this.returnAttentionScores || this.scoresInModel || this.scoresThisCall;
  }

  constructor(args: MultiHeadAttentionOptions & { numHeads: number; keyDim: number } & Kwargs) {
    super(args);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropoutRate = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.useGate = args.useGate ?? false;
    const out = args.outputShape ?? null;
    this.outputDims = out === null ? null : Array.isArray(out) ? [...out] : [out];
    const axes = args.attentionAxes ?? null;
    this.attentionAxes = axes === null ? null : Array.isArray(axes) ? [...axes] : [axes];
    this.slidingWindow = args.slidingWindow ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.seed = args.seed ?? null;
    this.kernelInit = toInitializer(args.kernelInitializer ?? "glorotUniform");
    this.biasInit = toInitializer(args.biasInitializer ?? "zeros");
    this.kernelReg = (args.kernelRegularizer as TfRegularizer | undefined) ?? null;
    this.biasReg = (args.biasRegularizer as TfRegularizer | undefined) ?? null;
    this.kernelCons = (args.kernelConstraint as TfConstraint | undefined) ?? null;
    this.biasCons = (args.biasConstraint as TfConstraint | undefined) ?? null;
    this.supportsMasking = true;
    // Inside a model, take one mask per input (query, value, key), as Keras does.
    (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
  }

  /** Keras: "All dimensions of `value` and `key`, except the last one, must be equal." */
  private checkValueKey(v: tf.Shape, k: tf.Shape | undefined): void {
    if (!k) return;
    const inner = (s: tf.Shape) => s.slice(1, -1);
    const a = inner(v), b = inner(k);
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      throw new TypeError(`MultiHeadAttention: all dimensions of value and key, except the last one, must be equal; got value [${v.map(String)}] and key [${k.map(String)}]`);
    }
  }

  /** The attention axes of a projected tensor of rank `inputRank + 1`, as Keras's `_build_attention`. */
  private projectedAttentionAxes(inputRank: number): number[] {
    const rank = inputRank + 1;
    if (this.attentionAxes === null) return Array.from({ length: rank - 3 }, (_, i) => i + 1);
    const axes = this.attentionAxes.map((a) => (a >= 0 ? a : rank - 1 + a));
    for (const [i, a] of axes.entries()) {
      if (!Number.isInteger(a) || a < 1 || a > rank - 3) {
        throw new RangeError(`MultiHeadAttention: \`attentionAxes\` must name axes between the batch and the features of a rank-${inputRank} input (1 to ${rank - 3}, or ${-(rank - 2)} to -2); got ${this.attentionAxes[i]}`);
      }
    }
    if (new Set(axes).size !== axes.length) throw new RangeError(`MultiHeadAttention: \`attentionAxes\` names an axis twice: [${this.attentionAxes}]`);
    return axes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = shapesOf("MultiHeadAttention", inputShape, 4);
    this.checkValueKey(v, k);
    const key = k ?? v;
    const dim = (s: tf.Shape, what: string) => {
      const d = s[s.length - 1];
      if (d == null) throw new TypeError(`MultiHeadAttention: the last dimension of ${what} must be known`);
      return d;
    };
    if (q.length < 3) throw new TypeError(`MultiHeadAttention: the query must have rank 3 or more ([batch, steps..., features]); got [${q.map(String)}]`);
    this.projectedAttentionAxes(q.length);
    const h = this.numHeads;
    const addKernel = (name: string, shape: number[]) => {
      this.w[`${name}_kernel`] = this.addWeight(`${name}/kernel`, shape, "float32", this.kernelInit, this.kernelReg ?? undefined, true, this.kernelCons ?? undefined);
    };
    const addBias = (name: string, shape: number[]) => {
      if (this.useBias) this.w[`${name}_bias`] = this.addWeight(`${name}/bias`, shape, "float32", this.biasInit, this.biasReg ?? undefined, true, this.biasCons ?? undefined);
    };
    const proj = (name: string, inDim: number, size: number) => {
      addKernel(name, [inDim, h, size]);
      addBias(name, [h, size]);
    };
    // Keras's order (its sublayers as assigned): query, key, gate, value, output.
    proj("query", dim(q, "query"), this.keyDim);
    proj("key", dim(key, "key"), this.keyDim);
    if (this.useGate) proj("gate", dim(q, "query"), this.valueDim);
    proj("value", dim(v, "value"), this.valueDim);
    const out = this.outputDims ?? [dim(q, "query")];
    addKernel("attention_output", [h, this.valueDim, ...out]);
    addBias("attention_output", out);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, v, k] = shapesOf("MultiHeadAttention", inputShape, 4);
    this.checkValueKey(v, k);
    const out = [...q.slice(0, -1), ...(this.outputDims ?? [q[q.length - 1]])];
    if (!this.returnsScores) return out;
    // The scores: [batch-like..., query attention..., key attention...] of the projected tensors.
    const projected = (s: tf.Shape) => [...s.slice(0, -1), this.numHeads, null];
    const plan = planAttention(q.length + 1, this.projectedAttentionAxes(q.length));
    const pq = projected(q), pk = projected(k ?? v);
    return [out, [...plan.batchAxes.map((a) => pq[a]), ...plan.attentionAxes.map((a) => pq[a]), ...plan.attentionAxes.map((a) => pk[a])]];
  }

  // The overloads of apply_types.ts; with returnAttentionScores the result is [output, scores].
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs: Kwargs & { returnAttentionScores: true }): tf.SymbolicTensor[];
  override apply(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs & { returnAttentionScores: true }): tf.Tensor[];
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Kwargs): tf.SymbolicTensor;
  override apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Kwargs): tf.Tensor;
  override apply(inputs: ApplyInputs, kwargs?: Kwargs): ApplyInputs;
  override apply(inputs: ApplyInputs, kwargs?: Kwargs): ApplyInputs {
    // tfjs's model executor calls a layer without the keyword arguments it was applied with.
    if (kwargs?.useCausalMask === true && isSymbolic(inputs)) this.causalInModel = true;
    if (kwargs?.returnAttentionScores === true && isSymbolic(inputs)) this.scoresInModel = true;
    this.scoresThisCall = kwargs?.returnAttentionScores === true;
    try {
      return this.applyWithAttentionMask(inputs, kwargs);
    } finally {
      this.scoresThisCall = false;
    }
  }

  private applyWithAttentionMask(inputs: ApplyInputs, kwargs?: Kwargs): ApplyInputs {
    // A symbolic attention mask must be an input of the node, or the model could not feed it.
    if (kwargs?.attentionMask instanceof tf.SymbolicTensor) {
      const list = (Array.isArray(inputs) ? inputs : [inputs]) as tf.SymbolicTensor[];
      if (list.length < 2 || list.length > 3) throw new TypeError(`MultiHeadAttention: call it on [query, value] or [query, value, key]; got ${list.length} input(s)`);
      const { attentionMask, ...rest } = kwargs;
      return super.apply([list[0], list[1], list[2] ?? list[1], attentionMask], rest) as ApplyInputs;
    }
    return super.apply(dedupeSelfAttention(inputs), kwargs) as ApplyInputs;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = queryMaskOf(mask);
    return this.returnsScores ? [m, null as unknown as tf.Tensor] : m;
  }

  /** [..., d] → [..., heads, size] (Keras's EinsumDense "...b,bcd->...cd"). */
  private project(x: tf.Tensor, name: string, size: number): tf.Tensor {
    const d = x.shape[x.rank - 1]!;
    let y = tf.matMul(tf.reshape(x, [-1, d]), tf.reshape(this.w[`${name}_kernel`].read(), [d, this.numHeads * size]));
    if (this.useBias) y = tf.add(y, tf.reshape(this.w[`${name}_bias`].read(), [this.numHeads * size]));
    return tf.reshape(y, [...x.shape.slice(0, -1), this.numHeads, size]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = splitInputs("MultiHeadAttention", inputs, 4);
      const [q, v, k, inputAttentionMask] = list;
      this.checkValueKey(v.shape, k === v ? undefined : k.shape);
      if (q.rank < 3) throw new TypeError(`MultiHeadAttention: the query must have rank 3 or more ([batch, steps..., features]); got [${q.shape}]`);
      if (v.rank !== q.rank) throw new TypeError(`MultiHeadAttention: query and value must have the same rank; got [${q.shape}] and [${v.shape}]`);
      const plan = planAttention(q.rank + 1, this.projectedAttentionAxes(q.rank));
      const qh = tf.mul(this.project(q, "query", this.keyDim), 1 / Math.sqrt(this.keyDim));
      const kh = this.project(k, "key", this.keyDim);
      const vh = this.project(v, "value", this.valueDim);
      const batchShape = plan.batchAxes.map((a) => qh.shape[a]!);
      const kBatch = plan.batchAxes.map((a) => kh.shape[a]!);
      if (kBatch.some((d, i) => d !== batchShape[i])) {
        throw new TypeError(`MultiHeadAttention: the query's and the value's axes outside attentionAxes must be equal; got query [${q.shape}] and value [${v.shape}] with attention over projected axes [${plan.attentionAxes}]`);
      }
      const qAttn = plan.attentionAxes.map((a) => qh.shape[a]!);
      const kAttn = plan.attentionAxes.map((a) => kh.shape[a]!);
      const pb = product(batchShape), tq = product(qAttn), tk = product(kAttn);
      const flat = (x: tf.Tensor, t: number, c: number) => tf.reshape(tf.transpose(x, plan.perm), [pb, t, c]);
      let scores = tf.matMul(flat(qh, tq, this.keyDim), flat(kh, tk, this.keyDim), false, true); // [Pb, Tq, Tk]
      const scoresShape = [...batchShape, ...qAttn, ...kAttn];
      const causal = this.useCausalMask || this.causalInModel || kwargs.useCausalMask === true;
      const mask = this.attentionMask(q, v, inputMasks(kwargs, list), inputAttentionMask ?? kwargs.attentionMask ?? null, causal, scoresShape, plan.attentionAxes.length);
      let weights: tf.Tensor;
      if (mask) {
        const m = tf.reshape(mask, [pb, tq, tk]);
        weights = tf.where(m, tf.softmax(tf.where(m, scores, tf.fill(scores.shape, -1e9))), tf.zerosLike(scores));
      } else {
        weights = tf.softmax(scores);
      }
      // Keras's MultiHeadAttention returns the scores before dropout.
      const attentionScores = tf.reshape(weights, scoresShape);
      if (kwargs.training && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate, undefined, this.seed ?? undefined);
      // [Pb, Tq, Cv] → [batch-like..., query attention..., Cv] → the projected query's axis order.
      const contextPermuted = tf.reshape(tf.matMul(weights, flat(vh, tk, this.valueDim)), [...batchShape, ...qAttn, this.valueDim]);
      const inverse = plan.perm.map((_, i) => plan.perm.indexOf(i));
      let context = tf.transpose(contextPermuted, inverse); // [B, ...inner, heads, Cv]
      if (this.useGate) context = tf.mul(context, tf.sigmoid(this.project(q, "gate", this.valueDim)));
      const outKernel = this.w.attention_output_kernel.read();
      const outDims = outKernel.shape.slice(2);
      let out = tf.matMul(tf.reshape(context, [-1, this.numHeads * this.valueDim]), tf.reshape(outKernel, [this.numHeads * this.valueDim, product(outDims)]));
      if (this.useBias) out = tf.add(out, tf.reshape(this.w.attention_output_bias.read(), [-1]));
      const output = tf.reshape(out, [...q.shape.slice(0, -1), ...outDims]);
      return this.returnsScores || kwargs.returnAttentionScores === true ? [output, attentionScores] : output;
    });
  }

  /**
   * Keras's `_compute_attention_mask` then `_masked_softmax`'s expansion: a bool mask of the
   * scores' shape, or null when nothing is masked.
   */
  private attentionMask(q: tf.Tensor, v: tf.Tensor, masks: (tf.Tensor | null)[], explicit: tf.Tensor | null, causal: boolean, scoresShape: number[], attentionAxisCount: number): tf.Tensor | null {
    const [queryMask, valueMask, keyMask] = masks;
    const [tq, tv] = [q.shape[1]!, v.shape[1]!];
    let auto: tf.Tensor | null = queryMask ? tf.expandDims(asBool(queryMask), -1) : null;
    if (valueMask) auto = and(auto, tf.expandDims(asBool(valueMask), -2));
    if (keyMask) auto = and(auto, tf.expandDims(asBool(keyMask), -2));
    if (causal) auto = and(auto, causalMask(tq, tv));
    if (this.slidingWindow !== null) {
      const rows = tf.reshape(tf.range(0, tq, 1, "int32"), [1, tq, 1]);
      const cols = tf.reshape(tf.range(0, tv, 1, "int32"), [1, 1, tv]);
      auto = and(auto, tf.less(tf.abs(tf.sub(rows, cols)), this.slidingWindow));
    }
    let all = and(explicit ? asBool(explicit) : null, auto);
    if (!all) return null;
    // As Keras's _masked_softmax: add axes in front of the query's attention axes (numpy's
    // expand_dims at −2n − 1, n attention axes), e.g. [B, Tq, Tv] → [B, 1, Tq, Tv] for one axis.
    if (all.rank > scoresShape.length) throw this.maskShapeError(explicit, all, scoresShape);
    while (all.rank < scoresShape.length) {
      const at: number = all.rank - 2 * attentionAxisCount;
      if (at < 0) throw this.maskShapeError(explicit, all, scoresShape);
      all = tf.expandDims(all, at);
    }
    if (all.shape.some((d, i) => d !== 1 && d !== scoresShape[i])) throw this.maskShapeError(explicit, all, scoresShape);
    return tf.logicalAnd(all, tf.ones(scoresShape, "bool"));
  }

  private maskShapeError(explicit: tf.Tensor | null, merged: tf.Tensor, scoresShape: number[]): TypeError {
    const got = `got [${(explicit ?? merged).shape}]`;
    if (scoresShape.length === 4) {
      const [b, , tq, tv] = scoresShape;
      return new TypeError(`MultiHeadAttention: attentionMask must have shape [batch, ${tq}, ${tv}] ([batch, query steps, value steps]), [${tq}, ${tv}] or [${b}, ${this.numHeads}, ${tq}, ${tv}]; ${got}`);
    }
    return new TypeError(`MultiHeadAttention: attentionMask must broadcast to the attention scores [${scoresShape}] ([batch-like axes..., query attention axes..., value attention axes...]) after axes are added in front of the query's attention axes; ${got}`);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropoutRate,
      useBias: this.useBias,
      useGate: this.useGate,
      outputShape: this.outputDims,
      attentionAxes: this.attentionAxes,
      slidingWindow: this.slidingWindow,
      useCausalMask: this.useCausalMask,
      returnAttentionScores: this.returnAttentionScores || this.scoresInModel,
      seed: this.seed,
      kernelInitializer: serializeObject(this.kernelInit),
      biasInitializer: serializeObject(this.biasInit),
      kernelRegularizer: serializeObject(this.kernelReg),
      biasRegularizer: serializeObject(this.biasReg),
      kernelConstraint: serializeObject(this.kernelCons),
      biasConstraint: serializeObject(this.biasCons),
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const c: Kwargs = { ...config };
    for (const key of ["kernelInitializer", "biasInitializer", "kernelRegularizer", "biasRegularizer", "kernelConstraint", "biasConstraint"]) {
      if (c[key] && typeof c[key] === "object") c[key] = deserializeObject(c[key], key);
    }
    // Saves from before outputShape could be a list kept a number; both read back.
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

function serializeObject(o: Serializable | null): tf.serialization.ConfigDict | null {
  return o === null ? null : ({ className: o.getClassName(), config: o.getConfig() } as unknown as tf.serialization.ConfigDict);
}

/** An initializer, regularizer or constraint from its `{className, config}`, through tfjs's registry. */
function deserializeObject(config: { className?: unknown; config?: unknown }, option: string): Serializable {
  const name = String(config.className ?? "");
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[name];
  if (!entry) throw new RangeError(`MultiHeadAttention: cannot restore \`${option}\` of class ${JSON.stringify(name)}`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (config.config ?? {}) as tf.serialization.ConfigDict);
}

const attentionAxesCheck: OptionCheck = (v, where) => {
  if (v === null) return null;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((a) => typeof a !== "number" || !Number.isInteger(a))) {
    throw new TypeError(`${where} must be an integer or a list of integers; got ${JSON.stringify(v)}`);
  }
  return v;
};

const outputShapeCheck: OptionCheck = (v, where) => {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((d) => typeof d !== "number" || !Number.isInteger(d) || d <= 0)) {
    throw new TypeError(`Invalid ${where}: ${JSON.stringify(v)}; when given it must be a positive integer or a list of them`);
  }
  return v;
};

const nullable = (check: OptionCheck): OptionCheck => (v, where) => (v === null ? null : check(v, where));

/** `MultiHeadAttention(numHeads, keyDim, { valueDim, dropout, outputShape, attentionAxes, ... })`, called on `[query, value]` or `[query, value, key]`. */
export function MultiHeadAttention(numHeads: number, keyDim: number, options?: MultiHeadAttentionOptions): MultiHeadAttentionLayer {
  positional("MultiHeadAttention", "numHeads", numHeads, positiveInt);
  positional("MultiHeadAttention", "keyDim", keyDim, positiveInt);
  return makeLayer(
    "MultiHeadAttention",
    "multi_head_attention",
    options,
    {
      valueDim: positiveInt,
      dropout: rate,
      useBias: bool,
      useGate: bool,
      outputShape: outputShapeCheck,
      attentionAxes: attentionAxesCheck,
      slidingWindow: nullable(positiveInt),
      kernelInitializer: initializer,
      biasInitializer: initializer,
      kernelRegularizer: nullable(regularizer),
      biasRegularizer: nullable(regularizer),
      kernelConstraint: nullable(constraint),
      biasConstraint: nullable(constraint),
      seed: nullable(num(-Infinity, Infinity, { integer: true })),
      useCausalMask: bool,
      returnAttentionScores: bool,
    },
    (a) => new MultiHeadAttentionLayer({ numHeads, keyDim, ...a }),
  );
}
