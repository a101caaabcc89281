/**
 * tfjs's model executor (tfjs-layers `engine/executor.js`, used by fit, evaluate and predict)
 * passes one `kwargs` object to every layer of the graph and sets `kwargs.mask` only for a layer
 * whose input has a mask, never clearing it. So every layer after a masked branch receives that
 * branch's mask: an LSTM over video frames, run after the question's Embedding(maskZero), was
 * masked by the question's padding. Keras gives a layer only its own inputs' masks.
 * Installed once on tfjs's Layer prototype: after a layer has been applied to concrete tensors,
 * the mask it was handed is taken off the shared object. Symbolic calls are left alone, since
 * their kwargs become the node's stored call arguments.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.executorMaskFix");

function isConcrete(inputs: unknown): boolean {
  const first = Array.isArray(inputs) ? inputs[0] : inputs;
  return first instanceof tf.Tensor;
}

export function installExecutorMaskFix(): void {
  const proto = tf.layers.Layer.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const apply = proto.apply as (this: tf.layers.Layer, inputs: unknown, kwargs?: Record<string, unknown>) => unknown;
  proto.apply = function (this: tf.layers.Layer, inputs: unknown, kwargs?: Record<string, unknown>) {
    try {
      return apply.call(this, inputs, kwargs);
    } finally {
      if (kwargs && "mask" in kwargs && isConcrete(inputs)) delete kwargs.mask;
    }
  };
}
