/**
 * `keras.Model(inputs, outputs, { name })` (or `keras.Model({ inputs, outputs, name })`) and
 * `keras.Sequential(layers, { name })`: tfjs's LayersModel and our KerasSequential (tfjs's Sequential
 * with Keras's handling of its Input, `sequential.ts`), named as Keras names them, with the Keras
 * behaviour installed on every LayersModel.
 */
import * as tf from "@tensorflow/tfjs";
import { kerasAutoName } from "../applications/layer_names.js";
import { checkOptions, str, bool } from "../layers/options.js";
import { installKerasModelBehaviour } from "./model_extensions.js";
import { KerasSequential } from "./sequential.js";

installKerasModelBehaviour();

type Symbolic = tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[];

export interface ModelOptions {
  name?: string;
  trainable?: boolean;
}

export interface ModelArgs extends ModelOptions {
  inputs: Symbolic | Record<string, tf.SymbolicTensor>;
  outputs: Symbolic | Record<string, tf.SymbolicTensor>;
}

function checkSymbolic(what: string, value: unknown): tf.SymbolicTensor | tf.SymbolicTensor[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new TypeError(`Model: \`${what}\` is empty`);
  list.forEach((t, i) => {
    if (!(t instanceof tf.SymbolicTensor)) {
      throw new TypeError(
        `Model: \`${what}\`${Array.isArray(value) ? `[${i}]` : ""} must be a symbolic tensor from keras.Input(...) or layer.apply(...); got ${t instanceof tf.Tensor ? "a concrete tensor" : typeof t}`,
      );
    }
  });
  return value as tf.SymbolicTensor | tf.SymbolicTensor[];
}

function asList(value: unknown): unknown {
  // Keras accepts dicts of inputs/outputs; tfjs takes lists (names come from the tensors).
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof tf.SymbolicTensor)) return Object.values(value);
  return value;
}

/** A functional model: `keras.Model([video, question], outputs)` or `keras.Model({ inputs, outputs, name })`. */
export function Model(inputs: Symbolic | Record<string, tf.SymbolicTensor>, outputs: Symbolic | Record<string, tf.SymbolicTensor>, options?: ModelOptions): tf.LayersModel;
export function Model(args: ModelArgs): tf.LayersModel;
export function Model(first: unknown, outputs?: unknown, options?: ModelOptions): tf.LayersModel {
  let args: Record<string, any>;
  if (outputs === undefined && first !== null && typeof first === "object" && !Array.isArray(first) && !(first instanceof tf.SymbolicTensor)) {
    args = checkOptions("Model", first, { inputs: (v) => v, outputs: (v) => v, name: str, trainable: bool });
  } else {
    args = { inputs: first, outputs, ...checkOptions("Model", options, { name: str, trainable: bool }) };
  }
  const inputs = checkSymbolic("inputs", asList(args.inputs));
  const outs = checkSymbolic("outputs", asList(args.outputs));
  const model = tf.model({ inputs, outputs: outs, name: args.name ?? kerasAutoName("functional") });
  if (args.trainable !== undefined) model.trainable = args.trainable;
  return model;
}

/**
 * `keras.Sequential([layers], { name })`; add more with `.add(layer)`. As in Keras 3, the list may
 * start with `keras.Input({ shape })` (the Keras MNIST examples' form) instead of giving the first
 * layer an `inputShape`; that Input is the model's input, not one of its `layers` (Keras's
 * `model.layers[0]` is the first layer after it).
 */
export function Sequential(layers?: Array<tf.layers.Layer | tf.SymbolicTensor>, options?: ModelOptions): KerasSequential {
  if (layers !== undefined && !Array.isArray(layers)) throw new TypeError("Sequential: `layers` must be an array of Keras layers");
  const list = layers?.map((l, i): tf.layers.Layer => {
    if (l instanceof tf.layers.Layer) return l;
    const source = l instanceof tf.SymbolicTensor ? (l.sourceLayer as tf.layers.Layer | undefined) : undefined;
    if (i === 0 && source?.getClassName() === "InputLayer") return source;
    throw new TypeError(
      `Sequential: \`layers[${i}]\` must be a Keras layer${i === 0 ? " or keras.Input({ shape })" : " (keras.Input may only come first)"}; got ${l instanceof tf.SymbolicTensor ? "a symbolic tensor that is not a keras.Input" : typeof l}`,
    );
  });
  const o = checkOptions("Sequential", options, { name: str, trainable: bool });
  const model = new KerasSequential({ name: o.name ?? kerasAutoName("sequential") });
  for (const layer of list ?? []) model.add(layer);
  if (o.trainable !== undefined) model.trainable = o.trainable;
  return model;
}
