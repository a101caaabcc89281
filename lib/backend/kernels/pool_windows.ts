import * as tf from "@tensorflow/tfjs";

/**
 * TensorFlow's pooling windows over [batch, depth, height, width, channels] (2-D pooling is
 * depth 1): output position o of an axis covers input [o·stride − padBefore, … + filter), and
 * only the part inside the input counts, for the maximum and for the average's divisor alike.
 */
export interface PoolWindows {
  batch: number;
  channels: number;
  /** depth, height, width */
  inSize: [number, number, number];
  outSize: [number, number, number];
  filter: [number, number, number];
  stride: [number, number, number];
  padBefore: [number, number, number];
}

export interface PoolAttrs {
  filterSize: number | number[];
  strides: number | number[];
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** AvgPool/MaxPool's (and their gradients') windows: tfjs's 2-D geometry is TensorFlow's. */
export function poolWindows2D(inputShape: number[], attrs: PoolAttrs): PoolWindows {
  const info = tf.backend_util.computePool2DInfo(
    inputShape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number], 1, attrs.pad, attrs.dimRoundingMode,
  );
  return {
    batch: info.batchSize,
    channels: info.inChannels,
    inSize: [1, info.inHeight, info.inWidth],
    outSize: [1, info.outHeight, info.outWidth],
    filter: [1, info.filterHeight, info.filterWidth],
    stride: [1, info.strideHeight, info.strideWidth],
    padBefore: [0, info.padInfo.top, info.padInfo.left],
  };
}

/**
 * The 3-D kernels' windows. tfjs's computePool3DInfo does not clamp SAME's total padding at 0
 * (its 2-D one does): where a stride exceeds the pool, `(out−1)·stride + filter − in` is
 * negative, and every window starts that much too late. TensorFlow pads max(that, 0).
 */
export function poolWindows3D(inputShape: number[], attrs: PoolAttrs): PoolWindows {
  const info = tf.backend_util.computePool3DInfo(
    inputShape as [number, number, number, number, number], attrs.filterSize as [number, number, number], attrs.strides as [number, number, number], 1, attrs.pad, attrs.dimRoundingMode,
  );
  const inSize: [number, number, number] = [info.inDepth, info.inHeight, info.inWidth];
  const outSize: [number, number, number] = [info.outDepth, info.outHeight, info.outWidth];
  const filter: [number, number, number] = [info.filterDepth, info.filterHeight, info.filterWidth];
  const stride: [number, number, number] = [info.strideDepth, info.strideHeight, info.strideWidth];
  const padBefore: [number, number, number] = attrs.pad === "same"
    ? [0, 1, 2].map((a) => Math.floor(Math.max(0, (outSize[a]! - 1) * stride[a]! + filter[a]! - inSize[a]!) / 2)) as [number, number, number]
    : [info.padInfo.front, info.padInfo.top, info.padInfo.left];
  return { batch: info.batchSize, channels: info.inChannels, inSize, outSize, filter, stride, padBefore };
}

/** [first, end) of the input positions output `o` covers along `axis`, inside the input. */
export function windowRange(w: PoolWindows, axis: 0 | 1 | 2, o: number): [number, number] {
  const start = o * w.stride[axis] - w.padBefore[axis];
  return [Math.max(start, 0), Math.min(start + w.filter[axis], w.inSize[axis])];
}
