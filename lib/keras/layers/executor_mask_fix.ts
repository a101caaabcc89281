/**
 * Two fixes to how tfjs's model executor (tfjs-layers `engine/executor.js`, used by fit,
 * evaluate and predict) hands masks to layers, installed once on tfjs's Layer prototype:
 * - It passes one `kwargs` object to every layer of the graph and sets `kwargs.mask` only for a
 *   layer whose input has a mask, never clearing it. So every layer after a masked branch
 *   received that branch's mask: an LSTM over video frames, run after the question's
 *   Embedding(maskZero), was masked by the question's padding. Keras gives a layer only its own
 *   inputs' masks. After a layer has been applied to concrete tensors, the mask it was handed is
 *   taken off the shared object. (Symbolic calls are left alone: their kwargs become the node's
 *   stored call arguments.)
 * - It hands a multi-input layer only its first input's mask, so a cross-attention's value mask
 *   (e.g. a padded passage from Embedding(maskZero)) never reached MultiHeadAttention inside a
 *   model. The mask the executor computes for each layer's outputs is recorded (by wrapping the
 *   layer's computeMask, which the executor calls right after apply with the same inputs), and a
 *   layer marked with TAKES_INPUT_MASKS is given the list of its inputs' masks, as Keras does.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.executorMaskFix");
/** Set on a layer instance that accepts `kwargs.mask` as one mask per input (Keras's list). */
export const TAKES_INPUT_MASKS = Symbol.for("tslab-keras.takesInputMasks");
const LAST_CALL = Symbol.for("tslab-keras.lastConcreteCall");
const MASK_RECORDER = Symbol.for("tslab-keras.maskRecorder");

/** The mask computed for each concrete output tensor (null: none). */
const outputMasks = new WeakMap<tf.Tensor, tf.Tensor | null>();

type Masked = tf.layers.Layer & Record<symbol, unknown> & {
  computeMask(inputs: unknown, mask?: unknown): tf.Tensor | tf.Tensor[] | null;
};

function isConcrete(inputs: unknown): boolean {
  const first = Array.isArray(inputs) ? inputs[0] : inputs;
  return first instanceof tf.Tensor;
}

/** Wraps this layer's computeMask once, so the masks of its concrete outputs are remembered. */
function recordMasksOf(layer: Masked): void {
  if (layer[MASK_RECORDER]) return;
  const computeMask = layer.computeMask;
  const recorder = function (this: Masked, inputs: unknown, mask?: unknown) {
    const result = computeMask.call(this, inputs, mask);
    const last = this[LAST_CALL] as { inputs: unknown; outputs: tf.Tensor[] } | undefined;
    if (last && last.inputs === inputs) {
      last.outputs.forEach((out, i) => outputMasks.set(out, (Array.isArray(result) ? result[i] : result) ?? null));
      this[LAST_CALL] = undefined;
    }
    return result;
  };
  Object.defineProperty(layer, "computeMask", { value: recorder, writable: true, configurable: true });
  Object.defineProperty(layer, MASK_RECORDER, { value: true });
}

export function installExecutorMaskFix(): void {
  const proto = tf.layers.Layer.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const apply = proto.apply as (this: tf.layers.Layer, inputs: unknown, kwargs?: Record<string, unknown>) => unknown;
  proto.apply = function (this: Masked, inputs: unknown, kwargs?: Record<string, unknown>) {
    if (!isConcrete(inputs)) return apply.call(this, inputs, kwargs);
    let args = kwargs;
    if (this[TAKES_INPUT_MASKS] && Array.isArray(inputs) && inputs.length > 1 && !Array.isArray(kwargs?.mask)) {
      const masks = (inputs as tf.Tensor[]).map((t) => outputMasks.get(t) ?? null);
      if (masks.some((m) => m != null)) {
        args = kwargs ?? {};
        args.mask = masks;
      }
    }
    try {
      const outputs = apply.call(this, inputs, args);
      if (this.supportsMasking) {
        recordMasksOf(this);
        this[LAST_CALL] = { inputs, outputs: (Array.isArray(outputs) ? outputs : [outputs]) as tf.Tensor[] };
      }
      return outputs;
    } finally {
      if (args && "mask" in args) delete args.mask;
    }
  };
}
