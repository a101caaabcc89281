/**
 * Keras 3's activations that tfjs has no name for, registered as tfjs activations under the
 * camelCase of Keras's name ("leaky_relu" → "leakyRelu"): tfjs resolves a layer's `activation`
 * string through that registry, writes `toSnakeCase(className)` when it saves (Keras's name again)
 * and reads a saved snake_case name back through `toCamelCase`, so a model using them saves and
 * loads in Keras's own words. A name carries no arguments, so each has Keras's defaults
 * (leaky_relu's negative slope 0.2, celu's alpha 1, the shrinks' threshold 0.5, squareplus's b 4,
 * sparsemax's last axis).
 * `glu` halves its axis, which a layer's static output shape cannot follow, and is not here.
 */
import * as tf from "@tensorflow/tfjs";
import * as ops from "./activation_ops.js";
import { TfActivation } from "./tf_activation.js";

/** Keras 3's name → its function with Keras's defaults (activation_ops.ts). */
export const KERAS_ONLY_ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  leaky_relu: (x) => ops.leakyRelu(x),
  exponential: ops.exponential,
  hard_silu: ops.hardSilu,
  celu: (x) => ops.celu(x),
  log_sigmoid: ops.logSigmoid,
  hard_tanh: ops.hardTanh,
  tanh_shrink: ops.tanhShrink,
  soft_shrink: (x) => ops.softShrink(x),
  hard_shrink: (x) => ops.hardShrink(x),
  sparse_plus: ops.sparsePlus,
  squareplus: (x) => ops.squareplus(x),
  sparse_sigmoid: ops.sparseSigmoid,
  sparsemax: (x) => ops.sparsemaxOverAxis(x, -1),
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
