/**
 * Keras 3's ZeroPadding1D/2D/3D (keras/src/layers/reshaping/zero_padding{1,2,3}d.py) as one
 * layer over n spatial axes: zeros before and after each. 1-D and 3-D are absent from tfjs; 2-D
 * replaces tfjs's class under the same name (same config) so a masked input is dropped as Keras
 * does rather than refused. ZeroPadding1D's config keeps Keras's flat `padding` pair.
 */
import * as tf from "@tensorflow/tfjs";
import { SpatialLayer, singleShape, singleTensor, type SpatialLayerArgs } from "./spatial_layer.js";

export type PaddingPairs = [number, number][];

export interface ZeroPaddingArgs extends SpatialLayerArgs {
  /** One [before, after] pair per spatial axis (1-D: the pair itself, as Keras's config). */
  padding?: PaddingPairs | [number, number];
}

abstract class ZeroPadding extends SpatialLayer {
  readonly padding: PaddingPairs;

  constructor(rank: 1 | 2 | 3, args: ZeroPaddingArgs) {
    const { padding, ...rest } = args;
    super(rank, rest);
    const pairs = padding === undefined ? Array.from({ length: rank }, () => [1, 1]) : rank === 1 && typeof padding[0] === "number" ? [padding] : padding;
    this.padding = (pairs as PaddingPairs).map(([a, b]) => [a, b]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = [...singleShape(inputShape)];
    this.spatialAxes.forEach((axis, i) => {
      if (s[axis] != null) s[axis] = s[axis]! + this.padding[i]![0] + this.padding[i]![1];
    });
    return s;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(inputs);
      const pads = x.shape.map(() => [0, 0] as [number, number]);
      this.spatialAxes.forEach((axis, i) => (pads[axis] = this.padding[i]!));
      return tf.pad(x, pads);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const padding = this.spatialRank === 1 ? this.padding[0]! : this.padding;
    return { ...super.getConfig(), padding, dataFormat: this.dataFormat };
  }
}

export class ZeroPadding1DLayer extends ZeroPadding {
  static className = "ZeroPadding1D";
  constructor(args: ZeroPaddingArgs = {}) {
    super(1, args);
  }
}
export class ZeroPadding2DLayer extends ZeroPadding {
  static className = "ZeroPadding2D";
  constructor(args: ZeroPaddingArgs = {}) {
    super(2, args);
  }
}
export class ZeroPadding3DLayer extends ZeroPadding {
  static className = "ZeroPadding3D";
  constructor(args: ZeroPaddingArgs = {}) {
    super(3, args);
  }
}

for (const cls of [ZeroPadding1DLayer, ZeroPadding2DLayer, ZeroPadding3DLayer]) tf.serialization.registerClass(cls);
