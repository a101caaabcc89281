/**
 * The options shared by every application (Keras 3 names, camelCase), their validation, and the
 * steps every Keras application function takes around its architecture: the input, the
 * classifier top or the pooling, and the model's inputs when `inputTensor` is given.
 */
import * as tf from "@tensorflow/tfjs";
import { kerasAutoName } from "./layer_names.js";
import { checkInputShapeType, formatShape, obtainInputShape, safeString } from "./input_shape.js";
import { checkClassifierActivation, checkWeightsOption, resolveWeightsFile } from "./weights.js";

export interface ApplicationOptions {
  /** Whether to include the classifier at the top. Default true. */
  includeTop?: boolean;
  /** null (random init), "imagenet" (Keras cache file), or the path of a Keras .h5 weights file. Default "imagenet". */
  weights?: string | null;
  /** A symbolic tensor (e.g. from `tf.input`) to build the model on. */
  inputTensor?: tf.SymbolicTensor;
  /** [height, width, channels]; null for a free spatial dimension when includeTop is false. */
  inputShape?: Array<number | null>;
  /** Pooling after the last block when includeTop is false: null (4-D output), "avg" or "max". */
  pooling?: "avg" | "max" | null;
  /** Number of classes of the top classifier. Default 1000. */
  classes?: number;
  /** Activation of the top classifier; null for logits. Default "softmax". */
  classifierActivation?: string | null;
  /** The model's name. */
  name?: string;
}

const COMMON_KEYS = [
  "includeTop",
  "weights",
  "inputTensor",
  "inputShape",
  "pooling",
  "classes",
  "classifierActivation",
  "name",
];

export interface ResolvedOptions {
  fn: string;
  includeTop: boolean;
  weights: string | null;
  inputTensor: tf.SymbolicTensor | undefined;
  inputShape: ReadonlyArray<number | null> | undefined;
  pooling: "avg" | "max" | null;
  classes: number;
  classifierActivation: string | null;
  name: string | undefined;
}

/** Validates the options object, naming the bad argument and what is accepted. */
export function resolveOptions(fn: string, options: unknown, extraKeys: string[] = []): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new Error(`${fn}: expected one options object like { includeTop: false, weights: null }; received ${safeString(options)}.`);
  }
  const o = options as Record<string, unknown>;
  const accepted = [...COMMON_KEYS, ...extraKeys];
  for (const key of Object.keys(o)) {
    if (!accepted.includes(key)) {
      throw new Error(`${fn}: unknown option ${key}; accepted options are ${accepted.join(", ")}.`);
    }
  }
  const includeTop = o["includeTop"] ?? true;
  if (typeof includeTop !== "boolean") throw new Error(`${fn}: includeTop must be true or false; received ${safeString(includeTop)}.`);
  const weights = checkWeightsOption(fn, o["weights"] === undefined ? "imagenet" : o["weights"]);
  const inputTensor = o["inputTensor"];
  if (inputTensor !== undefined && inputTensor !== null && !(inputTensor instanceof tf.SymbolicTensor)) {
    throw new Error(`${fn}: inputTensor must be a symbolic tensor (from tf.input / keras.Input, or a layer's output); received ${safeString(inputTensor)}.`);
  }
  const inputShape = checkInputShapeType(fn, o["inputShape"]);
  const pooling = o["pooling"] ?? null;
  if (pooling !== null && pooling !== "avg" && pooling !== "max") {
    throw new Error(`${fn}: pooling must be null, "avg" or "max"; received ${safeString(pooling)}.`);
  }
  const classes = o["classes"] ?? 1000;
  if (typeof classes !== "number" || !Number.isInteger(classes) || classes < 1) {
    throw new Error(`${fn}: classes must be a positive integer; received ${safeString(classes)}.`);
  }
  const activation = o["classifierActivation"] === undefined ? "softmax" : o["classifierActivation"];
  if (activation !== null && typeof activation !== "string") {
    throw new Error(`${fn}: classifierActivation must be an activation name like "softmax" or null; received ${safeString(activation)}.`);
  }
  const name = o["name"];
  if (name !== undefined && name !== null && (typeof name !== "string" || name === "")) {
    throw new Error(`${fn}: name must be a non-empty string; received ${safeString(name)}.`);
  }
  if (weights === "imagenet" && includeTop && classes !== 1000) {
    throw new Error(`${fn}: with weights "imagenet" and includeTop true, classes must be 1000; received classes=${classes}.`);
  }
  if (includeTop) checkClassifierActivation(fn, activation, weights);
  return {
    fn,
    includeTop,
    weights,
    inputTensor: (inputTensor ?? undefined) as tf.SymbolicTensor | undefined,
    inputShape,
    pooling,
    classes,
    classifierActivation: activation,
    name: (name ?? undefined) as string | undefined,
  };
}

