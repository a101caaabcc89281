/**
 * Keras 3's merge layers where tfjs's differ (registered under tfjs's class names, so saved
 * models load into these):
 * - masks: Keras's Merge.compute_mask is the OR of the inputs' masks and None when any input has
 *   none; tfjs ANDs the masks and treats a missing one as all-true (and its loop skips the last
 *   mask). Concatenate's mask is Keras's `any` over the concatenated, broadcast masks (tfjs's
 *   `all` dropped every step one input masked, and threw for an unmasked input of another
 *   width). Multiply, Maximum and Minimum leave masked steps out of the operation, as Keras's
 *   `_merge_function` does (Multiply by 1 there, Maximum/Minimum by the other input).
 * - the argument errors name the problem in Keras's words (`mask` should be a list, the lists
 *   should have the same length, Concatenate's matching shapes except for the concatenation axis).
 * - Dot: any rank (tfjs refuses 4-D and up), as Keras's batch_dot.
 */
import * as tf from "@tensorflow/tfjs";
import { TAKES_INPUT_MASKS } from "./executor_mask_fix.js";

type LayerClass = new (args?: any) => tf.layers.Layer;
const classOf = (layer: tf.layers.Layer) => layer.constructor as LayerClass;
type Mask = tf.Tensor | null | undefined;

function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape.join(", ")}]`;
  if (v instanceof tf.SymbolicTensor) return `a symbolic tensor of shape [${v.shape.map((d) => d ?? "null").join(", ")}]`;
  return v === null ? "null" : typeof v;
}

/** Keras's checks at the top of compute_mask. */
function checkMaskArgs(owner: string, inputs: unknown, mask: unknown): asserts mask is Mask[] {
  if (!Array.isArray(mask)) throw new TypeError(`${owner}: \`mask\` should be a list. Received: mask=${describe(mask)}`);
  if (!Array.isArray(inputs)) throw new TypeError(`${owner}: \`inputs\` should be a list. Received: inputs=${describe(inputs)}`);
  if (mask.length !== inputs.length) {
    throw new RangeError(`${owner}: The lists \`inputs\` and \`mask\` should have the same length. Received: inputs of length ${inputs.length}, and mask of length ${mask.length}`);
  }
}

/** The masks handed to call: one per input, or null when there are none. */
function callMasks(kwargs: unknown, count: number): Mask[] | null {
  const mask = (kwargs as { mask?: unknown } | undefined)?.mask;
  if (!Array.isArray(mask) || mask.length !== count || mask.every((m) => m == null)) return null;
  return mask as Mask[];
}

/** Keras's Merge: masks on, masks ORed (None when any input has none). */
function mergeMaskBehaviour(Base: LayerClass, className: string, maskedMerge?: (inputs: tf.Tensor[], masks: Mask[]) => tf.Tensor): LayerClass {
  const Cls = class extends (Base as new (args?: any) => any) {
    static className = className;
    constructor(args?: Record<string, unknown>) {
      super(args);
      (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
    }
    computeMask(inputs: unknown, mask?: unknown): tf.Tensor | null {
      if (mask == null) return null;
      checkMaskArgs(className, inputs, mask);
      if (mask.some((m) => m == null)) return null;
      return tf.tidy(() => (mask as tf.Tensor[]).reduce((a, b) => tf.logicalOr(a, b)));
    }
    call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const masks = maskedMerge ? callMasks(kwargs, list.length) : null;
      if (!masks || !maskedMerge || list.some((x) => x.rank !== list[0]!.rank)) return super.call(inputs, kwargs);
      return tf.tidy(() => maskedMerge(list, masks));
    }
  };
  tf.serialization.registerClass(Cls as any);
  return Cls as unknown as LayerClass;
}

const spread = (mask: tf.Tensor, x: tf.Tensor) => tf.broadcastTo(tf.expandDims(mask, -1), x.shape);

