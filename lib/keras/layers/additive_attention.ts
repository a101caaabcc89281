/**
 * Keras 3's AdditiveAttention (Bahdanau-style): scores = Σ_d scale_d · tanh(q_d + k_d), with a
 * learned `scale` vector of the feature size (glorot_uniform, `useScale`, default true) outside
 * the tanh. Everything else (inputs, masks, causal mask, dropout on the weights,
 * returnAttentionScores) is Attention's (attention.ts), as Keras's class is a subclass of its
 * Attention; the config is Attention's without `scoreMode`.
 */
import * as tf from "@tensorflow/tfjs";
import { AttentionLayer, type AttentionOptions } from "./attention.js";
import { shapesOf, type Kwargs } from "./attention_inputs.js";
import { makeLayer } from "./make_layer.js";
import { bool, rate } from "./options.js";

export type AdditiveAttentionOptions = Omit<AttentionOptions, "scoreMode">;

export class AdditiveAttentionLayer extends AttentionLayer {
  static override className = "AdditiveAttention";

  constructor(args: AdditiveAttentionOptions & Kwargs = {}) {
    const { scoreMode: _scoreMode, ...rest } = args;
    super({ ...rest, useScale: args.useScale ?? true });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = shapesOf("AdditiveAttention", inputShape);
    const dq = q[q.length - 1], dk = (k ?? v)[(k ?? v).length - 1];
    if (dq != null && dk != null && dq !== dk) throw new TypeError(`AdditiveAttention: query and key must have the same last dimension; got ${dq} and ${dk}`);
    if (this.useScale) {
      if (dq == null) throw new TypeError("AdditiveAttention: the query's last dimension must be known to build `scale`");
      // Keras's glorot_uniform takes fan_in = fan_out = dim for a vector (limit √(3/dim)); tfjs's
      // takes √dim for both, a wider draw, so the limit is Keras's, written out.
      const limit = Math.sqrt(6 / (dq + dq));
      this.scaleWeight = this.addWeight("scale", [dq], "float32", tf.initializers.randomUniform({ minval: -limit, maxval: limit }));
    }
    this.built = true;
  }

  protected override scores(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
    // [B, Tq, 1, d] + [B, 1, Tv, d] → [B, Tq, Tv, d], summed over d.
    let terms = tf.tanh(tf.add(tf.expandDims(q, -2), tf.expandDims(k, -3)));
    if (this.scaleWeight) terms = tf.mul(terms, this.scaleWeight.read());
    return tf.sum(terms, -1);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { scoreMode: _scoreMode, ...config } = super.getConfig();
    return config;
  }
}
tf.serialization.registerClass(AdditiveAttentionLayer);

/** `AdditiveAttention({ useScale, dropout, useCausalMask })`, called on `[query, value]` or `[query, value, key]`. */
export function AdditiveAttention(options?: AdditiveAttentionOptions): AdditiveAttentionLayer {
  return makeLayer(
    "AdditiveAttention",
    "additive_attention",
    options,
    { useScale: bool, dropout: rate, useCausalMask: bool, returnAttentionScores: bool },
    (a) => new AdditiveAttentionLayer(a),
  );
}
