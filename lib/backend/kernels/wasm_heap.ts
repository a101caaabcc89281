import type * as tf from "@tensorflow/tfjs";

/** What our native kernels need of tfjs-backend-wasm: its heap, where each tensor lives, new outputs. */
export interface WasmHeapBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** The tensor's byte offset in the wasm heap. */
export function heapOffset(backend: WasmHeapBackend, tensor: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(tensor.dataId);
  if (!data) throw new Error("tensor is not on the wasm backend (disposed?)");
  return data.memoryOffset;
}

/**
 * The heap as it is now: allocating an output may grow the wasm memory and detach the previous
 * buffer, so this is read after every allocation of a kernel and before the native call.
 */
export function currentHeap(backend: WasmHeapBackend): Uint8Array {
  return backend.wasm.HEAPU8;
}
