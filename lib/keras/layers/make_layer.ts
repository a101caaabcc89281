/**
 * The one path every Keras layer factory takes: validate the options object (base layer options
 * plus the layer's own), give the layer Keras's automatic name (`dense`, `dense_1`, ...) when the
 * user names none, then build the tfjs layer. A layer given a function activation gets a
 * `getConfig` that throws naming the option (a JS function cannot be serialised).
 */
import type * as tf from "@tensorflow/tfjs";
import { kerasAutoName } from "../applications/layer_names.js";
import { BASE_LAYER_CHECKS, checkOptions, refuseConfigOfFunctions, type OptionCheck } from "./options.js";

/** Options every Keras layer accepts. */
export interface BaseLayerOptions {
  name?: string;
  trainable?: boolean;
  dtype?: "float32" | "int32" | "bool";
  /** Shape of one sample (no batch axis), for the first layer of a Sequential model. */
  inputShape?: (number | null)[];
  batchSize?: number;
}

/** What `layer.apply(x)` gives back: a symbolic tensor while building a model, a tensor when run eagerly. */
export type LayerInput = tf.SymbolicTensor | tf.Tensor | tf.SymbolicTensor[] | tf.Tensor[];

export function makeLayer<L extends tf.layers.Layer>(
  owner: string,
  autoNamePrefix: string,
  options: unknown,
  checks: Record<string, OptionCheck>,
  create: (args: Record<string, any>) => L,
): L {
  const args = checkOptions(owner, options, { ...BASE_LAYER_CHECKS, ...checks });
  if (args.name === undefined) args.name = kerasAutoName(autoNamePrefix);
  const layer = create(args);
  refuseConfigOfFunctions(layer, owner, args);
  return layer;
}
