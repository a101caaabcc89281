/**
 * The native kernels' addon (blas_kernels.c), loaded once if it was built and not turned off
 * with `TSLAB_KERAS_NATIVE_BLAS=0`. Everything here is optional: without it the wasm backend
 * runs XNNPACK's kernels.
 */
import { existsSync, readFileSync } from "node:fs";
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
  /** training_kernels.c: Keras's Adam step in one pass; vHat/newVHat −1 without amsgrad. */
  adam(
    heap: Uint8Array, value: number, m: number, v: number, vHat: number, grad: number,
    newValue: number, newM: number, newV: number, newVHat: number,
    size: number, alpha: number, oneMinusBeta1: number, oneMinusBeta2: number, epsilon: number,
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

/**
 * The OpenBLAS kernel set for this CPU, read from its instruction-set flags: what OpenBLAS's own
 * detection picks on the CPUs it knows (Cooperlake for AVX-512 with bf16, SkylakeX for AVX-512,
 * Haswell or Zen for AVX2). Its detection goes by CPU model number, and Debian's 0.3.21 does not
 * know newer ones: on an Emerald Rapids Xeon (family 6, model 207) it fell back to Prescott's SSE
 * kernels, 30 GFLOP/s on one thread where Cooperlake's gave 144 (bench/RESULTS.md). Undefined when
 * the flags cannot be read or name none of these.
 */
export function openBlasCoreType(cpuinfo = readCpuinfo()): string | undefined {
  const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.split(/\s+/) ?? []);
  const amd = /^vendor_id\s*:\s*AuthenticAMD$/m.test(cpuinfo);
  if (["avx512f", "avx512bw", "avx512vl", "avx512dq"].every((f) => flags.has(f))) return flags.has("avx512_bf16") ? "Cooperlake" : "SkylakeX";
  if (flags.has("avx2") && flags.has("fma")) return amd ? "Zen" : "Haswell";
  return undefined;
}

function readCpuinfo(): string {
  try {
    return readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
}

function load(): { blas: NativeBlas | null; reason: string } {
  if (process.env.TSLAB_KERAS_NATIVE_BLAS === "0") return { blas: null, reason: "turned off by TSLAB_KERAS_NATIVE_BLAS=0" };
  if (!existsSync(addonPath)) return { blas: null, reason: "not built (needs a C compiler and libopenblas-dev at install)" };
  // OpenBLAS reads OPENBLAS_CORETYPE once, when the addon loads it; a user's own setting wins, and
  // ours is removed again so that child processes (a PyTorch peer, say) choose for themselves.
  const chosen = process.env.OPENBLAS_CORETYPE === undefined ? openBlasCoreType() : undefined;
  if (chosen) process.env.OPENBLAS_CORETYPE = chosen;
  try {
    return { blas: require(addonPath) as NativeBlas, reason: "" };
  } catch (error) {
    return { blas: null, reason: `failed to load: ${(error as Error).message.split("\n")[0]}` };
  } finally {
    if (chosen) delete process.env.OPENBLAS_CORETYPE;
  }
}

/** The addon, or null (see `nativeBlasStatus()` for why). */
export function nativeBlas(): NativeBlas | null {
  loaded ??= load();
  return loaded.blas;
}

/** For the backend's description: "native BLAS (OpenBLAS 0.3.21, Cooperlake kernels, 2 threads)" or why it is off. */
export function nativeBlasStatus(): string {
  const blas = nativeBlas();
  if (!blas) return `native BLAS off: ${loaded!.reason}`;
  const { threads, config } = blas.info();
  const words = config.trim().split(/\s+/);
  // openblas_get_config(): "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"
  const core = words.slice(2).find((w) => /^[A-Z][A-Za-z0-9]+$/.test(w) && !w.includes("_"));
  return `native BLAS (${words.slice(0, 2).join(" ")}${core ? `, ${core} kernels` : ""}, ${threads} ${threads === 1 ? "thread" : "threads"})`;
}
