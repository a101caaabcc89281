/**
 * Entry file of one pthread of tfjs-backend-wasm's threaded build under Node. tfjs ships the
 * pthread script only as a string (wasm-out/*.worker.js exports `wasmWorkerContents`) and hands
 * it to Emscripten as a blob: URL, which Node's worker_threads refuses; this file is the real path
 * we give Emscripten instead. The script expects CommonJS's `require` and `__filename` in scope,
 * and its "\n" escapes arrive as real newlines (it was a template literal), which tfjs re-escapes too.
 */
import * as path from "node:path";

const packageDir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
const { wasmWorkerContents } = require(path.join(packageDir, "wasm-out", "tfjs-backend-wasm-threaded-simd.worker.js")) as {
  wasmWorkerContents: string;
};
new Function("require", "__filename", wasmWorkerContents.replace(/\n/g, "\\n"))(require, __filename);