export interface BuildStart {
  input: tf.SymbolicTensor;
  inputShape: Array<number | null>;
  weightsFile: string | null;
}

/** Keras's input step: obtain_input_shape, then `Input(shape)` or the user's `inputTensor`. */
export function startBuild(
  o: ResolvedOptions,
  sizes: { defaultSize: number; minSize: number },
  imagenetFile: string,
): BuildStart {
  const inputShape = obtainInputShape(o.inputShape, {
    fn: o.fn,
    defaultSize: sizes.defaultSize,
    minSize: sizes.minSize,
    requireFlatten: o.includeTop,
    weights: o.weights,
  });
  const weightsFile = resolveWeightsFile(o.fn, o.weights, imagenetFile);
  let input: tf.SymbolicTensor;
  if (o.inputTensor !== undefined) {
    input = o.inputTensor;
    if (input.shape.length !== 4) {
      throw new Error(`${o.fn}: inputTensor must be 4-D [batch, height, width, channels]; received shape ${formatShape(input.shape)}.`);
    }
  } else {
    input = tf.input({ shape: inputShape, name: kerasAutoName("input_layer") });
  }
  return { input, inputShape, weightsFile };
}

/** The classifier top (Keras's `predictions` Dense) or the optional global pooling. */
export function finishTop(
  x: tf.SymbolicTensor,
  o: ResolvedOptions,
  names: { topPool?: string; avgPool?: string; maxPool?: string },
): tf.SymbolicTensor {
  if (o.includeTop) {
    x = apply(tf.layers.globalAveragePooling2d({ name: names.topPool ?? kerasAutoName("global_average_pooling2d") }), x);
    return apply(denseClassifier(o), x);
  }
  if (o.pooling === "avg") {
    return apply(tf.layers.globalAveragePooling2d({ name: names.avgPool ?? kerasAutoName("global_average_pooling2d") }), x);
  }
  if (o.pooling === "max") {
    return apply(tf.layers.globalMaxPooling2d({ name: names.maxPool ?? kerasAutoName("global_max_pooling2d") }), x);
  }
  return x;
}

/** Keras's `Dense(classes, activation=classifier_activation, name="predictions")`. */
export function denseClassifier(o: ResolvedOptions): tf.layers.Layer {
  try {
    return tf.layers.dense({
      kernelInitializer: "glorotUniform",
      units: o.classes,
      activation: (o.classifierActivation ?? "linear") as "softmax",
      name: "predictions",
    });
  } catch (err) {
    throw new Error(`${o.fn}: classifierActivation ${safeString(o.classifierActivation)} is not an activation tfjs knows: ${(err as Error).message}`);
  }
}

/** Builds the functional model from the source inputs of the input tensor, as Keras does. */
export function finishModel(input: tf.SymbolicTensor, output: tf.SymbolicTensor, name: string): tf.LayersModel {
  return tf.model({ inputs: sourceInputs(input), outputs: output, name });
}

/** Keras's `operation_utils.get_source_inputs`: the Input tensors a symbolic tensor comes from. */
export function sourceInputs(tensor: tf.SymbolicTensor): tf.SymbolicTensor[] {
  const found: tf.SymbolicTensor[] = [];
  const seen = new Set<tf.SymbolicTensor>();
  const visit = (t: tf.SymbolicTensor): void => {
    if (seen.has(t)) return;
    seen.add(t);
    const layer = t.sourceLayer;
    const node = layer.inboundNodes[t.nodeIndex];
    if (layer.getClassName() === "InputLayer" || node === undefined || node.inboundLayers.length === 0) {
      found.push(t);
      return;
    }
    for (const parent of node.inputTensors) visit(parent);
  };
  visit(tensor);
  return found;
}

/** `layer.apply(x)` typed for the symbolic graphs the applications build. */
export function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}
