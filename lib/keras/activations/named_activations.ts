/**
 * Keras 3's activations that tfjs has no name for, registered as tfjs activations under the
 * camelCase of Keras's name ("leaky_relu" → "leakyRelu"): tfjs resolves a layer's `activation`
 * string through that registry, writes `toSnakeCase(className)` when it saves (Keras's name again)
 * and reads a saved snake_case name back through `toCamelCase`, so a model using them saves and
 * loads in Keras's own words. A name carries no arguments, so each has Keras's defaults
 * (leaky_relu's negative slope 0.2, celu's alpha 1, the shrinks' threshold 0.5, squareplus's b 4).
 * `glu` halves its axis, which a layer's static output shape cannot follow, and is not here.
 */
import * as tf from "@tensorflow/tfjs";
import { TfActivation } from "./tf_activation.js";

const between = (x: tf.Tensor, low: number, high: number, inside: tf.Tensor, lowValue: tf.Tensor | number, highValue: tf.Tensor | number): tf.Tensor =>
  tf.where(tf.lessEqual(x, low), tf.broadcastTo(lowValue, x.shape), tf.where(tf.greaterEqual(x, high), tf.broadcastTo(highValue, x.shape), inside));

/** Keras 3's name → its function (keras/src/activations/activations.py and its ops). */
export const KERAS_ONLY_ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  leaky_relu: (x) => tf.leakyRelu(x, 0.2),
  exponential: (x) => tf.exp(x),
  hard_silu: (x) => tf.mul(x, tf.div(tf.clipByValue(tf.add(x, 3), 0, 6), 6)),
  celu: (x) => tf.add(tf.relu(x), tf.sub(tf.exp(tf.minimum(x, 0)), 1)),
  log_sigmoid: (x) => tf.logSigmoid(x),
  hard_tanh: (x) => tf.clipByValue(x, -1, 1),
  tanh_shrink: (x) => tf.sub(x, tf.tanh(x)),
  soft_shrink: (x) => tf.where(tf.greater(x, 0.5), tf.sub(x, 0.5), tf.where(tf.less(x, -0.5), tf.add(x, 0.5), tf.zerosLike(x))),
  hard_shrink: (x) => tf.where(tf.greater(tf.abs(x), 0.5), x, tf.zerosLike(x)),
  sparse_plus: (x) => between(x, -1, 1, tf.div(tf.square(tf.add(x, 1)), 4), 0, x),
  squareplus: (x) => tf.div(tf.add(x, tf.sqrt(tf.add(tf.square(x), 4))), 2),
  sparse_sigmoid: (x) => between(x, -1, 1, tf.div(tf.add(x, 1), 2), 0, 1),
};

/** "leaky_relu" → "leakyRelu", as tfjs's `toCamelCase` reads a saved name. */
export const camelCaseOf = (name: string): string => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

for (const [name, fn] of Object.entries(KERAS_ONLY_ACTIVATIONS)) {
  const cls = class extends TfActivation {
    static className = camelCaseOf(name);
    override apply(x: tf.Tensor): tf.Tensor {
      return tf.tidy(() => fn(x));
    }
  };
  tf.serialization.SerializationMap.register(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
