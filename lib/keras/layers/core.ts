/** Keras's core layers (Dense, Activation, Dropout, Flatten, Reshape, Permute, RepeatVector, Embedding) on tfjs's own. */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { activation, bool, initializer, num, oneOf, positional, positiveInt, rate, tfObject, type OptionCheck } from "./options.js";

export type ActivationName =
  | "linear" | "relu" | "relu6" | "sigmoid" | "hard_sigmoid" | "tanh" | "softmax" | "softplus"
  | "softsign" | "elu" | "selu" | "swish" | "silu" | "mish" | "gelu";
export type InitializerName =
  | "zeros" | "ones" | "glorot_uniform" | "glorot_normal" | "he_uniform" | "he_normal" | "lecun_uniform"
  | "lecun_normal" | "orthogonal" | "random_normal" | "random_uniform" | "truncated_normal" | "identity";
export type TfInitializer = ReturnType<typeof tf.initializers.zeros>;
export type Regularizer = ReturnType<typeof tf.regularizers.l2>;
export type Constraint = ReturnType<typeof tf.constraints.maxNorm>;
export type Initializer = InitializerName | TfInitializer;

/** The options of every layer with a kernel and a bias (Dense, the convolutions). */
export interface WeightOptions {
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  kernelRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  activityRegularizer?: Regularizer;
  kernelConstraint?: Constraint;
  biasConstraint?: Constraint;
}

export interface DenseOptions extends BaseLayerOptions, WeightOptions {}

export const WEIGHT_CHECKS: Record<string, OptionCheck> = {
  useBias: bool,
  kernelInitializer: initializer,
  biasInitializer: initializer,
  kernelRegularizer: tfObject,
  biasRegularizer: tfObject,
  activityRegularizer: tfObject,
  kernelConstraint: tfObject,
  biasConstraint: tfObject,
};

/** `Dense(units, { activation, useBias, ... })`. */
export function Dense(units: number, options?: DenseOptions): tf.layers.Layer {
  positional("Dense", "units", units, positiveInt);
  return makeLayer("Dense", "dense", options, { activation, ...WEIGHT_CHECKS }, (a) => tf.layers.dense({ units, ...a }));
}

/** `Activation("relu")`. */
export function Activation(activationName: ActivationName, options?: BaseLayerOptions): tf.layers.Layer {
  const fn = positional<string>("Activation", "activation", activationName, activation);
  return makeLayer("Activation", "activation", options, {}, (a) => tf.layers.activation({ activation: fn as any, ...a }));
}

export interface DropoutOptions extends BaseLayerOptions {
  noiseShape?: number[];
  seed?: number;
}

/** `Dropout(rate)`: drops inputs only while training. */
export function Dropout(dropRate: number, options?: DropoutOptions): tf.layers.Layer {
  positional("Dropout", "rate", dropRate, num(0, 1, { minExclusive: false }));
  if (dropRate >= 1) throw new RangeError(`Dropout: \`rate\` must be in [0, 1); got ${dropRate}`);
  return makeLayer("Dropout", "dropout", options, { noiseShape: (v) => v, seed: num(-Infinity, Infinity, { integer: true }) }, (a) =>
    tf.layers.dropout({ rate: dropRate, ...a }),
  );
}

export type DataFormat = "channels_last" | "channels_first";
export const dataFormat: OptionCheck = (v, where) =>
  (oneOf("channels_last", "channels_first")(v, where) === "channels_last" ? "channelsLast" : "channelsFirst");

export interface FlattenOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
}

export function Flatten(options?: FlattenOptions): tf.layers.Layer {
  return makeLayer("Flatten", "flatten", options, { dataFormat }, (a) => tf.layers.flatten(a));
}

/** `Reshape(targetShape)`: one entry may be -1 (inferred), as in Keras. */
export function Reshape(targetShape: number[], options?: BaseLayerOptions): tf.layers.Layer {
  const ok = Array.isArray(targetShape) && targetShape.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) && targetShape.filter((d) => d === -1).length <= 1;
  if (!ok) throw new TypeError(`Reshape: \`targetShape\` must be an array of positive integers with at most one -1; got ${JSON.stringify(targetShape)}`);
  return makeLayer("Reshape", "reshape", options, {}, (a) => tf.layers.reshape({ targetShape, ...a }));
}

/** `Permute(dims)`: 1-based axes, the batch axis excluded, as in Keras. */
export function Permute(dims: number[], options?: BaseLayerOptions): tf.layers.Layer {
  const sorted = Array.isArray(dims) ? [...dims].sort((x, y) => x - y) : [];
  if (!Array.isArray(dims) || !sorted.every((d, i) => d === i + 1)) {
    throw new TypeError(`Permute: \`dims\` must be a permutation of 1..n (the batch axis excluded); got ${JSON.stringify(dims)}`);
  }
  return makeLayer("Permute", "permute", options, {}, (a) => tf.layers.permute({ dims, ...a }));
}

export function RepeatVector(n: number, options?: BaseLayerOptions): tf.layers.Layer {
  positional("RepeatVector", "n", n, positiveInt);
  return makeLayer("RepeatVector", "repeat_vector", options, {}, (a) => tf.layers.repeatVector({ n, ...a }));
}

export interface EmbeddingOptions extends BaseLayerOptions {
  embeddingsInitializer?: Initializer;
  embeddingsRegularizer?: Regularizer;
  embeddingsConstraint?: Constraint;
  activityRegularizer?: Regularizer;
  /** Index 0 is padding: the layer emits a mask that recurrent layers honour. */
  maskZero?: boolean;
  inputLength?: number;
}

/** `Embedding(inputDim, outputDim, { maskZero })`. */
export function Embedding(inputDim: number, outputDim: number, options?: EmbeddingOptions): tf.layers.Layer {
  positional("Embedding", "inputDim", inputDim, positiveInt);
  positional("Embedding", "outputDim", outputDim, positiveInt);
  return makeLayer(
    "Embedding",
    "embedding",
    options,
    {
      embeddingsInitializer: initializer,
      embeddingsRegularizer: tfObject,
      embeddingsConstraint: tfObject,
      activityRegularizer: tfObject,
      maskZero: bool,
      inputLength: positiveInt,
    },
    (a) => tf.layers.embedding({ inputDim, outputDim, ...a }),
  );
}

export { rate };

export interface MaskingOptions extends BaseLayerOptions {
  /** Time steps whose features all equal this are masked (Keras's default 0). */
  maskValue?: number;
}

/** `Masking({ maskValue })`: masks the steps whose every feature equals `maskValue`, and zeroes them. */
export function Masking(options?: MaskingOptions): tf.layers.Layer {
  return makeLayer("Masking", "masking", options, { maskValue: num(-Infinity, Infinity) }, (a) => tf.layers.masking(a));
}
