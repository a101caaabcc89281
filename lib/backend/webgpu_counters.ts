/**
 * Counts what a WebGPU training step asks of the device, by wrapping the methods of the objects
 * the `webgpu` package (Dawn) returns — on their prototypes, so tfjs still hands Dawn its own
 * native objects: compute dispatches, queue submits, readbacks (`GPUBuffer.mapAsync`: every
 * dataSync/data of GPU data is one), buffers, bind groups and pipelines created, buffer writes;
 * and the ops tfjs-backend-webgpu runs on the CPU because their inputs are small
 * (`shouldExecuteOnCPU`, WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD). For benchmarks and the proxies of
 * issue #15 (bench/gpu.mjs --profile-steps); it costs a counter increment per call.
 */
import * as tf from "@tensorflow/tfjs";
import { liveWebGpuDevice } from "./webgpu_node.js";

export interface WebGpuCounts {
  dispatches: number;
  submits: number;
  readbacks: number;
  cpuHandoffs: number;
  buffersCreated: number;
  bindGroupsCreated: number;
  pipelinesCompiled: number;
  shaderModulesCreated: number;
  bufferWrites: number;
}

const zero = (): WebGpuCounts => ({
  dispatches: 0, submits: 0, readbacks: 0, cpuHandoffs: 0, buffersCreated: 0, bindGroupsCreated: 0, pipelinesCompiled: 0, shaderModulesCreated: 0, bufferWrites: 0,
});

const counts = zero();
const patched = new WeakSet<object>();
const COUNTED_BACKEND = Symbol.for("tslab-keras.webgpuCounted");

type Methods = Record<string, (...args: unknown[]) => unknown>;

/** Replaces `name` on `proto` with a version that counts into `key`, then maybe inspects what it returns. */
function count(proto: object, name: string, key: keyof WebGpuCounts | null, after?: (result: unknown) => void): void {
  const methods = proto as Methods;
  const original = methods[name];
  if (typeof original !== "function") return;
  methods[name] = function (this: unknown, ...args: unknown[]) {
    if (key) counts[key]++;
    const result = original.apply(this, args);
    if (after) after(result);
    return result;
  };
}

/** Patches the prototype of `object` once, with `patch`. */
function once(object: unknown, patch: (proto: object) => void): void {
  if (object === null || typeof object !== "object") return;
  const proto = Object.getPrototypeOf(object) as object;
  if (patched.has(proto)) return;
  patched.add(proto);
  patch(proto);
}

/**
 * Starts counting on the running webgpu backend (tfjs's backend must be "webgpu", started by
 * lib/backend). Idempotent. Returns false when no webgpu backend is running.
 */
export function installWebGpuCounters(): boolean {
  const device = liveWebGpuDevice();
  if (!device || tf.getBackend() !== "webgpu") return false;
  once(device, (proto) => {
    count(proto, "createBuffer", "buffersCreated", (buffer) => once(buffer, (p) => count(p, "mapAsync", "readbacks")));
    count(proto, "createBindGroup", "bindGroupsCreated");
    count(proto, "createComputePipeline", "pipelinesCompiled");
    count(proto, "createComputePipelineAsync", "pipelinesCompiled");
    count(proto, "createShaderModule", "shaderModulesCreated");
    count(proto, "createCommandEncoder", null, (encoder) =>
      once(encoder, (p) => count(p, "beginComputePass", null, (pass) => once(pass, (q) => {
        count(q, "dispatchWorkgroups", "dispatches");
        count(q, "dispatchWorkgroupsIndirect", "dispatches");
      }))));
  });
  once((device as { queue: unknown }).queue, (proto) => {
    count(proto, "submit", "submits");
    count(proto, "writeBuffer", "bufferWrites");
  });
  // Buffers, encoders and passes get their prototypes patched when first made through the device;
  // make one of each now, so objects from tfjs's pools made before this are counted too.
  const d = device as { createBuffer(o: object): { destroy(): void }; createCommandEncoder(): { beginComputePass(): { end(): void } } };
  const g = globalThis as { GPUBufferUsage?: { MAP_READ: number; COPY_DST: number } };
  if (g.GPUBufferUsage) d.createBuffer({ size: 4, usage: g.GPUBufferUsage.MAP_READ | g.GPUBufferUsage.COPY_DST }).destroy();
  d.createCommandEncoder().beginComputePass().end();
  const backend = tf.backend() as unknown as Record<string | symbol, unknown> & { shouldExecuteOnCPU?: (...args: unknown[]) => boolean };
  if (!backend[COUNTED_BACKEND] && typeof backend.shouldExecuteOnCPU === "function") {
    const decide = backend.shouldExecuteOnCPU.bind(backend);
    backend.shouldExecuteOnCPU = (...args: unknown[]) => {
      const onCpu = decide(...args);
      if (onCpu) counts.cpuHandoffs++;
      return onCpu;
    };
    backend[COUNTED_BACKEND] = true;
  }
  resetWebGpuCounts();
  return true;
}

/** The counts since the last reset. */
export function webGpuCounts(): WebGpuCounts {
  return { ...counts };
}

export function resetWebGpuCounts(): void {
  Object.assign(counts, zero());
}
