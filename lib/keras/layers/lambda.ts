/**
 * Custom layers in a cell. Two ways, as in Keras:
 *
 * 1. `keras.layers.Lambda((x) => tf.mul(x, 2))` wraps a function of tensors. Like Python's
 *    Lambda it cannot be saved in a portable way: `getConfig` (and so `model.save`) throws,
 *    telling you to write a class instead.
 * 2. A subclass of `keras.layers.Layer` (tfjs's `tf.layers.Layer`): implement `build(inputShape)`
 *    (create weights with `this.addWeight`), `call(inputs)`, `computeOutputShape(inputShape)` and
 *    `getConfig()`, give it `static className = "MyLayer"` and register it with
 *    `keras.utils.registerKerasSerializable(MyLayer)` or `tf.serialization.registerClass(MyLayer)`
 *    so a saved model loads it again.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";

export interface LambdaOptions extends BaseLayerOptions {
  /** Output shape without the batch axis; defaults to the input's. */
  outputShape?: (number | null)[] | ((inputShape: tf.Shape | tf.Shape[]) => tf.Shape | tf.Shape[]);
  /**
   * Keras's `mask`: a tensor returned as the output mask whatever the input, or a function
   * `(inputs, mask) => outputMask` (as `computeMask`). Given, the layer supports masking.
   */
  mask?: tf.Tensor | ((inputs: any, mask: tf.Tensor | tf.Tensor[] | null | undefined) => tf.Tensor | tf.Tensor[] | null);
}

type Fn = (inputs: any) => tf.Tensor | tf.Tensor[];

export class LambdaLayer extends tf.layers.Layer {
  static className = "Lambda";
  private readonly fn: Fn;
  private readonly outputShapeOption?: LambdaOptions["outputShape"];
  private readonly maskOption?: LambdaOptions["mask"];

  constructor(args: LambdaOptions & { fn: Fn }) {
    const { mask, ...rest } = args;
    super(rest);
    this.fn = args.fn;
    this.outputShapeOption = args.outputShape;
    this.maskOption = mask;
    this.supportsMasking = mask !== undefined;
  }

  // tfjs types computeMask as never null, though null (no mask) is what its own layers return.
  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const m = this.maskOption;
    if (m === undefined) return null as unknown as tf.Tensor;
    if (typeof m === "function") return m(Array.isArray(inputs) && inputs.length === 1 ? inputs[0] : inputs, mask) as tf.Tensor;
    return m;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => this.fn(Array.isArray(inputs) && inputs.length === 1 ? inputs[0] : inputs));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const o = this.outputShapeOption;
    if (typeof o === "function") return o(inputShape);
    if (Array.isArray(o)) return [(inputShape as tf.Shape)[0] ?? null, ...o];
    // Unknown: infer by running the function on a small zero tensor with free dimensions set to 1.
    if (Array.isArray(inputShape[0])) return inputShape;
    const probe = tf.zeros((inputShape as tf.Shape).map((d) => d ?? 1));
    const out = tf.tidy(() => this.fn(probe)) as tf.Tensor;
    probe.dispose();
    // The batch axis is the input's (null stays null; Keras keeps a known batch size).
    const shape = [(inputShape as tf.Shape)[0] == null ? null : out.shape[0]!, ...out.shape.slice(1)].map((d, i) => (i > 0 && (inputShape as tf.Shape)[i] === null && d === 1 ? null : d));
    out.dispose();
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    throw new Error(
      `Lambda layer "${this.name}" cannot be serialized (its function is code): write a tf.layers.Layer subclass with getConfig and register it with tf.serialization.registerClass`,
    );
  }
}

/** `Lambda(fn, { outputShape })`: a layer from a function of tensors. */
export function Lambda(fn: Fn, options?: LambdaOptions): LambdaLayer {
  if (typeof fn !== "function") throw new TypeError(`Lambda: \`function\` must be a function of tensors; got ${typeof fn}`);
  const outputShape = (v: unknown, w: string) => {
    if (typeof v === "function" || Array.isArray(v)) return v;
    throw new TypeError(`${w} must be an array (no batch axis) or a function of the input shape`);
  };
  const mask = (v: unknown, w: string) => {
    if (typeof v === "function" || v instanceof tf.Tensor) return v;
    throw new TypeError(`${w} must be a tensor (the output mask) or a function (inputs, mask) => mask`);
  };
  return makeLayer("Lambda", "lambda", options, { outputShape, mask }, (a) => new LambdaLayer({ fn, ...a }));
}

/** The base class for your own layers (tfjs's `tf.layers.Layer`). */
export const Layer = tf.layers.Layer;
