import * as tf from "@tensorflow/tfjs";
import { KernelCalls } from "./call_kernel.js";
import type { Conv2DBackpropAttrs } from "./conv2d_backprop_filter.js";

interface Conv2DBackpropInputAttrs extends Conv2DBackpropAttrs {
  inputShape: [number, number, number, number];
}

/**
 * Conv2D's input gradient (and Conv2DTranspose's forward pass) as one forward convolution through
 * wasm's XNNPACK Conv2D, which is several times faster than wasm's own Conv2DBackpropInput:
 * dx = conv2d(dy with stride−1 zeros between its pixels and filter−1−pad zeros around them,
 * the filter rotated 180° with in/out channels swapped), stride 1, valid padding.
 * NCHW, and explicit paddings wider than the filter, go to `original` (tfjs's kernel); tfjs
 * computes no gradients for dilated convolutions, so none arrive here.
 */
export function conv2DBackpropInputWasm(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (dataFormat === "NCHW") return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, "channelsLast",
    );
    const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
    // Zeros stuffed between dy's pixels end with stride−1 trailing rows/columns; what remains of
    // the border after them may be negative, cut by a slice.
    const top = filterHeight - 1 - padInfo.top;
    const left = filterWidth - 1 - padInfo.left;
    const bottom = inHeight + filterHeight - 1 - top - outHeight * strideHeight;
    const right = inWidth + filterWidth - 1 - left - outWidth * strideWidth;
    if (top < 0 || left < 0) return original(args);
    const calls = new KernelCalls("wasm", args.backend);
    try {
      let stuffed = dy;
      if (strideWidth > 1) {
        const columns = calls.run("Reshape", { x: stuffed }, { shape: [batchSize * outHeight, outWidth, 1, outChannels] });
        const padded = calls.run("PadV2", { x: columns }, {
          paddings: [[0, 0], [0, 0], [0, strideWidth - 1], [0, 0]], constantValue: 0,
        } as unknown as tf.NamedAttrMap);
        stuffed = calls.run("Reshape", { x: padded }, { shape: [batchSize, outHeight, outWidth * strideWidth, outChannels] });
      }
      if (strideHeight > 1) {
        const width = outWidth * strideWidth;
        const rows = calls.run("Reshape", { x: stuffed }, { shape: [batchSize * outHeight, 1, width, outChannels] });
        const padded = calls.run("PadV2", { x: rows }, {
          paddings: [[0, 0], [0, strideHeight - 1], [0, 0], [0, 0]], constantValue: 0,
        } as unknown as tf.NamedAttrMap);
        stuffed = calls.run("Reshape", { x: padded }, { shape: [batchSize, outHeight * strideHeight, width, outChannels] });
      }
      if (bottom < 0 || right < 0) {
        const [, height, width] = stuffed.shape as number[];
        stuffed = calls.run("Slice", { x: stuffed }, {
          begin: [0, 0, 0, 0], size: [batchSize, height! + Math.min(bottom, 0), width! + Math.min(right, 0), outChannels],
        });
      }
      const bordered = top || left || bottom > 0 || right > 0
        ? calls.run("PadV2", { x: stuffed }, {
          paddings: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]], constantValue: 0,
        } as unknown as tf.NamedAttrMap)
        : stuffed;
      const swapped = calls.run("Transpose", { x: filter }, { perm: [0, 1, 3, 2] });
      const rotated = calls.run("Reverse", { x: swapped }, { dims: [0, 1] });
      return calls.keep(calls.run("Conv2D", { x: bordered, filter: rotated }, {
        strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode,
      } as unknown as tf.NamedAttrMap));
    } finally {
      calls.dispose();
    }
  };
}
