import * as tf from "@tensorflow/tfjs";
import { makeTensor, readValues } from "./host_tensors.js";

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * MaxPool's gradient over typed arrays: each window sends dy to its first maximum, as
 * TensorFlow does. tfjs-backend-cpu's walks TensorBuffers element by element (1.7 s per step of
 * the bench CNN), and wasm's disagrees with both on MaxPooling1D's gradient.
 */
export const maxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth, padInfo } = info;
  const x = readValues(backend, input);
  const dyValues = readValues(backend, dy);
  const dx = new Float32Array(x.length);
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - padInfo.left;
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * inChannels;
        for (let c = 0; c < inChannels; c++) {
          let best = -Infinity;
          let bestIndex = -1;
          for (let fh = 0; fh < effectiveFilterHeight; fh += dilationHeight) {
            const h = top + fh;
            if (h < 0 || h >= inHeight) continue;
            for (let fw = 0; fw < effectiveFilterWidth; fw += dilationWidth) {
              const w = left + fw;
              if (w < 0 || w >= inWidth) continue;
              const index = xBatch + (h * inWidth + w) * inChannels + c;
              if (x[index]! > best || bestIndex < 0) {
                best = x[index]!;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] += dyValues[dyBase + c]!;
        }
      }
    }
  }
  return makeTensor(backend, input.shape, "float32", dx);
};
