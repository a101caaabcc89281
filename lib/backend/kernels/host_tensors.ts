import * as tf from "@tensorflow/tfjs";

/**
 * Reading and writing tensor values on the CPU-memory backends (cpu: JS arrays; wasm: the wasm
 * heap), so a kernel written in TypeScript can serve both.
 */
type HostBackend = tf.KernelBackend & {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
};

export function readValues(backend: object, tensor: tf.TensorInfo): tf.TypedArray {
  return (backend as HostBackend).readSync(tensor.dataId) as tf.TypedArray;
}

/** A new tensor on `backend` holding `values` (copied on wasm, adopted on cpu). */
export function makeTensor(
  backend: object,
  shape: number[],
  dtype: tf.DataType,
  values: tf.TypedArray,
): tf.TensorInfo {
  const host = backend as HostBackend;
  // wasm's makeOutput(shape, dtype, offset, values) and cpu's makeOutput(values, shape, dtype) differ.
  if ("typedArrayFromHeap" in host && host.makeOutput) return host.makeOutput(shape, dtype, undefined, values);
  if (host.makeTensorInfo) return host.makeTensorInfo(shape, dtype, values);
  throw new Error(`backend ${tf.getBackend()} cannot hold host values`);
}
