import * as tf from "@tensorflow/tfjs";
import { KernelCalls } from "./call_kernel.js";

/** The attributes tfjs gives both convolution gradient kernels. */
export interface Conv2DBackpropAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

interface Conv2DBackpropFilterAttrs extends Conv2DBackpropAttrs {
  filterShape: [number, number, number, number];
}

/**
 * Conv2D's filter gradient as one matrix product: im2col of the input (one strided slice per
 * kernel tap, concatenated on channels) transposed times dy. wasm has no such kernel, and the
 * cpu one is a scalar 7-deep loop; a matmul runs at the backend's GEMM speed.
 */
export function conv2DBackpropFilterFor(backendName: "wasm" | "cpu"): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat === "NCHW") throw new Error(`Conv2DBackpropFilter on ${backendName} supports dataFormat NHWC only`);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, "channelsLast",
    );
    const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const { dilationHeight, dilationWidth, padInfo } = info;
    const calls = new KernelCalls(backendName, backend);
    try {
      const padded = padInfo.top || padInfo.bottom || padInfo.left || padInfo.right
        ? calls.run("PadV2", { x }, {
          paddings: [[0, 0], [padInfo.top, padInfo.bottom], [padInfo.left, padInfo.right], [0, 0]],
          constantValue: 0,
        } as unknown as tf.NamedAttrMap)
        : x;
      const taps: tf.TensorInfo[] = [];
      for (let kh = 0; kh < filterHeight; kh++) {
        for (let kw = 0; kw < filterWidth; kw++) {
          const top = kh * dilationHeight;
          const left = kw * dilationWidth;
          taps.push(calls.run("StridedSlice", { x: padded }, {
            begin: [0, top, left, 0],
            end: [batchSize, top + (outHeight - 1) * strideHeight + 1, left + (outWidth - 1) * strideWidth + 1, inChannels],
            strides: [1, strideHeight, strideWidth, 1],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          }));
        }
      }
      const rows = batchSize * outHeight * outWidth;
      const columns = filterHeight * filterWidth * inChannels;
      const patches = taps.length === 1 ? taps[0]! : calls.run("Concat", taps, { axis: 3 });
      const patchMatrix = calls.run("Reshape", { x: patches }, { shape: [1, rows, columns] });
      const patchMatrixT = calls.run("Transpose", { x: patchMatrix }, { perm: [0, 2, 1] });
      const dyMatrix = calls.run("Reshape", { x: dy }, { shape: [1, rows, outChannels] });
      const product = calls.run("BatchMatMul", { a: patchMatrixT, b: dyMatrix }, { transposeA: false, transposeB: false });
      return calls.keep(calls.run("Reshape", { x: product }, { shape: filterShape }));
    } finally {
      calls.dispose();
    }
  };
}
