/**
 * Keras 3's LayerNormalization (keras/src/layers/normalization/layer_normalization.py) on tfjs's
 * class, registered under the same name: Keras's `rmsScaling` (inputs scaled by γ and the inverse
 * square root of their variance over `axis`, no centring and no β: exactly Keras's
 * `ops.layer_normalization(rms_scaling=True)`), and Keras's errors for an axis out of bounds or
 * given twice (tfjs says "Invalid axis").
 */
import * as tf from "@tensorflow/tfjs";
import { single } from "./conv_geometry.js";

type LayerClass = new (args: Record<string, unknown>) => tf.layers.Layer;
const TfLayerNormalization = Object.getPrototypeOf(tf.layers.layerNormalization({})).constructor as LayerClass;

interface TfLayerNorm {
  axis: number | number[];
  epsilon: number;
  gamma: { read(): tf.Tensor } | null;
  center: boolean;
  scale: boolean;
}

export class LayerNormalizationLayer extends TfLayerNormalization {
  static className = "LayerNormalization";
  readonly rmsScaling: boolean;

  constructor(args: Record<string, unknown> = {}) {
    const { rmsScaling = false, ...rest } = args;
    // With rms scaling there is no β, and γ is always made (Keras: `if self.scale or self.rms_scaling`).
    super(rmsScaling ? { ...rest, center: false, scale: true } : rest);
    this.rmsScaling = rmsScaling === true;
  }

  private get norm(): TfLayerNorm {
    return this as unknown as TfLayerNorm;
  }

  /** The axes as non-negative indices, or Keras's error naming the bad one. */
  private axesFor(rank: number): number[] {
    const axes = (Array.isArray(this.norm.axis) ? this.norm.axis : [this.norm.axis]).map((a) => {
      if (a < -rank || a >= rank) throw new RangeError(`${this.name}: axis ${a} is out of bounds for an input of rank ${rank}`);
      return a < 0 ? a + rank : a;
    });
    if (new Set(axes).size !== axes.length) throw new RangeError(`${this.name}: Duplicate axes in ${JSON.stringify(this.norm.axis)} for an input of rank ${rank}`);
    return axes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.axesFor(s.length);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.axesFor(s.length);
    return super.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    if (!this.rmsScaling) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = single(inputs);
      const axes = this.axesFor(x.rank);
      const { variance } = tf.moments(x, axes, true);
      let out = tf.mul(x, tf.rsqrt(tf.add(variance, this.norm.epsilon)));
      const gamma = this.norm.gamma;
      if (gamma) out = tf.mul(out, tf.reshape(gamma.read(), x.shape.map((d, i) => (axes.includes(i) ? d : 1))));
      return out;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rmsScaling: this.rmsScaling };
  }
}
tf.serialization.registerClass(LayerNormalizationLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
