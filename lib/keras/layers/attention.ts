/**
 * Keras's Attention (Luong dot-product or concat scores) and MultiHeadAttention, which tfjs lacks.
 * Both are tf.layers.Layer subclasses registered for serialization, so models that use them save,
 * load and round-trip getConfig/fromConfig. Weight shapes follow Keras's so parameter counts match.
 * Masks follow Keras 3 (query/value/key masks from the inputs, causal mask, MultiHeadAttention's
 * explicit attentionMask; the output's mask is the query's). Called on one tensor, either layer
 * is self-attention (query = value = key).
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { Initializer, Regularizer, Constraint, TfInitializer } from "./core.js";
import { bool, initializer, num, oneOf, positional, positiveInt, rate } from "./options.js";
import { TAKES_INPUT_MASKS } from "./executor_mask_fix.js";

type Kwargs = Record<string, any>;

// A single input is self-attention (query = value = key). A symbolic [x, x] is applied as x:
// tfjs's model executor disposes a tensor once per occurrence in a node's inputs but counts its
// consumers once per node, so a tensor given twice would be freed before later layers read it.
function splitInputs(owner: string, inputs: tf.Tensor | tf.Tensor[], max = 3): tf.Tensor[] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length < 1 || list.length > max) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} tensor(s)`);
  if (list.length === 1) return [list[0], list[0], list[0]];
  return [list[0], list[1], list[2] ?? list[1], ...list.slice(3)];
}

function shapesOf(owner: string, inputShape: tf.Shape | tf.Shape[], max = 3): tf.Shape[] {
  const list = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
  if (list.length < 1 || list.length > max) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} input(s)`);
  return list.length === 1 ? [list[0], list[0]] : list;
}

type ApplyInputs = tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];

/** [x, x] or [x, x, x] of one SymbolicTensor → x (see splitInputs). */
function dedupeSelfAttention(inputs: ApplyInputs): ApplyInputs {
  if (Array.isArray(inputs) && inputs.length > 1 && inputs[0] instanceof tf.SymbolicTensor && inputs.every((t) => t === inputs[0])) return inputs[0];
  return inputs;
}

function isSymbolic(inputs: ApplyInputs): boolean {
  return (Array.isArray(inputs) ? inputs[0] : inputs) instanceof tf.SymbolicTensor;
}

function queryMaskOf(mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return (Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null)) as unknown as tf.Tensor;
}

/**
 * The input masks, one per input (null where none). Called eagerly, tfjs passes the list given;
 * inside a model, executor_mask_fix.ts gives these layers (TAKES_INPUT_MASKS) the list of their
 * inputs' masks. A single tensor (self-attention on one input) is the query's mask when its shape
 * is the query's [batch, steps], and the value's and key's too where they are the query itself.
 */
function inputMasks(kwargs: Kwargs, inputs: tf.Tensor[]): (tf.Tensor | null)[] {
  const m = Array.isArray(kwargs.mask) && kwargs.mask.length === 1 ? kwargs.mask[0] : kwargs.mask;
  if (Array.isArray(m)) return m.map((x) => x ?? null);
  if (m instanceof tf.Tensor) {
    const q = inputs[0];
    if (m.rank === 2 && m.shape[0] === q.shape[0] && m.shape[1] === q.shape[1]) return inputs.map((t) => (t === q ? m : null));
  }
  return [];
}

/** Keras casts masks to bool: any non-zero entry keeps its position. */
function asBool(mask: tf.Tensor): tf.Tensor {
  return mask.dtype === "bool" ? mask : tf.notEqual(mask, 0);
}

function and(a: tf.Tensor | null, b: tf.Tensor | null): tf.Tensor | null {
  return a === null ? b : b === null ? a : tf.logicalAnd(a, b);
}

/** Keras's causal mask, [1, Tq, Tv]: query step i sees value steps j ≤ i. */
function causalMask(tq: number, tv: number): tf.Tensor {
  return tf.cast(tf.expandDims(tf.linalg.bandPart(tf.ones([tq, tv]), -1, 0), 0), "bool");
}

