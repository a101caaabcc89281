/**
 * Keras 3's UpSampling1D/2D/3D (keras/src/layers/reshaping/up_sampling{1,2,3}d.py) as one layer
 * over n spatial axes: each spatial axis repeated `size` times (Keras's `ops.repeat`), or for
 * UpSampling2D's "bilinear" Keras's `ops.image.resize`, which samples at half-pixel centres
 * (TensorFlow's `tf.image.resize`, torch's `align_corners=False`). tfjs's UpSampling2D calls
 * `resizeBilinear` without half-pixel centres, so its bilinear output is shifted by half a pixel
 * from Keras's; and tfjs's ResizeBilinear gradient ignores `halfPixelCenters` and returns
 * [batch, width, height, depth] (cpu), so it cannot train either way. Ours is the same
 * interpolation as differentiable ops, one axis at a time (`halfPixelUpsampleAlong`), and
 * replaces tfjs's class under the same name (same config). 1-D and 3-D are absent from tfjs.
 * UpSampling1D, as Keras's, repeats axis 1 and has no data format.
 */
import * as tf from "@tensorflow/tfjs";
import { SpatialLayer, singleShape, singleTensor, type SpatialLayerArgs } from "./spatial_layer.js";

export type UpSamplingInterpolation = "nearest" | "bilinear";

export interface UpSamplingArgs extends SpatialLayerArgs {
  /** One factor per spatial axis (1-D: the factor itself, as Keras's config). */
  size?: number[] | number;
  /** UpSampling2D only. */
  interpolation?: UpSamplingInterpolation;
}

/** `x` with each entry along `axis` repeated `times` times (numpy's `repeat`), differentiable. */
export function repeatAlong(x: tf.Tensor, axis: number, times: number): tf.Tensor {
  if (times === 1) return x;
  return tf.tidy(() => {
    const expanded = tf.expandDims(x, axis + 1);
    const reps = expanded.shape.map((_, a) => (a === axis + 1 ? times : 1));
    const shape = [...x.shape];
    shape[axis] = shape[axis]! * times;
    return tf.reshape(tf.tile(expanded, reps), shape);
  });
}

/**
 * Linear interpolation of `x` to `times` × its length along `axis` at half-pixel centres
 * (TensorFlow's resize with `half_pixel_centers`): output o = times·i + k samples the input at
 * i + d, d = (k + ½)/times − ½ ∈ (−½, ½), so it mixes x[i] with its neighbour on d's side, the
 * edges clamped; the k outputs are interleaved by stacking after `axis`. Bilinear in 2-D is this
 * along rows, then columns.
 */
export function halfPixelUpsampleAlong(x: tf.Tensor, axis: number, times: number): tf.Tensor {
  if (times === 1) return x;
  return tf.tidy(() => {
    const n = x.shape[axis]!;
    const take = (begin: number, size: number) => tf.slice(x, x.shape.map((_, a) => (a === axis ? begin : 0)), x.shape.map((d, a) => (a === axis ? size : d)));
    const previous = n === 1 ? x : tf.concat([take(0, 1), take(0, n - 1)], axis);
    const next = n === 1 ? x : tf.concat([take(1, n - 1), take(n - 1, 1)], axis);
    const phases = Array.from({ length: times }, (_, k) => {
      const d = (k + 0.5) / times - 0.5;
      if (d === 0) return x;
      return tf.add(tf.mul(x, 1 - Math.abs(d)), tf.mul(d < 0 ? previous : next, Math.abs(d)));
    });
    const shape = [...x.shape];
    shape[axis] = n * times;
    return tf.reshape(tf.stack(phases, axis + 1), shape);
  });
}

abstract class UpSampling extends SpatialLayer {
  readonly size: number[];
  readonly interpolation: UpSamplingInterpolation;

  constructor(rank: 1 | 2 | 3, args: UpSamplingArgs) {
    const { size = 2, interpolation = "nearest", ...rest } = args;
    super(rank, rest);
    this.size = typeof size === "number" ? Array(rank).fill(size) : [...size];
    if (interpolation !== "nearest" && interpolation !== "bilinear") throw new RangeError(`${this.getClassName()}: interpolation must be "nearest" or "bilinear", got ${JSON.stringify(interpolation)}`);
    this.interpolation = interpolation;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = [...singleShape(inputShape)];
    this.spatialAxes.forEach((axis, i) => {
      if (s[axis] != null) s[axis] = s[axis]! * this.size[i]!;
    });
    return s;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(inputs);
      if (this.interpolation === "bilinear") return this.bilinear(x as tf.Tensor4D);
      return this.spatialAxes.reduce((y, axis, i) => repeatAlong(y, axis, this.size[i]!), x);
    });
  }

  private bilinear(x: tf.Tensor4D): tf.Tensor {
    return this.spatialAxes.reduce((y, axis, i) => halfPixelUpsampleAlong(y, axis, this.size[i]!), x as tf.Tensor);
  }
}

export class UpSampling1DLayer extends UpSampling {
  static className = "UpSampling1D";
  constructor(args: UpSamplingArgs = {}) {
    const { interpolation: _, ...rest } = args;
    super(1, { ...rest, dataFormat: "channelsLast" });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size[0]! };
  }
}
export class UpSampling2DLayer extends UpSampling {
  static className = "UpSampling2D";
  constructor(args: UpSamplingArgs = {}) {
    super(2, args);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}
export class UpSampling3DLayer extends UpSampling {
  static className = "UpSampling3D";
  constructor(args: UpSamplingArgs = {}) {
    super(3, args);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size, dataFormat: this.dataFormat };
  }
}

for (const cls of [UpSampling1DLayer, UpSampling2DLayer, UpSampling3DLayer]) tf.serialization.registerClass(cls);
