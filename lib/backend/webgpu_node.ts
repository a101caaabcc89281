import * as tf from "@tensorflow/tfjs";
import { BackendUnavailable } from "./tfjs_node.js";
import type { StartedBackend } from "./types.js";
import { installWebGpuUploads } from "./webgpu_uploads.js";

/* The `webgpu` package (Dawn) is ESM-only; tsconfig node16 keeps this a real import(). */
type Dawn = { create(flags: string[]): GPU; globals: Record<string, unknown> };
type GPU = { requestAdapter(options?: Record<string, unknown>): Promise<GPUAdapterLike | null> };
interface GPUAdapterLike {
  info: Record<string, unknown>;
  limits: Record<string, number>;
  features: Set<string>;
  isFallbackAdapter?: boolean;
  requestDevice(descriptor?: Record<string, unknown>): Promise<unknown>;
}

const softwareAdapter = /llvmpipe|lavapipe|softpipe|swiftshader|software/i;

function describeAdapter(adapter: GPUAdapterLike): string {
  const info = adapter.info;
  const parts = ["description", "device", "vendor", "architecture"]
    .map((key) => String(info[key] ?? "").trim())
    .filter((part) => part !== "");
  return [...new Set(parts)].join(", ") || "unnamed adapter";
}

function isSoftware(adapter: GPUAdapterLike): boolean {
  if (adapter.isFallbackAdapter) return true;
  const info = adapter.info;
  return info.type === "CPU" || softwareAdapter.test(describeAdapter(adapter)) || info.adapterType === "cpu";
}

let dawn: Promise<Dawn> | null = null;
function loadDawn(): Promise<Dawn> {
  dawn ??= import("webgpu") as unknown as Promise<Dawn>;
  return dawn;
}

/**
 * Dawn's software path is Mesa's GL driver without a display: it needs a runtime dir and the
 * surfaceless EGL platform. Set here (when unset) so tests and notebooks need no environment.
 */
function prepareSoftwareEnvironment(): void {
  process.env.EGL_PLATFORM ??= "surfaceless";
}

/** Vulkan/EGL loaders print "XDG_RUNTIME_DIR is invalid" into the cell's output without one. */
function prepareEnvironment(): void {
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
}

async function findAdapter(allowSoftware: boolean): Promise<{ gpu: GPU; adapter: GPUAdapterLike }> {
  let module: Dawn;
  try {
    module = await loadDawn();
  } catch (error) {
    throw new BackendUnavailable(`the webgpu package did not load: ${(error as Error).message.split("\n")[0]}`);
  }
  prepareEnvironment();
  const hardwareGpu = module.create([]);
  const hardware = await hardwareGpu.requestAdapter({ powerPreference: "high-performance" });
  if (hardware && !isSoftware(hardware)) return { gpu: hardwareGpu, adapter: hardware };
  const hardwareReason = hardware
    ? `only a software adapter: ${describeAdapter(hardware)}`
    : "no hardware adapter: no GPU driver answered Dawn";
  if (!allowSoftware) throw new BackendUnavailable(hardwareReason);
  if (hardware) return { gpu: hardwareGpu, adapter: hardware };
  prepareSoftwareEnvironment();
  const softwareGpu = module.create(["backend=opengles"]);
  const software = await softwareGpu.requestAdapter({ featureLevel: "compatibility" });
  if (!software) {
    throw new BackendUnavailable(
      `${hardwareReason}, and no software adapter either: install Mesa (Debian: libvulkan1 ` +
        `mesa-vulkan-drivers libegl1 libgles2 libegl-mesa0)`,
    );
  }
  return { gpu: softwareGpu, adapter: software };
}

/** Registers WebGPU's names (GPUBufferUsage, GPUMapMode, ...) that tfjs-backend-webgpu reads as globals. */
function installWebGpuGlobals(globals: Record<string, unknown>): void {
  const target = globalThis as Record<string, unknown>;
  for (const [key, value] of Object.entries(globals)) if (!(key in target)) target[key] = value;
}

/**
 * tfjs-backend-webgpu's constructor checks `navigator.gpu`. A global `navigator` makes other
 * libraries believe they run in a browser, so it exists only while the backend is constructed.
 */
function withNavigatorGpu<T>(gpu: unknown, make: () => T): T {
  const target = globalThis as { navigator?: Record<string, unknown> };
  const hadNavigator = "navigator" in globalThis && target.navigator !== undefined;
  const hadGpu = hadNavigator && "gpu" in target.navigator!;
  if (!hadNavigator) Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  else if (!hadGpu) Object.defineProperty(target.navigator!, "gpu", { value: gpu, configurable: true });
  try {
    return make();
  } finally {
    if (!hadNavigator) delete target.navigator;
    else if (!hadGpu) delete target.navigator!.gpu;
  }
}

/**
 * Dawn's instance lives only as long as the object `create()` returned is reachable: once that is
 * collected, the device tfjs still uses is torn down under it, and the process dies later at a
 * random GC (std::system_error "Invalid argument", or a glibc pthread_mutex_lock assertion) —
 * seen on Mesa's software GL and on an NVIDIA H200 alike. So the running backend's GPU object,
 * adapter and device are held here until another webgpu backend replaces them.
 */
let live: { gpu: GPU; adapter: GPUAdapterLike; device: unknown } | null = null;

/** The GPUDevice the running webgpu backend uses (null when none was started): for counters and diagnostics. */
export function liveWebGpuDevice(): object | null {
  return (live?.device as object | undefined) ?? null;
}

/**
 * Starts tfjs-backend-webgpu on a Dawn adapter: hardware only, unless `allowSoftware` (forced
 * by the user or a test), when Mesa's software GL is accepted.
 */
export async function startWebGpu(allowSoftware: boolean): Promise<StartedBackend> {
  const { gpu, adapter } = await findAdapter(allowSoftware);
  const module = await loadDawn();
  installWebGpuGlobals(module.globals);
  const { WebGPUBackend } = require("@tensorflow/tfjs-backend-webgpu") as {
    WebGPUBackend: new (device: unknown, info: unknown) => tf.KernelBackend;
  };
  const limits = adapter.limits;
  const requiredLimits: Record<string, number> = {};
  for (const key of [
    "maxComputeWorkgroupStorageSize",
    "maxComputeWorkgroupsPerDimension",
    "maxStorageBufferBindingSize",
    "maxBufferSize",
    "maxComputeWorkgroupSizeX",
    "maxComputeInvocationsPerWorkgroup",
    "maxStorageBuffersPerShaderStage",
  ]) {
    if (typeof limits[key] === "number") requiredLimits[key] = limits[key];
  }
  const requiredFeatures = ["timestamp-query"].filter((feature) => adapter.features.has(feature));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  live = { gpu, adapter, device };
  const backendInstance = withNavigatorGpu(gpu, () => new WebGPUBackend(device, adapter.info));
  // tfjs-backend-webgpu registers its own factory only when navigator.gpu exists at load time.
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => backendInstance, 0);
  if (!(await tf.setBackend("webgpu"))) throw new BackendUnavailable("tfjs-backend-webgpu failed to initialise");
  installWebGpuUploads(backendInstance);
  const name = describeAdapter(adapter);
  return {
    device: name,
    details: [
      isSoftware(adapter) ? "software adapter" : "hardware adapter",
      `maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize}`,
      `maxComputeWorkgroupStorageSize ${limits.maxComputeWorkgroupStorageSize}`,
    ],
  };
}