export interface AttentionOptions extends BaseLayerOptions {
  /** Learn a scalar that multiplies the scores (Keras's `use_scale`); in "concat" mode it scales q + k inside the tanh. */
  useScale?: boolean;
  /** "dot" (Luong, default): q·kᵀ; "concat" (Bahdanau-like): Σ tanh(q + k) times a learned scalar. */
  scoreMode?: "dot" | "concat";
  /** Fraction of the attention weights dropped in training. */
  dropout?: number;
  /**
   * Each query step attends only to value steps up to its own (decoder self-attention). Keras 3
   * takes it per call; here it is also a layer option, and `apply(x, { useCausalMask: true })` works too.
   */
  useCausalMask?: boolean;
  /**
   * Also return the attention weights: `[output, scores]` ([B, Tq, Tv]; MultiHeadAttention:
   * [B, heads, Tq, Tv]). Keras takes it per call; here also a layer option, and
   * `apply([q, v], { returnAttentionScores: true })` works too (in a model, from then on).
   */
  returnAttentionScores?: boolean;
}

/**
 * Keras 3's Attention: query, value (and key, default value) masks come from the inputs (e.g.
 * Embedding maskZero). Masked value steps get no weight (scores − 1e9, as Keras); masked query
 * steps output zeros, and the output's mask is the query's.
 */
export class AttentionLayer extends tf.layers.Layer {
  static className = "Attention";
  readonly useScale: boolean;
  readonly scoreMode: "dot" | "concat";
  readonly dropoutRate: number;
  readonly useCausalMask: boolean;
  private scaleWeight?: tf.LayerVariable;
  private concatScoreWeight?: tf.LayerVariable;
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

  constructor(args: AttentionOptions & Kwargs = {}) {
    super(args);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.useScale = args.useScale ?? false;
    this.scoreMode = args.scoreMode ?? "dot";
    if (this.scoreMode !== "dot" && this.scoreMode !== "concat") throw new RangeError(`Attention: \`scoreMode\` must be "dot" or "concat"; got ${JSON.stringify(this.scoreMode)}`);
    this.dropoutRate = args.dropout ?? 0;
    this.useCausalMask = args.useCausalMask ?? false;
    this.supportsMasking = true;
    // Inside a model, take one mask per input (query, value, key), as Keras does.
    (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = shapesOf("Attention", inputShape);
    const dq = q[q.length - 1], dk = (k ?? v)[(k ?? v).length - 1];
    if (dq != null && dk != null && dq !== dk) throw new TypeError(`Attention: query and key must have the same last dimension; got ${dq} and ${dk}`);
    if (this.useScale) this.scaleWeight = this.addWeight("scale", [], "float32", tf.initializers.ones());
    if (this.scoreMode === "concat") this.concatScoreWeight = this.addWeight("concat_score_weight", [], "float32", tf.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, v, k] = shapesOf("Attention", inputShape);
    const out = [...q.slice(0, -1), v[v.length - 1]];
    return this.returnsScores ? [out, [q[0], q[1], (k ?? v)[1]]] : out;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = queryMaskOf(mask);
    return this.returnsScores ? [m, null as unknown as tf.Tensor] : m;
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
      return super.apply(dedupeSelfAttention(inputs), kwargs) as ApplyInputs;
    } finally {
      this.scoresThisCall = false;
    }
  }

  private scores(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
    if (this.scoreMode === "dot") {
      const scores = tf.matMul(q, k, false, true);
      return this.scaleWeight ? tf.mul(scores, this.scaleWeight.read()) : scores;
    }
    // [B, Tq, 1, d] + [B, 1, Tv, d] → [B, Tq, Tv, d], summed over d.
    let sum = tf.add(tf.expandDims(q, -2), tf.expandDims(k, -3));
    if (this.scaleWeight) sum = tf.mul(sum, this.scaleWeight.read());
    return tf.mul(tf.sum(tf.tanh(sum), -1), this.concatScoreWeight!.read());
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = splitInputs("Attention", inputs);
      const [q, v, k] = list;
      const [queryMask, valueMask] = inputMasks(kwargs, list);
      let scores = this.scores(q, k);
      let scoresMask = valueMask ? tf.expandDims(asBool(valueMask), -2) : null;
      if (this.useCausalMask || this.causalInModel || kwargs.useCausalMask === true) scoresMask = and(scoresMask, causalMask(q.shape[1]!, k.shape[1]!));
      if (scoresMask) scores = tf.sub(scores, tf.mul(tf.cast(tf.logicalNot(scoresMask), "float32"), 1e9));
      let weights = tf.softmax(scores);
      if (kwargs.training && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate);
      let out = tf.matMul(weights, v);
      if (queryMask) out = tf.mul(out, tf.expandDims(tf.cast(asBool(queryMask), "float32"), -1));
      // Keras's Attention returns the weights after dropout.
      return this.returnsScores || kwargs.returnAttentionScores === true ? [out, weights] : out;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale, scoreMode: this.scoreMode, dropout: this.dropoutRate, useCausalMask: this.useCausalMask, returnAttentionScores: this.returnAttentionScores || this.scoresInModel };
  }
}
tf.serialization.registerClass(AttentionLayer);

