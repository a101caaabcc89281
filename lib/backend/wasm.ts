import * as tf from "@tensorflow/tfjs";
import { cpuModel } from "./cpu_model.js";
import { nativeBlasStatus } from "./native/native_blas.js";
import { BackendUnavailable } from "./tfjs_node.js";
import type { StartedBackend } from "./types.js";
import { useThreadedWasm, wasmThreadsWanted } from "./wasm_threads.js";

interface WasmModule {
  tfjs: { getThreadsCount(): number };
}

/**
 * Starts tfjs-backend-wasm: its single-threaded SIMD build, or with `TSLAB_KERAS_WASM_THREADS`
 * (a count or `auto`) its threaded SIMD build, which tfjs itself turns off under Node (see
 * wasm_threads.ts). The thread count reported is the one XNNPACK actually runs; matrix products
 * and convolutions run in the native BLAS when its addon was built (kernels/register.ts).
 */
export async function startWasm(): Promise<StartedBackend> {
  require("@tensorflow/tfjs-backend-wasm");
  useThreadedWasm(wasmThreadsWanted());
  let ok: boolean;
  try {
    ok = await tf.setBackend("wasm");
  } catch (error) {
    throw new BackendUnavailable(`failed to initialise: ${(error as Error).message}`);
  }
  if (!ok) throw new BackendUnavailable("failed to initialise (see the error above)");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const wasm = (tf.backend() as unknown as { wasm: WasmModule }).wasm;
  const threads = wasm.tfjs.getThreadsCount();
  return {
    device: cpuModel(),
    details: [simd ? "SIMD" : "no SIMD", `${threads} ${threads === 1 ? "thread" : "threads"}`, nativeBlasStatus()],
  };
}