/** Keras's Multiply._merge_function: masked entries count as 1, and the output is 0 outside the OR of all masks. */
function multiplyMasked(inputs: tf.Tensor[], masks: Mask[]): tf.Tensor {
  const all = masks.every((m) => m != null);
  let output: tf.Tensor | null = null;
  let outputMask: tf.Tensor | null = null;
  inputs.forEach((input, i) => {
    let x = input;
    const m = masks[i];
    if (m != null) {
      const mb = spread(m, x);
      x = tf.where(mb, x, tf.onesLike(x));
      if (all) outputMask = outputMask == null ? mb : tf.logicalOr(outputMask, mb);
    }
    output = output == null ? x : tf.mul(output, x);
  });
  return outputMask ? tf.where(outputMask, output!, tf.zerosLike(output!)) : output!;
}

/** Keras's Merge._apply_merge_op_and_or_mask (Maximum, Minimum): a masked entry takes the other operand's value. */
function orMasked(op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) {
  return (inputs: tf.Tensor[], masks: Mask[]): tf.Tensor => {
    let output: tf.Tensor | null = null;
    let outputMask: tf.Tensor | null = null;
    inputs.forEach((input, i) => {
      let x = input;
      const m = masks[i] != null ? spread(masks[i]!, x) : null;
      if (output == null) {
        output = x;
        outputMask = m;
        return;
      }
      if (m != null) x = tf.where(m, x, output);
      if (outputMask != null) output = tf.where(outputMask, output, x);
      outputMask = m != null && outputMask != null ? tf.logicalOr(outputMask, m) : null;
      output = op(output, x);
    });
    return output!;
  };
}

export const AddLayer = mergeMaskBehaviour(classOf(tf.layers.add({})), "Add");
export const AverageLayer = mergeMaskBehaviour(classOf(tf.layers.average({})), "Average");
export const MultiplyLayer = mergeMaskBehaviour(classOf(tf.layers.multiply({})), "Multiply", multiplyMasked);
export const MaximumLayer = mergeMaskBehaviour(classOf(tf.layers.maximum({})), "Maximum", orMasked(tf.maximum));
export const MinimumLayer = mergeMaskBehaviour(classOf(tf.layers.minimum({})), "Minimum", orMasked(tf.minimum));
/** For SubtractLayer (merging.ts), which extends tfjs's Merge directly. */
export function kerasMergeMask(owner: string, inputs: unknown, mask: unknown): tf.Tensor | null {
  if (mask == null) return null;
  checkMaskArgs(owner, inputs, mask);
  if (mask.some((m) => m == null)) return null;
  return tf.tidy(() => (mask as tf.Tensor[]).reduce((a, b) => tf.logicalOr(a, b)));
}

const shapeText = (s: (number | null)[]) => `[${s.map((d) => d ?? "null").join(", ")}]`;

