import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

/** The part of tfjs-backend-wasm's package this file uses. */
interface WasmPackage {
  BackendWasm: new (module: unknown) => tf.KernelBackend;
  setThreadsCount(count: number): void;
}

interface EmscriptenModule {
  PThread: { runningWorkers: { unref(): void }[] };
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => unknown;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The WebAssembly API we call (the project's TypeScript lib has no DOM/WebAssembly types). */
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const threadsVariable = "TSLAB_KERAS_WASM_THREADS";

/**
 * One thread unless asked: on the shared 2-core machine where this was measured, the threaded
 * build lost on most training benchmarks (bench/RESULTS.md "train"); flip this once a quiet
 * multi-core measurement says otherwise.
 */
const defaultThreads = "1";

/**
 * Threads the wasm backend should use: `TSLAB_KERAS_WASM_THREADS` (a count, or `auto` for one
 * per logical core). 1 keeps tfjs's single-threaded SIMD build, which starts no workers at all.
 */
export function wasmThreadsWanted(): number {
  const wanted = process.env[threadsVariable] || defaultThreads;
  if (wanted === "auto") return os.availableParallelism();
  const count = Number(wanted);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`${threadsVariable} must be "auto" or a whole number of threads ≥ 1; got ${JSON.stringify(wanted)}`);
  }
  return count;
}

/**
 * Loads the threaded SIMD build from its real files rather than through tfjs's init(), which
 * gives Emscripten a blob: URL for the pthread script and a Blob as the main script: Node's
 * worker_threads refuses the first (ERR_WORKER_PATH) and the worker's importScripts (readFileSync)
 * cannot read the second. Loaded from wasm-out/, Emscripten's own defaults already name the real
 * main script and .wasm beside it; only the pthread script needs our file
 * (wasm_pthread_worker.ts). Emscripten unrefs each worker once loaded, so they never keep a
 * process alive.
 *
 * tfjs caps XNNPACK's pool at half of `emscripten_num_logical_cores()` (it assumes two
 * hyperthreads per core), read once when the module starts; we answer that import with twice
 * the threads wanted, so `threads` is what runs (tfjs still caps it at 8, the workers it preallocates).
 */
async function instantiateThreaded(threads: number): Promise<EmscriptenModule> {
  const packageDir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
  const outDir = path.join(packageDir, "wasm-out");
  const factory = require(path.join(outDir, "tfjs-backend-wasm-threaded-simd.js")) as Factory;
  const workerFile = path.join(__dirname, "wasm_pthread_worker.js");
  const listenersBefore = {
    uncaughtException: process.listeners("uncaughtException"),
    unhandledRejection: process.listeners("unhandledRejection"),
  };
  let failInstantiation: (error: unknown) => void = () => undefined;
  const instantiationFailed = new Promise<never>((_, reject) => (failInstantiation = reject));
  try {
    const module = await Promise.race([
      factory({
        locateFile: (file: string, prefix: string) => (file.endsWith(".worker.js") ? workerFile : prefix + file),
        instantiateWasm: (
          imports: { env: Record<string, unknown> },
          receiveInstance: (instance: object, module: object) => void,
        ) => {
          imports.env["emscripten_num_logical_cores"] = () => 2 * threads;
          webAssembly.instantiate(fs.readFileSync(path.join(outDir, "tfjs-backend-wasm-threaded-simd.wasm")), imports)
            .then((result) => receiveInstance(result.instance, result.module), failInstantiation);
          return {};
        },
      }),
      instantiationFailed,
    ]);
    // The same wrappers tfjs's init() adds; BackendWasm and every wasm kernel call these.
    Object.assign(module, {
      tfjs: {
        init: module.cwrap("init", null, []),
        initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
        getThreadsCount: module.cwrap("get_threads_count", "number", []),
        registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
        disposeData: module.cwrap("dispose_data", null, ["number"]),
        dispose: module.cwrap("dispose", null, []),
      },
    });
    return module;
  } finally {
    // Emscripten's Node prologue adds listeners that rethrow every uncaught exception and
    // rejection, which would turn one failed notebook cell into a dead kernel.
    const emitter = process as unknown as { listeners(event: string): Function[]; removeListener(event: string, listener: Function): void };
    for (const event of ["uncaughtException", "unhandledRejection"] as const) {
      for (const listener of emitter.listeners(event)) {
        if (!(listenersBefore[event] as Function[]).includes(listener)) emitter.removeListener(event, listener);
      }
    }
  }
}

/**
 * Makes the next `tf.setBackend("wasm")` start the threaded build with `threads` threads. Does
 * nothing once a wasm backend exists (tfjs keeps one instance per process) or for one thread.
 */
export function useThreadedWasm(threads: number): void {
  if (threads <= 1 || tf.findBackend("wasm")) return;
  const wasmPackage = require("@tensorflow/tfjs-backend-wasm") as WasmPackage;
  wasmPackage.setThreadsCount(threads);
  const priority = tf.engine().registryFactory["wasm"]?.priority ?? 2;
  tf.removeBackend("wasm");
  tf.registerBackend("wasm", async () => {
    const module = await instantiateThreaded(threads);
    const backend = new wasmPackage.BackendWasm(module);
    // The constructor starts XNNPACK's pool; Emscripten refs a worker while its pthread runs,
    // and pool threads run (parked) for good, so without this no script would ever exit.
    for (const worker of module.PThread.runningWorkers) worker.unref();
    return backend;
  }, priority);
}
