/**
 * What Attention and MultiHeadAttention share: how their inputs ([query, value, key] or one
 * tensor for self-attention) and their masks (one per input, from the inputs or the call) are
 * read, and Keras's boolean mask algebra (causal mask, logical and).
 */
import * as tf from "@tensorflow/tfjs";

export type Kwargs = Record<string, any>;

// A single input is self-attention (query = value = key). A symbolic [x, x] is applied as x:
// tfjs's model executor disposes a tensor once per occurrence in a node's inputs but counts its
// consumers once per node, so a tensor given twice would be freed before later layers read it.
export function splitInputs(owner: string, inputs: tf.Tensor | tf.Tensor[], max = 3): tf.Tensor[] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length < 1 || list.length > max) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} tensor(s)`);
  if (list.length === 1) return [list[0], list[0], list[0]];
  return [list[0], list[1], list[2] ?? list[1], ...list.slice(3)];
}

export function shapesOf(owner: string, inputShape: tf.Shape | tf.Shape[], max = 3): tf.Shape[] {
  const list = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
  if (list.length < 1 || list.length > max) throw new TypeError(`${owner}: call it on [query, value] or [query, value, key]; got ${list.length} input(s)`);
  return list.length === 1 ? [list[0], list[0]] : list;
}

export type ApplyInputs = tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];

/** [x, x] or [x, x, x] of one SymbolicTensor → x (see splitInputs). */
export function dedupeSelfAttention(inputs: ApplyInputs): ApplyInputs {
  if (Array.isArray(inputs) && inputs.length > 1 && inputs[0] instanceof tf.SymbolicTensor && inputs.every((t) => t === inputs[0])) return inputs[0];
  return inputs;
}

export function isSymbolic(inputs: ApplyInputs): boolean {
  return (Array.isArray(inputs) ? inputs[0] : inputs) instanceof tf.SymbolicTensor;
}

export function queryMaskOf(mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return (Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null)) as unknown as tf.Tensor;
}

/**
 * The input masks, one per input (null where none). Called eagerly, tfjs passes the list given;
 * inside a model, executor_mask_fix.ts gives these layers (TAKES_INPUT_MASKS) the list of their
 * inputs' masks. A single tensor (self-attention on one input) is the query's mask when its shape
 * is the query's [batch, steps], and the value's and key's too where they are the query itself.
 */
export function inputMasks(kwargs: Kwargs, inputs: tf.Tensor[]): (tf.Tensor | null)[] {
  const m = Array.isArray(kwargs.mask) && kwargs.mask.length === 1 ? kwargs.mask[0] : kwargs.mask;
  if (Array.isArray(m)) return m.map((x) => x ?? null);
  if (m instanceof tf.Tensor) {
    const q = inputs[0];
    if (m.rank === 2 && m.shape[0] === q.shape[0] && m.shape[1] === q.shape[1]) return inputs.map((t) => (t === q ? m : null));
  }
  return [];
}

/** Keras casts masks to bool: any non-zero entry keeps its position. */
export function asBool(mask: tf.Tensor): tf.Tensor {
  return mask.dtype === "bool" ? mask : tf.notEqual(mask, 0);
}

export function and(a: tf.Tensor | null, b: tf.Tensor | null): tf.Tensor | null {
  return a === null ? b : b === null ? a : tf.logicalAnd(a, b);
}

/** Keras's causal mask, [1, Tq, Tv]: query step i sees value steps j ≤ i. */
export function causalMask(tq: number, tv: number): tf.Tensor {
  return tf.cast(tf.expandDims(tf.linalg.bandPart(tf.ones([tq, tv]), -1, 0), 0), "bool");
}

