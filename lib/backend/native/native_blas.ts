/**
 * The native kernels' addon (blas_kernels.c), loaded once if it was built and not turned off
 * with `TSLAB_KERAS_NATIVE_BLAS=0`. Everything here is optional: without it the wasm backend
 * runs XNNPACK's kernels.
 */
import { existsSync } from "node:fs";
import { addonPath } from "./native_paths.js";

/** Offsets are byte offsets into `heap`, the wasm memory; 0 means "none" for bias. */
export interface NativeBlas {
  matMul(
    heap: Uint8Array, a: number, b: number, out: number, batchA: number, batchB: number,
    m: number, n: number, k: number, transposeA: number, transposeB: number,
    bias: number, activation: number, alpha: number,
  ): void;
  conv2d(heap: Uint8Array, x: number, filter: number, out: number, bias: number, activation: number, alpha: number, ...geometry: number[]): void;
  conv2dBackpropFilter(heap: Uint8Array, x: number, dy: number, dw: number, ...geometry: number[]): void;
  conv2dBackpropInput(heap: Uint8Array, dy: number, filter: number, dx: number, ...geometry: number[]): void;
  /** lstm_sequence.c: a whole LSTM sequence forward, and its backward (BPTT). */
  lstmSequence(heap: Uint8Array, ...offsetsAndSizes: number[]): void;
  lstmSequenceGrad(heap: Uint8Array, ...offsetsAndSizes: number[]): void;
  maxPoolGrad(heap: Uint8Array, dy: number, x: number, dx: number, ...geometry: number[]): void;
  sumRows(heap: Uint8Array, x: number, out: number, rows: number, cols: number): void;
  adam(
    heap: Uint8Array, value: number, m: number, v: number, grad: number, newValue: number, newM: number, newV: number,
    size: number, learningRate: number, beta1: number, beta2: number, epsilon: number,
    oneMinusBeta1: number, oneMinusBeta2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number,
  ): void;
  /** memory.c: transparent huge pages for an untouched buffer's 2 MiB-aligned interior; whether granted. */
  adviseHugePages(view: Uint8Array): boolean;
  /** memory.c: a zeroed, huge-page-advised ArrayBuffer outside V8's heap accounting (freed when collected). */
  hugePageBuffer(bytes: number): ArrayBuffer;
  /** split_rows.c: rows of float64 items into `items` consecutive columns of `dst` (readHdf's transpose). */
  splitFloat64Rows(src: Uint8Array, dst: Uint8Array, columnLength: number, stride: number, rows: number, at: number, first: number, items: number): void;
  /** The same, the rows read straight from the open file `fd` at byte `position`, on up to `threads` threads. */
  splitFloat64FileRows(fd: number, position: number, dst: Uint8Array, columnLength: number, stride: number, rows: number, at: number, first: number, items: number, threads: number): void;
  /** narrow_int64.c: little-endian int64 cells (every `stride` bytes from `offset`) into dst[at..] while they fit int32; rows copied. */
  narrowInt64Rows(src: Uint8Array, dst: Int32Array, stride: number, offset: number, rows: number, at: number): number;
  info(): { threads: number; config: string };
  setThreads(threads: number): void;
}

let loaded: { blas: NativeBlas | null; reason: string } | null = null;

function load(): { blas: NativeBlas | null; reason: string } {
  if (process.env.TSLAB_KERAS_NATIVE_BLAS === "0") return { blas: null, reason: "turned off by TSLAB_KERAS_NATIVE_BLAS=0" };
  if (!existsSync(addonPath)) return { blas: null, reason: "not built (needs a C compiler and libopenblas-dev at install)" };
  try {
    return { blas: require(addonPath) as NativeBlas, reason: "" };
  } catch (error) {
    return { blas: null, reason: `failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The addon, or null (see `nativeBlasStatus()` for why). */
export function nativeBlas(): NativeBlas | null {
  loaded ??= load();
  return loaded.blas;
}

/** For the backend's description: "native BLAS (OpenBLAS 0.3.21 …, 2 threads)" or why it is off. */
export function nativeBlasStatus(): string {
  const blas = nativeBlas();
  if (!blas) return `native BLAS off: ${loaded!.reason}`;
  const { threads, config } = blas.info();
  return `native BLAS (${config.trim().split(" ").slice(0, 2).join(" ")}, ${threads} ${threads === 1 ? "thread" : "threads"})`;
}
