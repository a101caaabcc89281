/**
 * How values made on the CPU reach the GPU on tfjs-backend-webgpu, changed so a training step
 * creates no GPU objects once warm (issue #15's proxies):
 *
 * - tfjs uploads a tensor's values through a staging buffer it creates for that one upload and
 *   destroys after the submit (`uploadToGPU`: `createBuffer({ mappedAtCreation })`, never
 *   pooled). A step uploads its batch and a dozen scalars (learning rate, loss scale, Adam's
 *   constants), so each step created and destroyed that many buffers. Here the data buffer comes
 *   from tfjs's pool and the values go in with `queue.writeBuffer`, Dawn's own staging ring —
 *   the way tfjs already writes every uniform buffer. Ordering is the same as tfjs's copy: the
 *   write lands on the queue before the command buffer that reads it is submitted, and a pooled
 *   buffer is free only once no unsubmitted command refers to it (tfjs releases a buffer the
 *   open command encoder uses at its submit).
 * - tfjs runs an op on the CPU when all its inputs are still CPU values under 1000 elements
 *   (WEBGPU_CPU_FORWARD): fit's batch indices are sliced, cast and gathered that way every step.
 *   Their results are CPU values again, uploaded by the next GPU op, so the step is split between
 *   CPU and GPU. Turned off: every op of a step runs on the GPU.
 */
import * as tf from "@tensorflow/tfjs";

interface TensorData {
  dtype: tf.DataType;
  shape: number[];
  values: ArrayLike<number> | null;
  resource: unknown;
}

interface WebGpuBackendInternals {
  tensorMap: { get(dataId: object): TensorData };
  bufferManager: { acquireBuffer(size: number, usage: number, mappedAtCreation?: boolean, reuse?: boolean): object };
  queue: { writeBuffer(buffer: object, offset: number, data: ArrayBufferView, dataOffset?: number, size?: number): void };
  uploadToGPU(dataId: object): void;
}

const INSTALLED = Symbol.for("tslab-keras.webgpuUploads");

/** The values as the 4-byte elements the GPU buffer holds (int32 for int32 and bool, else float32). */
function asGpuElements(values: ArrayLike<number>, dtype: tf.DataType): Int32Array | Float32Array {
  if (dtype === "int32" || dtype === "bool") return values instanceof Int32Array ? values : Int32Array.from(values);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/**
 * Installs both changes on a started tfjs-backend-webgpu instance (once). The flag is global
 * (tf.env) but only tfjs-backend-webgpu reads it.
 */
export function installWebGpuUploads(backend: tf.KernelBackend): void {
  const internals = backend as unknown as WebGpuBackendInternals & Record<symbol, unknown>;
  if (internals[INSTALLED]) return;
  const usage = tensorBufferUsage();
  const original = internals.uploadToGPU.bind(internals);
  internals.uploadToGPU = (dataId: object) => {
    const data = internals.tensorMap.get(dataId);
    if (data.resource != null || data.values == null || data.values.length === 0 || data.dtype === "string" || data.dtype === "complex64") {
      original(dataId);
      return;
    }
    const elements = asGpuElements(data.values, data.dtype);
    const buffer = internals.bufferManager.acquireBuffer(elements.byteLength, usage);
    internals.queue.writeBuffer(buffer, 0, elements, 0, elements.length);
    // As tfjs: once uploaded, the values live on the GPU only.
    data.values = null;
    data.resource = buffer;
  };
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  internals[INSTALLED] = true;
}

/** STORAGE | COPY_SRC | COPY_DST: the usage tfjs gives every tensor buffer (so pools are shared). */
function tensorBufferUsage(): number {
  const usage = (globalThis as unknown as { GPUBufferUsage?: Record<string, number> }).GPUBufferUsage;
  if (!usage) throw new Error("webgpu uploads: GPUBufferUsage is not defined (the webgpu globals are installed when the backend starts)");
  return usage.STORAGE! | usage.COPY_SRC! | usage.COPY_DST!;
}
