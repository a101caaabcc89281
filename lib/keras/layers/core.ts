/** Keras's core layers (Dense, Activation, Dropout, Flatten, Reshape, Permute, RepeatVector, Embedding) on tfjs's own. */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { activation, bool, constraint, initializer, num, oneOf, positional, positiveInt, rate, refuseConfigOfFunctions, regularizer, type ActivationFunction, type OptionCheck } from "./options.js";
import { DropoutLayer, EmbeddingLayer, FlattenLayer, checkEmbeddingDim } from "./core_classes.js";

export type { ActivationFunction } from "./options.js";

export type ActivationName =
  | "linear" | "relu" | "relu6" | "sigmoid" | "hard_sigmoid" | "tanh" | "softmax" | "softplus"
  | "softsign" | "elu" | "selu" | "swish" | "silu" | "mish" | "gelu" | "log_softmax" | "leaky_relu"
  | "exponential" | "hard_silu" | "hard_swish" | "celu" | "log_sigmoid" | "hard_tanh" | "tanh_shrink"
  | "soft_shrink" | "hard_shrink" | "sparse_plus" | "squareplus" | "sparse_sigmoid" | "sparsemax";
/**
 * An activation: Keras's name, or a function of a tensor (Keras's callable). A layer given a
 * function runs it but cannot be serialised (`getConfig`, `model.save` throw).
 */
export type ActivationSpec = ActivationName | ActivationFunction;
export type InitializerName =
  | "zeros" | "ones" | "glorot_uniform" | "glorot_normal" | "he_uniform" | "he_normal" | "lecun_uniform"
  | "lecun_normal" | "orthogonal" | "random_normal" | "random_uniform" | "truncated_normal" | "identity";
export type TfInitializer = ReturnType<typeof tf.initializers.zeros>;
/** A tfjs regularizer, or Keras's name for one ("l1", "l2", "l1_l2", or the class names "L1", "L2", "L1L2"; Keras's default factors). */
export type Regularizer = ReturnType<typeof tf.regularizers.l2> | "l1" | "l2" | "l1_l2" | "L1" | "L2" | "L1L2";
/** A tfjs constraint, or Keras's name for one (with Keras's defaults). */
export type Constraint = ReturnType<typeof tf.constraints.maxNorm> | "non_neg" | "unit_norm" | "max_norm" | "min_max_norm" | "NonNeg" | "UnitNorm" | "MaxNorm" | "MinMaxNorm";
export type Initializer = InitializerName | TfInitializer;

/** The options of every layer with a kernel and a bias (Dense, the convolutions). */
export interface WeightOptions {
  activation?: ActivationSpec | null;
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
  kernelRegularizer: regularizer,
  biasRegularizer: regularizer,
  activityRegularizer: regularizer,
  kernelConstraint: constraint,
  biasConstraint: constraint,
};

/** `Dense(units, { activation, useBias, ... })`. */
export function Dense(units: number, options?: DenseOptions): tf.layers.Layer {
  if (typeof units !== "number" || !Number.isInteger(units) || units <= 0) {
    throw new RangeError(`Dense: received an invalid value for \`units\`, expected a positive integer. Received: units=${typeof units === "string" ? JSON.stringify(units) : units}`);
  }
  return makeLayer("Dense", "dense", options, { activation, ...WEIGHT_CHECKS }, (a) => tf.layers.dense({ units, ...a }));
}

/** `Activation("relu")`, or `Activation((x) => tf.mul(x, tf.sigmoid(x)))` (not serialisable). */
export function Activation(activationName: ActivationSpec, options?: BaseLayerOptions): tf.layers.Layer {
  const fn = positional<any>("Activation", "activation", activationName, activation);
  const layer = built(makeLayer("Activation", "activation", options, {}, (a) => tf.layers.activation({ activation: fn, ...a })));
  refuseConfigOfFunctions(layer, "Activation", { activation: fn });
  return layer;
}

/**
 * Keras's weightless layers are built as soon as they are made (`assert_built_after_instantiation`);
 * tfjs builds them on the first call. Their `build` only sets `built`, so nothing is skipped.
 */
function built<L extends tf.layers.Layer>(layer: L): L {
  layer.built = true;
  return layer;
}

export interface DropoutOptions extends BaseLayerOptions {
  /** The dropout mask's shape (batch axis included); `null` entries take the input's size. */
  noiseShape?: (number | null)[] | null;
  seed?: number;
}

const noiseShape: OptionCheck = (v) => {
  if (v === null) return null;
  if (typeof v === "string" || !Array.isArray(v)) {
    throw new TypeError(`Dropout: invalid value received for argument \`noiseShape\`. Expected a tuple or list of integers. Received: noiseShape=${JSON.stringify(v)}`);
  }
  v.forEach((d, i) => {
    if (d === null) return;
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TypeError(`Dropout: invalid value received for argument \`noiseShape\`. Expected all elements to be integers or null. Received element at index ${i}: ${JSON.stringify(d)}`);
    }
    if (d <= 0) {
      throw new RangeError(`Dropout: invalid value received for argument \`noiseShape\`. Expected all dimensions to be positive integers or null. Received negative or zero value at index ${i}: ${d}`);
    }
  });
  return [...v];
};