/** `Attention({ useScale, scoreMode, dropout, useCausalMask })`, called on `[query, value]` or `[query, value, key]`. */
export function Attention(options?: AttentionOptions): AttentionLayer {
  return makeLayer(
    "Attention",
    "attention",
    options,
    { useScale: bool, scoreMode: oneOf("dot", "concat"), dropout: rate, useCausalMask: bool, returnAttentionScores: bool },
    (a) => new AttentionLayer(a),
  );
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
  /** Also return the attention scores (softmax weights, before dropout), [B, heads, Tq, Tv]: `[output, scores]`. */
  returnAttentionScores?: boolean;
}

/**
 * Keras 3's MultiHeadAttention. The attention mask is built as Keras's `_compute_attention_mask`:
 * query mask [B, Tq, 1] ∧ value mask [B, 1, Tv] ∧ key mask ∧ causal mask ∧ an explicit
 * `attentionMask` [B, Tq, Tv] (or, as Keras broadcasts it, [Tq, Tv] or [B, heads, Tq, Tv]), given as `apply([q, v], { attentionMask })` (a tensor, or a
 * SymbolicTensor, which then travels as a 4th input so the model graph carries it). Masked
 * scores become −1e9 and the softmax output is multiplied by the mask, as Keras's Softmax does,
 * so a fully masked query row attends to nothing. The output's mask is the query's.
 */
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
    this.outputDim = args.outputShape ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.kernelInit = toInitializer(args.kernelInitializer ?? "glorotUniform");
    this.biasInit = toInitializer(args.biasInitializer ?? "zeros");
    this.supportsMasking = true;
    // Inside a model, take one mask per input (query, value, key), as Keras does.
    (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = shapesOf("MultiHeadAttention", inputShape, 4);
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

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, v, k] = shapesOf("MultiHeadAttention", inputShape, 4);
    const out = [...q.slice(0, -1), this.outputDim ?? q[q.length - 1]];
    return this.returnsScores ? [out, [q[0], this.numHeads, q[1], (k ?? v)[1]]] : out;
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

  /** [B, T, d] → [B, heads, T, size] */
  private project(x: tf.Tensor, name: string, size: number): tf.Tensor {
    const [b, t, d] = x.shape as [number, number, number];
    const kernel = tf.reshape(this.w[`${name}_kernel`].read(), [d, this.numHeads * size]);
    let y = tf.matMul(tf.reshape(x, [b * t, d]), kernel);
    if (this.useBias) y = tf.add(y, tf.reshape(this.w[`${name}_bias`].read(), [this.numHeads * size]));
    return tf.transpose(tf.reshape(y, [b, t, this.numHeads, size]), [0, 2, 1, 3]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = splitInputs("MultiHeadAttention", inputs, 4);
      const [q, v, k, inputAttentionMask] = list;
      if (q.rank !== 3 || v.rank !== 3 || k.rank !== 3) throw new TypeError("MultiHeadAttention: query, value and key must be rank 3 [batch, steps, features]");
      const qh = tf.mul(this.project(q, "query", this.keyDim), 1 / Math.sqrt(this.keyDim));
      const kh = this.project(k, "key", this.keyDim);
      const vh = this.project(v, "value", this.valueDim);
      let scores = tf.matMul(qh, kh, false, true);
      const mask = this.attentionMask(q, v, inputMasks(kwargs, list), inputAttentionMask ?? kwargs.attentionMask ?? null, this.useCausalMask || this.causalInModel || kwargs.useCausalMask === true);
      let weights: tf.Tensor;
      if (mask) {
        // [B, Tq, Tv] → [B, 1, Tq, Tv]: one mask for every head (a 4-D attentionMask is per head already).
        const m = mask.rank === 4 ? tf.cast(mask, "float32") : tf.expandDims(tf.cast(mask, "float32"), 1);
        weights = tf.mul(tf.softmax(tf.add(tf.mul(scores, m), tf.mul(tf.sub(1, m), -1e9))), m);
      } else {
        weights = tf.softmax(scores);
      }
      // Keras's MultiHeadAttention returns the scores before dropout.
      const attentionScores = weights;
      if (kwargs.training && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate);
      const context = tf.transpose(tf.matMul(weights, vh), [0, 2, 1, 3]);
      const [b, t] = q.shape as [number, number];
      const outKernel = this.w.output_kernel.read();
      const outDim = outKernel.shape[2] as number;
      let out = tf.matMul(tf.reshape(context, [b * t, this.numHeads * this.valueDim]), tf.reshape(outKernel, [this.numHeads * this.valueDim, outDim]));
      if (this.useBias) out = tf.add(out, this.w.output_bias.read());
      const output = tf.reshape(out, [b, t, outDim]);
      return this.returnsScores || kwargs.returnAttentionScores === true ? [output, attentionScores] : output;
    });
  }

  /** Keras's `_compute_attention_mask`: [B, Tq, Tv] (bool) or null when nothing is masked. */
  private attentionMask(q: tf.Tensor, v: tf.Tensor, masks: (tf.Tensor | null)[], explicit: tf.Tensor | null, causal: boolean): tf.Tensor | null {
    const [queryMask, valueMask, keyMask] = masks;
    let auto: tf.Tensor | null = queryMask ? tf.expandDims(asBool(queryMask), -1) : null;
    if (valueMask) auto = and(auto, tf.expandDims(asBool(valueMask), -2));
    if (keyMask) auto = and(auto, tf.expandDims(asBool(keyMask), -2));
    if (causal) auto = and(auto, causalMask(q.shape[1]!, v.shape[1]!));
    if (explicit) {
      // As Keras (its softmax broadcasts the mask): [Tq, Tv], [B, Tq, Tv] or [B, heads, Tq, Tv], batch and heads possibly 1.
      const [b, tq, tv] = [q.shape[0], q.shape[1], v.shape[1]];
      const s = explicit.shape;
      const r = explicit.rank;
      const leadOk = r === 2 || (r === 3 && (s[0] === b || s[0] === 1)) || (r === 4 && (s[0] === b || s[0] === 1) && (s[1] === this.numHeads || s[1] === 1));
      if (r < 2 || r > 4 || s[r - 2] !== tq || s[r - 1] !== tv || !leadOk) {
        throw new TypeError(`MultiHeadAttention: attentionMask must have shape [batch, ${tq}, ${tv}] ([batch, query steps, value steps]), [${tq}, ${tv}] or [batch, ${this.numHeads}, ${tq}, ${tv}]; got [${s}]`);
      }
    }
    const all = and(explicit ? asBool(explicit) : null, auto);
    // Broadcast to [B, Tq, Tv] (or [B, heads, Tq, Tv]) so the head axis can be inserted at 1.
    if (!all) return null;
    return tf.logicalAnd(all, tf.ones(all.rank === 4 ? [q.shape[0]!, 1, q.shape[1]!, v.shape[1]!] : [q.shape[0]!, q.shape[1]!, v.shape[1]!], "bool"));
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
      returnAttentionScores: this.returnAttentionScores || this.scoresInModel,
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
    { valueDim: positiveInt, dropout: rate, useBias: bool, outputShape: positiveInt, kernelInitializer: initializer, biasInitializer: initializer, useCausalMask: bool, returnAttentionScores: bool },
    (a) => new MultiHeadAttentionLayer({ numHeads, keyDim, ...a }),
  );
}

export { num };
