import * as tf from "@tensorflow/tfjs";
import { makeTensor, readValues } from "./host_tensors.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/**
 * UnsortedSegmentSum in one pass over the data: O(N × inner). tfjs-backend-cpu's version builds
 * a mask per segment, O(segments × N), so Embedding(10000, ·) gradients (Gather's gradient is
 * this op) take minutes; wasm has no kernel at all.
 */
export const unsortedSegmentSum: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const outer = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const outShape = [numSegments, ...innerShape];
  const ArrayType = x.dtype === "int32" ? Int32Array : Float32Array;
  // On wasm the sums go straight into the output's heap memory: no JS array, no copy back in.
  const heapBackend = "dataIdMap" in backend ? (backend as WasmHeapBackend) : null;
  const output = heapBackend?.makeOutput(outShape, x.dtype);
  let out: Float32Array | Int32Array;
  if (heapBackend && output) {
    const heap = currentHeap(heapBackend);
    out = new ArrayType(heap.buffer as ArrayBuffer, heap.byteOffset + heapOffset(heapBackend, output), numSegments * inner).fill(0);
  } else {
    out = new ArrayType(numSegments * inner);
  }
  const values = readValues(backend, x);
  const ids = readValues(backend, segmentIds);
  for (let i = 0; i < outer; i++) {
    const segment = ids[i];
    // TensorFlow drops negative (and out-of-range) segment ids.
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) out[to + j] += values[from + j];
  }
  return output ?? makeTensor(backend, outShape, x.dtype, out);
};