/** `Dropout(rate)`: drops inputs only while training; rate 1 drops everything (zeros), as Keras. */
export function Dropout(dropRate: number, options?: DropoutOptions): tf.layers.Layer {
  if (typeof dropRate !== "number" || !(dropRate >= 0 && dropRate <= 1)) {
    throw new RangeError(`Dropout: invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${dropRate}`);
  }
  return built(
    makeLayer("Dropout", "dropout", options, { noiseShape, seed: num(-Infinity, Infinity, { integer: true }) }, (a) =>
      new DropoutLayer({ rate: dropRate, ...a }),
    ),
  );
}

export type DataFormat = "channels_last" | "channels_first";
export const dataFormat: OptionCheck = (v, where) =>
  (oneOf("channels_last", "channels_first")(v, where) === "channels_last" ? "channelsLast" : "channelsFirst");

export interface FlattenOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
}

export function Flatten(options?: FlattenOptions): tf.layers.Layer {
  return makeLayer("Flatten", "flatten", options, { dataFormat }, (a) => new FlattenLayer(a));
}

/** `Reshape(targetShape)`: one entry may be -1 (inferred), as in Keras. */
export function Reshape(targetShape: number[], options?: BaseLayerOptions): tf.layers.Layer {
  const written = JSON.stringify(targetShape);
  if (!Array.isArray(targetShape) || !targetShape.every((d) => Number.isInteger(d))) {
    throw new TypeError(`Reshape: \`targetShape\` must be an array of integers (each a non-negative integer, or -1 for a single unknown dimension). Received: targetShape=${written}`);
  }
  if (targetShape.some((d) => d < -1)) {
    throw new RangeError(`Reshape: \`targetShape\`: each dimension must be a non-negative integer, or \`-1\` for a single unknown dimension. Received: targetShape=${written}.`);
  }
  if (targetShape.filter((d) => d === -1).length > 1) {
    throw new RangeError(`Reshape: \`targetShape\` may have at most one unknown dimension (-1). Received: targetShape=${written}.`);
  }
  return makeLayer("Reshape", "reshape", options, {}, (a) => tf.layers.reshape({ targetShape: [...targetShape], ...a }));
}

/** `Permute(dims)`: 1-based axes, the batch axis excluded, as in Keras. */
export function Permute(dims: number[], options?: BaseLayerOptions): tf.layers.Layer {
  const sorted = Array.isArray(dims) ? [...dims].sort((x, y) => x - y) : [];
  if (!Array.isArray(dims) || !sorted.every((d, i) => d === i + 1)) {
    throw new RangeError(
      `Invalid permutation argument \`dims\` for Permute layer. The set of indices in \`dims\` must be consecutive and start from 1 (the batch axis excluded). Received dims=${JSON.stringify(dims)}`,
    );
  }
  return makeLayer("Permute", "permute", options, {}, (a) => tf.layers.permute({ dims, ...a }));
}

export function RepeatVector(n: number, options?: BaseLayerOptions): tf.layers.Layer {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`RepeatVector: expected an integer value for \`n\`, got ${Array.isArray(n) ? "an array" : typeof n === "number" ? n : typeof n}.`);
  }
  if (n <= 0) throw new RangeError(`RepeatVector: argument \`n\` should be a positive integer. Received: n=${n}`);
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
  /** Initial embeddings: one [inputDim, outputDim] array or tensor, or a list holding it; the layer is built with them. */
  weights?: tf.Tensor | number[][] | (tf.Tensor | number[][])[];
}

/** `Embedding(inputDim, outputDim, { maskZero })`. */
export function Embedding(inputDim: number, outputDim: number, options?: EmbeddingOptions): tf.layers.Layer {
  checkEmbeddingDim("inputDim", inputDim);
  checkEmbeddingDim("outputDim", outputDim);
  const layer = makeLayer(
    "Embedding",
    "embedding",
    options,
    {
      embeddingsInitializer: initializer,
      embeddingsRegularizer: regularizer,
      embeddingsConstraint: constraint,
      activityRegularizer: regularizer,
      maskZero: bool,
      inputLength: positiveInt,
      weights: (v, where) => {
        const list = Array.isArray(v) && (v.length === 0 || v[0] instanceof tf.Tensor || Array.isArray(v[0]?.[0])) ? v : [v];
        if (list.length !== 1) throw new RangeError(`${where} must hold one array (the embeddings); got ${list.length}`);
        const t = list[0] instanceof tf.Tensor ? list[0] : tf.tensor(list[0] as number[][]);
        if (t.rank !== 2 || t.shape[0] !== inputDim || t.shape[1] !== outputDim) {
          throw new RangeError(`${where} must have shape [${inputDim}, ${outputDim}]; got ${JSON.stringify(t.shape)}`);
        }
        return t;
      },
    },
    ({ weights, ...a }) => {
      const l = new EmbeddingLayer({ inputDim, outputDim, ...a });
      if (weights) {
        l.build([null]);
        l.built = true;
        l.setWeights([weights]);
      }
      return l;
    },
  );
  return layer;
}

export { rate };

export interface MaskingOptions extends BaseLayerOptions {
  /** Time steps whose features all equal this are masked (Keras's default 0). */
  maskValue?: number;
}

/** `Masking({ maskValue })`: masks the steps whose every feature equals `maskValue`, and zeroes them. */
export function Masking(options?: MaskingOptions): tf.layers.Layer {
  return built(makeLayer("Masking", "masking", options, { maskValue: num(-Infinity, Infinity) }, (a) => tf.layers.masking(a)));
}
