import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: "valid" | "same" | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** MaxPool's gradient on wasm in C (training_kernels.c), on the heap in place; other dtypes go to `fallback`. */
export function nativeMaxPoolGrad(native: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (dy.dtype !== "float32" || input.dtype !== "float32") return fallback(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const backend = args.backend as WasmHeapBackend;
    const dx = backend.makeOutput(input.shape, "float32");
    native.maxPoolGrad(
      currentHeap(backend), heapOffset(backend, dy), heapOffset(backend, input), heapOffset(backend, dx),
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.strideHeight,
      info.strideWidth, info.filterHeight, info.filterWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top,
      info.padInfo.left,
    );
    return dx;
  };
}
