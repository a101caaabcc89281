/**
 * tfjs's activation base class, which tfjs does not export: the parent of any of its activations
 * (reached through relu's). tfjs's layers take an instance of it as their `activation` as is, and
 * resolve activation names through the classes registered on it.
 */
import * as tf from "@tensorflow/tfjs";

export const TfActivation = Object.getPrototypeOf(Object.getPrototypeOf((tf.layers.activation({ activation: "relu" }) as any).activation))
  .constructor as new () => { apply(x: tf.Tensor): tf.Tensor; getClassName(): string; getConfig(): tf.serialization.ConfigDict };
