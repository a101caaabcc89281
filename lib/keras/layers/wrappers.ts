/**
 * Keras's layer wrappers: TimeDistributed (over a layer or a whole Model, frozen or not) and
 * Bidirectional.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { oneOf } from "./options.js";

function checkLayer(owner: string, layer: unknown): asserts layer is tf.layers.Layer {
  if (!(layer instanceof tf.layers.Layer)) {
    throw new TypeError(`${owner}: \`layer\` must be a Keras layer or Model (a tf.layers.Layer); got ${layer === null ? "null" : typeof layer}`);
  }
}

/** `TimeDistributed(layer)`: applies `layer` (or a Model) to every step of axis 1. */
export function TimeDistributed(layer: tf.layers.Layer, options?: BaseLayerOptions): tf.layers.Layer {
  checkLayer("TimeDistributed", layer);
  return makeLayer("TimeDistributed", "time_distributed", options, {}, (a) => tf.layers.timeDistributed({ layer, ...a }));
}

export interface BidirectionalOptions extends BaseLayerOptions {
  mergeMode?: "sum" | "mul" | "concat" | "ave" | null;
}

/** `Bidirectional(layer, { mergeMode })`: runs a recurrent layer both ways. */
export function Bidirectional(layer: tf.layers.RNN, options?: BidirectionalOptions): tf.layers.Layer {
  checkLayer("Bidirectional", layer);
  if (!(layer instanceof tf.layers.RNN)) throw new TypeError("Bidirectional: `layer` must be a recurrent layer (LSTM, GRU, SimpleRNN)");
  return makeLayer("Bidirectional", "bidirectional", options, { mergeMode: oneOf("sum", "mul", "concat", "ave", null) }, (a) =>
    tf.layers.bidirectional({ layer, ...a } as any),
  );
}