/** Keras 3's Concatenate: its shape check and wording, its mask. */
export class ConcatenateLayer extends (classOf(tf.layers.concatenate({})) as new (args?: any) => any) {
  static className = "Concatenate";
  declare axis: number;
  constructor(args?: Record<string, unknown>) {
    super(args);
    (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
  }
  build(inputShape: (number | null)[][]): void {
    if (Array.isArray(inputShape) && Array.isArray(inputShape[0]) && inputShape.length > 1) {
      const rank = inputShape[0]!.length;
      const axis = this.axis < 0 ? rank + this.axis : this.axis;
      const clash = inputShape.some((s) => s.length !== rank || s.some((d, i) => i !== axis && d != null && inputShape[0]![i] != null && d !== inputShape[0]![i]));
      if (clash) {
        throw new RangeError(`A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[${inputShape.map(shapeText).join(", ")}]`);
      }
      this.built = true;
      return;
    }
    super.build(inputShape);
  }
  computeMask(inputs: unknown, mask?: unknown): tf.Tensor | null {
    if (mask == null) return null;
    checkMaskArgs("Concatenate", inputs, mask);
    if (mask.every((m) => m == null)) return null;
    const xs = inputs as tf.Tensor[];
    return tf.tidy(() => {
      const masks = xs.map((x, i) => {
        const m = mask[i];
        if (m == null) return tf.onesLike(x).cast("bool");
        return m.rank < x.rank ? tf.broadcastTo(tf.expandDims(m, -1), x.shape) : m;
      });
      return tf.any(tf.concat(masks, this.axis), -1);
    });
  }
}
tf.serialization.registerClass(ConcatenateLayer as any);

const normAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Keras 3's Dot at any rank: batch_dot over one axis of each input (the batch axis kept). */
export class DotLayer extends (classOf(tf.layers.dot({ axes: 1 })) as new (args?: any) => any) {
  static className = "Dot";
  declare axes: number | [number, number];
  declare normalize: boolean;
  private axesFor(r1: number, r2: number): [number, number] {
    const [a, b] = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return [normAxis(a, r1), normAxis(b, r2)];
  }
  build(inputShape: (number | null)[][]): void {
    if (!Array.isArray(inputShape) || inputShape.length !== 2 || !Array.isArray(inputShape[0]) || !Array.isArray(inputShape[1])) {
      throw new TypeError("A `Dot` layer should be called on a list of exactly 2 inputs.");
    }
    const [s1, s2] = inputShape as [(number | null)[], (number | null)[]];
    const [a1, a2] = this.axesFor(s1.length, s2.length);
    if (s1[a1] != null && s2[a2] != null && s1[a1] !== s2[a2]) {
      throw new RangeError(`Incompatible input shapes: axis values ${s1[a1]} (at axis ${a1}) != ${s2[a2]} (at axis ${a2}). Full input shapes: ${shapeText(s1)}, ${shapeText(s2)}`);
    }
    this.built = true;
  }
  computeOutputShape(inputShape: (number | null)[][]): (number | null)[] {
    const [s1, s2] = inputShape as [(number | null)[], (number | null)[]];
    const [a1, a2] = this.axesFor(s1.length, s2.length);
    const out = [...s1.filter((_, i) => i !== a1), ...s2.filter((_, i) => i !== a2 && i !== 0)];
    return out.length === 1 ? [...out, 1] : out;
  }
  mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    if (inputs.length !== 2) throw new TypeError(`A \`Dot\` layer should be called on exactly 2 inputs. Received ${inputs.length} input(s).`);
    return tf.tidy(() => {
      let [x1, x2] = inputs as [tf.Tensor, tf.Tensor];
      const [a1, a2] = this.axesFor(x1.rank, x2.rank);
      if (this.normalize) {
        x1 = tf.div(x1, tf.sqrt(tf.maximum(tf.sum(tf.square(x1), a1, true), 1e-12)));
        x2 = tf.div(x2, tf.sqrt(tf.maximum(tf.sum(tf.square(x2), a2, true), 1e-12)));
      }
      // x1 → [B, rest1, K], x2 → [B, K, rest2], one batched matmul, then the free axes back.
      const rest1 = x1.shape.filter((_, i) => i !== 0 && i !== a1);
      const rest2 = x2.shape.filter((_, i) => i !== 0 && i !== a2);
      const perm1 = [0, ...x1.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a1), a1];
      const perm2 = [0, a2, ...x2.shape.map((_, i) => i).filter((i) => i !== 0 && i !== a2)];
      const batch = x1.shape[0]!;
      const k = x1.shape[a1]!;
      const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const m1 = tf.reshape(tf.transpose(x1, perm1), [batch, size(rest1), k]);
      const m2 = tf.reshape(tf.transpose(x2, perm2), [batch, k, size(rest2)]);
      const out = tf.reshape(tf.matMul(m1, m2), [batch, ...rest1, ...rest2]);
      return out.rank === 1 ? tf.expandDims(out, 1) : out;
    });
  }
  computeMask(): null {
    return null;
  }
}
tf.serialization.registerClass(DotLayer as any);
