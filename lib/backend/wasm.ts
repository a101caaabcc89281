import * as tf from "@tensorflow/tfjs";
import { cpuModel } from "./cpu_model.js";
import { BackendUnavailable } from "./tfjs_node.js";
import type { StartedBackend } from "./types.js";

interface WasmModule {
  tfjs: { getThreadsCount(): number };
}

/**
 * Starts tfjs-backend-wasm. tfjs picks the SIMD build in Node; its threaded build is disabled in
 * Node by tfjs itself (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE), and forcing the flag
 * fails: Emscripten hands worker_threads a blob: URL, which Node rejects (ERR_WORKER_PATH). So the
 * thread count reported here is what actually runs.
 */
export async function startWasm(): Promise<StartedBackend> {
  require("@tensorflow/tfjs-backend-wasm");
  let ok: boolean;
  try {
    ok = await tf.setBackend("wasm");
  } catch (error) {
    throw new BackendUnavailable(`failed to initialise: ${(error as Error).message}`);
  }
  if (!ok) throw new BackendUnavailable("failed to initialise (see the error above)");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threaded = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  const wasm = (tf.backend() as unknown as { wasm: WasmModule }).wasm;
  const threads = wasm.tfjs.getThreadsCount();
  return {
    device: cpuModel(),
    details: [simd ? "SIMD" : "no SIMD", `${threads} ${threads === 1 ? "thread" : "threads"}${threaded ? "" : " (no threaded build in Node)"}`],
  };
}
