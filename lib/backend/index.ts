/**
 * The tfjs backend a session runs on: chosen once at first use (best available first), or
 * forced by `TSLAB_KERAS_BACKEND` / `backend.use(name)`; our own kernels are registered on it.
 */
import * as tf from "@tensorflow/tfjs";
import { chooseBackend } from "./choose.js";
import { registerKernels } from "./kernels/register.js";
import { silenceCpuBanner } from "./quiet_cpu.js";
import { backendNames, isBackendName, type BackendInfo, type BackendName } from "./types.js";

export type { BackendInfo, BackendName } from "./types.js";
export { backendNames } from "./types.js";

const envVariable = "TSLAB_KERAS_BACKEND";

function validName(name: unknown, source: string): BackendName {
  if (!isBackendName(name)) {
    throw new Error(`${source} must be one of ${backendNames.join(", ")}; got ${JSON.stringify(name)}`);
  }
  return name;
}

let current: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;

async function start(forced: BackendName | undefined): Promise<BackendInfo> {
  silenceCpuBanner();
  registerKernels();
  const info = await chooseBackend(forced);
  current = info;
  return info;
}

function describe(info: BackendInfo): string {
  const details = info.details.length > 0 ? ` (${info.details.join(", ")})` : "";
  const skipped = info.skipped.length > 0
    ? `; skipped: ${info.skipped.map((s) => `${s.name} (${s.reason})`).join(", ")}`
    : "";
  return `backend: ${info.name}${details} on ${info.device}${skipped}`;
}

export const backend = {
  /**
   * Chooses and starts the backend on first call; later and concurrent calls share that result.
   * `TSLAB_KERAS_BACKEND` forces one by name.
   */
  ready(): Promise<BackendInfo> {
    if (!pending) {
      const fromEnv = process.env[envVariable];
      pending = Promise.resolve().then(() => start(fromEnv ? validName(fromEnv, envVariable) : undefined));
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  },

  /** Switches to the named backend (WebGPU accepts a software adapter here); errors if it cannot start. */
  async use(name: BackendName): Promise<BackendInfo> {
    const valid = validName(name, "backend.use(name)");
    const previous = pending;
    if (previous) await previous.catch(() => undefined);
    const next = start(valid);
    pending = next;
    try {
      return await next;
    } catch (error) {
      // The old backend stays in use when the forced one cannot start.
      pending = previous && current ? Promise.resolve(current) : null;
      if (current) await tf.setBackend(tfjsName(current.name));
      throw error;
    }
  },

  /** The running backend; throws until `ready()` or `use()` has resolved. */
  info(): BackendInfo {
    if (!current) throw new Error("backend.info(): no backend chosen yet; await backend.ready() first");
    return current;
  },

  /** One line naming the backend, its device, and why better ones were skipped. */
  describe(): string {
    return describe(backend.info());
  },
};

function tfjsName(name: BackendName): string {
  return name === "tfjs-node" || name === "tfjs-node-gpu" ? "tensorflow" : name;
}
