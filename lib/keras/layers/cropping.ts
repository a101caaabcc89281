/**
 * Keras 3's Cropping1D/2D/3D (keras/src/layers/reshaping/cropping{1,2,3}d.py) as one layer over
 * n spatial axes: [before, after] units cut from each. 1-D and 3-D are absent from tfjs; 2-D
 * replaces tfjs's class under the same name (same config), which never checks that the crop
 * leaves something (a symbolic shape went to 0 or below) and refuses a masked input where Keras
 * drops the mask. Keras raises its errors both when the shape is inferred and when called;
 * so do these. Cropping1D, as Keras's, crops axis 1 and has no data format.
 */
import * as tf from "@tensorflow/tfjs";
import { SpatialLayer, pyTuple, singleShape, singleTensor, type SpatialLayerArgs } from "./spatial_layer.js";
import type { PaddingPairs } from "./zero_padding.js";

export interface CroppingArgs extends SpatialLayerArgs {
  /** One [before, after] pair per spatial axis (1-D: the pair itself, as Keras's config). */
  cropping?: PaddingPairs | [number, number];
}

abstract class Cropping extends SpatialLayer {
  readonly cropping: PaddingPairs;

  constructor(rank: 1 | 2 | 3, defaultCrop: number, args: CroppingArgs) {
    const { cropping, ...rest } = args;
    super(rank, rest);
    const pairs = cropping === undefined ? Array.from({ length: rank }, () => [defaultCrop, defaultCrop]) : rank === 1 && typeof cropping[0] === "number" ? [cropping] : cropping;
    this.cropping = (pairs as PaddingPairs).map(([a, b]) => [a, b]);
  }

  /** Keras's check: every known spatial length must keep at least one unit. */
  private check(shape: readonly (number | null | undefined)[], what: "input_shape" | "inputs.shape"): void {
    const tooMuch = this.spatialAxes.some((axis, i) => shape[axis] != null && this.cropping[i]![0] + this.cropping[i]![1] >= shape[axis]!);
    if (!tooMuch) return;
    const cropping = this.spatialRank === 1 ? this.cropping[0] : this.cropping;
    const received = `Received: ${what}=${pyTuple(shape)}, cropping=${pyTuple(cropping)}`;
    throw new RangeError(
      this.spatialRank === 1
        ? `\`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. ${received}`
        : `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. ${received}`,
    );
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = [...singleShape(inputShape)];
    this.check(s, "input_shape");
    this.spatialAxes.forEach((axis, i) => {
      if (s[axis] != null) s[axis] = s[axis]! - this.cropping[i]![0] - this.cropping[i]![1];
    });
    return s;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = singleTensor(inputs);
    this.check(x.shape, "inputs.shape");
    const begin = x.shape.map(() => 0);
    const size = [...x.shape];
    this.spatialAxes.forEach((axis, i) => {
      begin[axis] = this.cropping[i]![0];
      size[axis] = x.shape[axis]! - this.cropping[i]![0] - this.cropping[i]![1];
    });
    return tf.slice(x, begin, size);
  }

  override getConfig(): tf.serialization.ConfigDict {
    if (this.spatialRank === 1) return { ...super.getConfig(), cropping: this.cropping[0]! };
    return { ...super.getConfig(), cropping: this.cropping, dataFormat: this.dataFormat };
  }
}

export class Cropping1DLayer extends Cropping {
  static className = "Cropping1D";
  constructor(args: CroppingArgs = {}) {
    super(1, 1, { ...args, dataFormat: "channelsLast" });
  }
}
export class Cropping2DLayer extends Cropping {
  static className = "Cropping2D";
  constructor(args: CroppingArgs = {}) {
    super(2, 0, args);
  }
}
export class Cropping3DLayer extends Cropping {
  static className = "Cropping3D";
  constructor(args: CroppingArgs = {}) {
    super(3, 1, args);
  }
}

for (const cls of [Cropping1DLayer, Cropping2DLayer, Cropping3DLayer]) tf.serialization.registerClass(cls);
