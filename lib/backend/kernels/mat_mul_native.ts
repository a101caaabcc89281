import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/** The activations blas_kernels.c applies in the product's output pass (its `enum activation`). */
export const nativeActivations: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5 };

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * BatchMatMul and _FusedMatMul on wasm through the system's BLAS, on the wasm heap in place:
 * transposes are BLAS flags (no copies), a batch of 1 broadcasts, and a `[n]` bias plus the
 * activation are applied in the same native call. What BLAS cannot express directly (non-float
 * dtypes, PReLU, other bias shapes, batch shapes broadcasting on several axes, empty tensors)
 * goes to `fallback`, the kernel this one replaced.
 */
export function nativeMatMul(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
    const attrs = args.attrs as unknown as MatMulAttrs;
    const activation = nativeActivations[attrs.activation ?? "linear"];
    if (a.dtype !== "float32" || b.dtype !== "float32" || activation === undefined) return fallback(args);
    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const m = attrs.transposeA ? a.shape[rankA - 1]! : a.shape[rankA - 2]!;
    const k = attrs.transposeA ? a.shape[rankA - 2]! : a.shape[rankA - 1]!;
    const kB = attrs.transposeB ? b.shape[rankB - 1]! : b.shape[rankB - 2]!;
    const n = attrs.transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
    if (k !== kB) {
      throw new Error(`Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)} and transposeA=${attrs.transposeA} and transposeB=${attrs.transposeB} must match.`);
    }
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
    const batch = Math.max(batchA, batchB);
    if (product(outer) !== batch || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return fallback(args);
    if (m * n * k === 0) return fallback(args);
    if (bias && !(product(bias.shape) === n && bias.shape.length <= 1 && bias.dtype === "float32")) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput([...outer, m, n], "float32");
    blas.matMul(
      currentHeap(backend), heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), batchA, batchB,
      m, n, k, attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0,
      bias ? heapOffset(backend, bias) : 0, activation, attrs.leakyreluAlpha ?? 0.2,
    );
    return out;
  };
}
