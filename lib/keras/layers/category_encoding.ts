/**
 * Keras 3's CategoryEncoding (keras/src/layers/preprocessing/category_encoding.py, whose
 * arithmetic is numerical_utils.encode_categorical_inputs), in place of tfjs's: integer ids in
 * [0, numTokens) to "multi_hot" (default), "one_hot" or "count" vectors. As Keras, a rank-1 input
 * is one sample for multi_hot and count (tfjs read it as a batch of ids), one_hot drops a
 * trailing axis of 1, and count takes per-id `countWeights` (`apply(ids, { countWeights })`).
 * Registered under the same class name.
 */
import * as tf from "@tensorflow/tfjs";
import { configEnum } from "./config_strings.js";

export type CategoryEncodingMode = "multi_hot" | "one_hot" | "count";

export interface CategoryEncodingArgs {
  numTokens?: number;
  outputMode?: CategoryEncodingMode | "binary";
  name?: string;
  trainable?: boolean;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

/**
 * Keras's encode_categorical_inputs: integer ids → one_hot / multi_hot / count over `depth`
 * (a rank-1 input is one sample for multi_hot and count; one_hot drops a trailing axis of 1).
 */
export function encodeCategorical(input: tf.Tensor, mode: CategoryEncodingMode, depth: number, countWeights?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let ids = tf.cast(input, "int32");
    if (ids.rank === 0) ids = tf.expandDims(ids, -1);
    const oneHot = (x: tf.Tensor) => tf.cast(tf.oneHot(x as tf.Tensor1D, depth), "float32");
    if (mode === "one_hot") {
      if (ids.rank > 1 && ids.shape[ids.rank - 1] === 1) ids = tf.squeeze(ids, [-1]);
      return oneHot(ids);
    }
    const axis = ids.rank > 1 ? 1 : 0;
    let encoded = oneHot(ids);
    if (mode === "multi_hot") return tf.max(encoded, axis);
    if (countWeights) encoded = tf.mul(encoded, tf.expandDims(tf.cast(countWeights, "float32"), -1));
    return tf.sum(encoded, axis);
  });
}

export class CategoryEncodingLayer extends tf.layers.Layer {
  static className = "CategoryEncoding";
  readonly numTokens: number;
  readonly outputMode: CategoryEncodingMode;

  constructor(args: CategoryEncodingArgs = {}) {
    const { numTokens, outputMode = "multi_hot", ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    // configEnum: a saved model's config comes back camel-cased by tfjs ("multi_hot" → "multiHot").
    const given = configEnum(outputMode);
    const mode = given === "binary" ? "multi_hot" : given;
    if (mode !== "multi_hot" && mode !== "one_hot" && mode !== "count") throw new RangeError(`CategoryEncoding: unknown outputMode ${JSON.stringify(outputMode)}; use "multi_hot", "one_hot" or "count"`);
    if (numTokens == null) throw new RangeError("CategoryEncoding: numTokens must be set to use this layer; if the number of tokens is not known beforehand, use IntegerLookup");
    if (!Number.isInteger(numTokens) || numTokens < 1) throw new RangeError(`CategoryEncoding: numTokens must be an integer ≥ 1; got ${numTokens}`);
    this.numTokens = numTokens;
    this.outputMode = mode;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (s.length === 0) return [this.numTokens];
    if (this.outputMode === "one_hot") {
      if (s[s.length - 1] !== 1 || s.length === 1) return [...s, this.numTokens];
      return [...s.slice(0, -1), this.numTokens];
    }
    return [...s.slice(0, -1), this.numTokens];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const countWeights = kwargs?.countWeights as tf.Tensor | undefined;
    if (countWeights && this.outputMode !== "count") throw new TypeError(`CategoryEncoding: countWeights is only used with outputMode "count"; this layer's is "${this.outputMode}"`);
    return encodeCategorical(Array.isArray(inputs) ? inputs[0]! : inputs, this.outputMode, this.numTokens, countWeights);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numTokens: this.numTokens, outputMode: this.outputMode };
  }
}
tf.serialization.registerClass(CategoryEncodingLayer);
