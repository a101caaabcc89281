/**
 * Keras 3's UnitNormalization (keras/src/layers/normalization/unit_normalization.py), which tfjs
 * lacks: scales each input to unit L2 norm over `axis` (an int or a list), as Keras's
 * `ops.normalize(order=2, epsilon=1e-12)`: x · rsqrt(max(Σx², ε²)), so a zero vector stays zero.
 * Built at instantiation, passes masks through, config `axis`; registered as "UnitNormalization".
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { OptionCheck } from "./options.js";

export interface UnitNormalizationOptions extends BaseLayerOptions {
  /** The axis or axes to normalize across (Keras's default −1). */
  axis?: number | number[];
}

const EPSILON = 1e-12;

function pyRepr(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (v !== null && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(", ")}}`;
  return typeof v === "string" ? `'${v}'` : String(v);
}

/** Keras's check: an int, or a list/tuple (of ints), in Keras's words. */
const axisCheck: OptionCheck = (v) => {
  const isInt = (a: unknown) => typeof a === "number" && Number.isInteger(a);
  if (isInt(v)) return v;
  if (Array.isArray(v) && v.every(isInt)) return [...v];
  throw new TypeError(`Invalid value for \`axis\` argument: expected an int or a list/tuple of ints. Received: axis=${pyRepr(v)}`);
};

export class UnitNormalizationLayer extends tf.layers.Layer {
  static className = "UnitNormalization";
  readonly axis: number | number[];

  constructor(args: { axis?: number | number[]; [key: string]: unknown } = {}) {
    const { axis = -1, ...rest } = args;
    super(rest);
    this.axis = axisCheck(axis, "axis") as number | number[];
    this.supportsMasking = true;
    this.built = true;
  }

  private axesFor(shape: readonly (number | null)[]): number[] {
    const rank = shape.length;
    return (Array.isArray(this.axis) ? this.axis : [this.axis]).map((a) => {
      if (a >= rank || a < -rank) throw new RangeError(`Axis ${pyRepr(this.axis)} is out of bounds for input shape (${shape.map((d) => d ?? "None").join(", ")}${rank === 1 ? "," : ""}).`);
      return a < 0 ? a + rank : a;
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const v = x.rank === 0 ? tf.expandDims(x, 0) : tf.cast(x, "float32");
      const squareSum = tf.sum(tf.square(v), this.axesFor(v.shape), true);
      return tf.mul(v, tf.rsqrt(tf.maximum(squareSum, EPSILON * EPSILON)));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    this.axesFor(inputShape as tf.Shape);
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis };
  }
}
tf.serialization.registerClass(UnitNormalizationLayer);

/** `UnitNormalization({ axis })`. */
export function UnitNormalization(options?: UnitNormalizationOptions): UnitNormalizationLayer {
  return makeLayer("UnitNormalization", "unit_normalization", options, { axis: axisCheck }, (a) => new UnitNormalizationLayer(a));
}
