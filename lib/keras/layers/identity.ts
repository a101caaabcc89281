/**
 * Keras 3's Identity layer (keras/src/layers/core/identity.py), which tfjs lacks: a placeholder
 * that returns its inputs (a tensor or a list). Built at instantiation, passes masks through, no config of its own;
 * registered as "Identity".
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";

export type IdentityOptions = BaseLayerOptions;

export class IdentityLayer extends tf.layers.Layer {
  static className = "Identity";

  constructor(args: Record<string, unknown> = {}) {
    super(args);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return inputs;
  }

  /** The masks unchanged; one (null) per input of a list, as tfjs asks of a many-output layer. */
  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    if (Array.isArray(inputs) && !Array.isArray(mask)) return inputs.map(() => null) as unknown as tf.Tensor[];
    return (mask ?? null) as tf.Tensor;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}
tf.serialization.registerClass(IdentityLayer);

/** `Identity()`. */
export function Identity(options?: IdentityOptions): IdentityLayer {
  return makeLayer("Identity", "identity", options, {}, (a) => new IdentityLayer(a));
}
