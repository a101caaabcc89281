import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/**
 * Sum over leading axes on wasm in C (training_kernels.c): every bias gradient is one, and wasm's
 * Sum transposes the reduced axes innermost first (a full copy of the activations). Sums over
 * other axes, and non-float dtypes, go to `fallback`.
 */
export function nativeSum(native: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    if (x.dtype !== "float32" || x.shape.length === 0) return fallback(args);
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    if (axes.length === 0 || axes.some((a, i) => a !== i)) return fallback(args);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((a, b) => a * b, 1);
    if (rows * cols === 0) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, "float32");
    native.sumRows(currentHeap(backend), heapOffset(backend, x), heapOffset(backend, out), rows, cols);
    return out;
  };
}
