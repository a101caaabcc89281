/**
 * Keras's Attention (Luong dot-product or concat scores), which tfjs lacks: a tf.layers.Layer
 * subclass registered for serialization, so models that use it save, load and round-trip
 * getConfig/fromConfig. Masks follow Keras 3 (query/value/key masks from the inputs, causal mask;
 * the output's mask is the query's). Called on one tensor it is self-attention (query = value =
 * key). MultiHeadAttention is multi_head_attention.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { bool, oneOf, rate } from "./options.js";
import { TAKES_INPUT_MASKS } from "./executor_mask_fix.js";
import { and, asBool, causalMask, dedupeSelfAttention, inputMasks, isSymbolic, queryMaskOf, shapesOf, splitInputs, type ApplyInputs, type Kwargs } from "./attention_inputs.js";

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
  protected scaleWeight?: tf.LayerVariable;
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
    const [q, v, k] = shapesOf(this.getClassName(), inputShape);
    const dq = q[q.length - 1], dk = (k ?? v)[(k ?? v).length - 1];
    if (dq != null && dk != null && dq !== dk) throw new TypeError(`Attention: query and key must have the same last dimension; got ${dq} and ${dk}`);
    if (this.useScale) this.scaleWeight = this.addWeight("scale", [], "float32", tf.initializers.ones());
    if (this.scoreMode === "concat") this.concatScoreWeight = this.addWeight("concat_score_weight", [], "float32", tf.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, v, k] = shapesOf(this.getClassName(), inputShape);
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

  /** [B, Tq, Tv] scores of each query step against each key step (AdditiveAttention overrides it). */
  protected scores(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
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
      const list = splitInputs(this.getClassName(), inputs);
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

