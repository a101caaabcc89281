import { startCpu } from "./cpu.js";
import { BackendUnavailable, startTfjsNode } from "./tfjs_node.js";
import { backendNames, type BackendInfo, type BackendName, type StartedBackend } from "./types.js";
import { startWasm } from "./wasm.js";
import { startWebGpu } from "./webgpu_node.js";

/** Starts one backend; `forced` lets WebGPU accept a software adapter. */
export function startBackend(name: BackendName, forced: boolean): Promise<StartedBackend> {
  switch (name) {
    case "tfjs-node-gpu":
      return startTfjsNode("@tensorflow/tfjs-node-gpu");
    case "webgpu":
      return startWebGpu(forced);
    case "tfjs-node":
      return startTfjsNode("@tensorflow/tfjs-node");
    case "wasm":
      return startWasm();
    case "cpu":
      return startCpu();
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof BackendUnavailable) return error.message;
  return `failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
}

/**
 * Tries the backends best first and keeps the first that starts. With `forced`, only that
 * backend is tried, and its failure is an error (the user asked for it by name).
 */
export async function chooseBackend(forced?: BackendName): Promise<BackendInfo> {
  if (forced) {
    try {
      const started = await startBackend(forced, true);
      return { name: forced, ...started, skipped: [] };
    } catch (error) {
      throw new Error(`backend "${forced}" cannot be used: ${reasonOf(error)}`);
    }
  }
  const skipped: BackendInfo["skipped"] = [];
  for (const name of backendNames) {
    try {
      const started = await startBackend(name, false);
      return { name, ...started, skipped };
    } catch (error) {
      skipped.push({ name, reason: reasonOf(error) });
    }
  }
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}`);
}
