import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { cpuModel } from "./cpu_model.js";
import type { StartedBackend } from "./types.js";

type TfjsNodePackage = "@tensorflow/tfjs-node" | "@tensorflow/tfjs-node-gpu";

/** Thrown when a backend cannot be used; `message` is the reason shown in `skipped`. */
export class BackendUnavailable extends Error {
  override name = "BackendUnavailable";
}

/**
 * The real package's name, or null. danfojs-node's override aliases `@tensorflow/tfjs-node` to
 * plain `@tensorflow/tfjs`, and npm may hoist that alias to `node_modules/@tensorflow/tfjs-node`,
 * so the path resolving proves nothing: the package.json must name the package.
 */
function installedName(pkg: TfjsNodePackage): string | null {
  try {
    return (require(`${pkg}/package.json`) as { name?: string }).name ?? null;
  } catch {
    return null;
  }
}

/** Whether an NVIDIA GPU is visible to this process (driver loaded, a device node present). */
export function nvidiaGpuVisible(): boolean {
  if (process.env.CUDA_VISIBLE_DEVICES === "" || process.env.CUDA_VISIBLE_DEVICES === "-1") return false;
  try {
    return fs.readdirSync("/proc/driver/nvidia/gpus").length > 0;
  } catch {
    return fs.existsSync("/dev/nvidia0");
  }
}

/** Turns a native load failure into a reason a user can act on. */
export function explainLoadFailure(pkg: TfjsNodePackage, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /(lib(?:cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nvinfer)[\w.]*\.so[\w.]*)/.exec(message);
  if (missing) {
    return `${missing[1]} not found: ${pkg} 4.22 is built for CUDA 11.2 and cuDNN 8.1; install those ` +
      `libraries (or put them on LD_LIBRARY_PATH)`;
  }
  if (/tfjs_binding\.node|libtensorflow/.test(message)) {
    return `native binding did not load (${message.split("\n")[0]}); reinstall ${pkg} so its libtensorflow download completes`;
  }
  return `failed to load: ${message.split("\n")[0]}`;
}

/**
 * Loads tfjs-node or tfjs-node-gpu, which registers the "tensorflow" backend on our one tfjs
 * engine, and switches to it. tfjs-node-gpu is only loaded when a GPU is visible: loaded without
 * one it silently runs on the CPU and prints CUDA errors.
 */
export async function startTfjsNode(pkg: TfjsNodePackage): Promise<StartedBackend> {
  if (installedName(pkg) !== pkg) throw new BackendUnavailable("not installed");
  if (pkg === "@tensorflow/tfjs-node-gpu" && !nvidiaGpuVisible()) {
    throw new BackendUnavailable("no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent)");
  }
  try {
    require(pkg);
  } catch (error) {
    throw new BackendUnavailable(explainLoadFailure(pkg, error));
  }
  if (!(await tf.setBackend("tensorflow"))) {
    throw new BackendUnavailable("its \"tensorflow\" backend failed to initialise");
  }
  const version = (require(`${pkg}/package.json`) as { version: string }).version;
  const device = pkg === "@tensorflow/tfjs-node-gpu" ? gpuName() : cpuModel();
  return { device, details: [`${pkg}@${version}`] };
}

function gpuName(): string {
  try {
    const ids = fs.readdirSync("/proc/driver/nvidia/gpus");
    const info = fs.readFileSync(`/proc/driver/nvidia/gpus/${ids[0]}/information`, "utf8");
    return /Model:\s*(.+)/.exec(info)?.[1]?.trim() ?? "NVIDIA GPU";
  } catch {
    return "NVIDIA GPU";
  }
}
