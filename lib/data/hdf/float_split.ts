import * as os from "node:os";
import * as path from "node:path";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { largeBuffer } from "../../backend/native/large_buffer.js";
import { nativeBlas, type NativeBlas } from "../../backend/native/native_blas.js";
import { splitFloat64Block } from "./raw_column.js";
import { CTRL, CTRL_LENGTH, RING_SLOTS, STATE, type SplitJob } from "./split_ring.js";

/**
 * Files smaller than this are read by one thread: a worker takes ~25 ms to start, about what
 * splitting 16 MiB of floats costs.
 */
export const PARALLEL_MIN_BYTES = 16 * 2 ** 20;

/** Float data below this is split by the reader alone, even with a helper at hand. */
const HELPED_MIN_BYTES = 8 * 2 ** 20;

/** The helper to give a split of `bytes` of floats, if it is worth the hand-over. */
export function helperFor(helper: SplitHelper | undefined, bytes: number): SplitHelper | undefined {
  return bytes >= HELPED_MIN_BYTES ? helper : undefined;
}

/**
 * How long a split waits for the helper to come up (it starts in ~25 ms on an idle machine, and the
 * reader has usually spent that long on the file's metadata by then). A helper not up by then means
 * a busy machine, where a second thread loses (measured at load 4-5 on 2 cores): split alone.
 */
const READY_WAIT_MS = 20;

/** No progress from the worker for this long means it died (its error events need the event loop). */
const STALL_MS = 60_000;

/**
 * A second thread for one readHdf call, started as soon as the file is known to be big so that it
 * is up by the time the float data is reached (meanwhile the reader opens the file and reads the
 * index). Splits are handed to it only once it has said it is ready; until then, or when it cannot
 * start at all, the reader splits alone.
 */
export class SplitHelper {
  private readonly worker: Worker;
  private readonly ready: Int32Array;
  private busy = false;
  private ring: SharedArrayBuffer | undefined;

  private constructor() {
    this.ready = new Int32Array(new SharedArrayBuffer(4));
    this.worker = new Worker(path.join(__dirname, "split_worker.js"), { workerData: { ready: this.ready.buffer } });
    this.worker.unref();
    // An error before or between jobs only means no help: the reader splits alone.
    this.worker.on("error", () => Atomics.store(this.ready, 0, -1));
  }

  /** A helper when the machine has a second core, the file is big enough to gain from it, and the split is not native. */
  static forFile(bytes: number): SplitHelper | undefined {
    // With the native split (and huge pages) one thread splits 80 MB in ~25 ms, and a worker's
    // share no longer pays for the ring copies it needs (measured: no faster, ~15 MB more RSS).
    if (bytes < PARALLEL_MIN_BYTES || os.availableParallelism() < 2 || nativeBlas()) return undefined;
    return SplitHelper.start();
  }

  /** Starts a helper whatever the file (tests), or undefined when no worker can start. */
  static start(): SplitHelper | undefined {
    try {
      return new SplitHelper();
    } catch {
      return undefined;
    }
  }

  /** Waits up to `ms` for the worker to come up; whether it is up. */
  whenReady(ms: number): boolean {
    if (Atomics.load(this.ready, 0) === 0) Atomics.wait(this.ready, 0, 0, ms);
    return Atomics.load(this.ready, 0) === 1;
  }

  /** Takes the helper for one split when it is free and up (waiting up to READY_WAIT_MS). */
  claim(): boolean {
    if (this.busy || !this.whenReady(READY_WAIT_MS)) return false;
    this.busy = true;
    return true;
  }

  /** Ends a split; after a failed one the worker is not trusted with another. */
  release(ok: boolean): void {
    this.busy = false;
    if (!ok) Atomics.store(this.ready, 0, -1);
  }

  ringOf(bytes: number): SharedArrayBuffer {
    if (!this.ring || this.ring.byteLength < bytes) this.ring = new SharedArrayBuffer(bytes);
    return this.ring;
  }

  post(job: SplitJob): void {
    this.worker.postMessage(job, [job.port]);
  }

  close(): void {
    this.worker.terminate().catch(() => undefined);
  }
}

export interface Float64SplitSpec {
  /** Rows of each column. */
  rows: number;
  /** Columns to make: float64 items `first` .. `first + columns - 1` of each row. */
  columns: number;
  first: number;
  /** float64 items per row of the slices. */
  stride: number;
  /** How many slices will be pushed, and the most bytes one holds. */
  slices: number;
  sliceBytes: number;
  /** The share of the columns the helper takes (it has no HDF5 reads to do). */
  helperShare: number;
}

/**
 * Splits row slices of float64 cells into one Float64Array per column, the last columns by the
 * helper thread when one is free: each thread then touches (page-faults in) and fills only its own
 * columns. Slices are pushed in order; finish() returns every column.
 */
export class Float64Split {
  private readonly columns: Float64Array[];
  private readonly own: Float64Array[];
  /** This thread's columns as bytes, for the native split (null without the addon). */
  private readonly ownBytes: Uint8Array | null;
  private readonly native: NativeBlas | null;
  private readonly ctrl?: Int32Array;
  private readonly ring?: SharedArrayBuffer;
  private readonly port?: MessagePort;
  private readonly slotBytes: number;
  private pushed = 0;
  private finished = false;
  private closed = false;

  constructor(
    private readonly spec: Float64SplitSpec,
    private readonly helper?: SplitHelper,
  ) {
    const { rows, columns, stride, slices, sliceBytes } = spec;
    this.slotBytes = Math.ceil(sliceBytes / 8) * 8;
    let theirs = Math.min(columns - 1, Math.round(columns * spec.helperShare));
    if (theirs < 1 || slices === 0 || !helper?.claim()) theirs = 0;
    // One allocation for every column, as pandas' block is one: V8 answers each large ArrayBuffer
    // with "external memory pressure" collections (~30 ms for ten 8 MB columns here), and one
    // buffer gets huge pages (largeBuffer). Shared when the worker fills its columns in place;
    // each thread first-touches only its own columns' pages.
    const store = theirs > 0 ? largeBuffer(columns * rows * 8, true) : largeBuffer(columns * rows * 8, false);
    this.columns = Array.from({ length: columns }, (_, j) => new Float64Array(store, j * rows * 8, rows));
    this.own = this.columns.slice(0, columns - theirs);
    this.native = nativeBlas();
    this.ownBytes = this.native ? new Uint8Array(store, 0, this.own.length * rows * 8) : null;
    if (theirs > 0) {
      this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_LENGTH * 4));
      this.ring = helper!.ringOf(RING_SLOTS * this.slotBytes);
      const channel = new MessageChannel();
      this.port = channel.port1;
      helper!.post({
        ctrl: this.ctrl.buffer as SharedArrayBuffer,
        ring: this.ring,
        slotBytes: this.slotBytes,
        out: store as SharedArrayBuffer,
        outColumn: columns - theirs,
        rows,
        columns: theirs,
        first: spec.first + columns - theirs,
        stride,
        slices,
        port: channel.port2,
      });
    }
  }

  /** Whether the helper thread makes part of the columns. */
  get helped(): boolean {
    return this.ctrl !== undefined;
  }

  /** Rows [at, at + rows) of the columns, from `bytes` (8-byte aligned, `rows` rows of `stride` items). */
  push(bytes: Uint8Array, rows: number, at: number): void {
    const ctrl = this.ctrl;
    if (ctrl) {
      const k = this.pushed;
      const slot = k % RING_SLOTS;
      this.waitFor(() => Atomics.load(ctrl, CTRL.consumed) > k - RING_SLOTS, CTRL.consumed);
      const n = Math.min(bytes.byteLength, rows * this.spec.stride * 8);
      if (n > this.slotBytes) throw new Error(`internal: a slice of ${n} bytes does not fit the split ring's ${this.slotBytes}`);
      new Uint8Array(this.ring!, slot * this.slotBytes, n).set(bytes.subarray(0, n));
      ctrl[CTRL.slotRows + 2 * slot] = rows;
      ctrl[CTRL.slotRows + 2 * slot + 1] = at;
      Atomics.store(ctrl, CTRL.produced, k + 1);
      Atomics.notify(ctrl, CTRL.produced);
    }
    this.pushed++;
    // Natively when the addon is built (2–3× the JIT's speed on this strided copy).
    if (this.native && this.ownBytes && bytes.byteOffset % 8 === 0) {
      this.native.splitFloat64Rows(bytes, this.ownBytes, this.spec.rows, this.spec.stride, rows, at, this.spec.first, this.own.length);
    } else {
      splitFloat64Block(this.own, bytes, this.spec.stride, rows, at, this.spec.first);
    }
  }

  /**
   * Whether the rest of the rows can be read straight from the file (pushFromFile): this thread
   * makes every column, with the native addon.
   */
  get canReadFile(): boolean {
    return this.native !== null && this.ownBytes !== null && this.ctrl === undefined;
  }

  /**
   * Rows [at, at + rows) of the columns, read from `fd` at byte `position` by the addon on up to
   * `threads` threads (contiguous rows of `spec.stride` float64). Counts as every slice still to come.
   */
  pushFromFile(fd: number, position: number, rows: number, at: number, threads: number): void {
    if (!this.canReadFile) throw new Error("internal: pushFromFile needs the native addon and no helper thread");
    this.native!.splitFloat64FileRows(fd, position, this.ownBytes!, this.spec.rows, this.spec.stride, rows, at, this.spec.first, this.own.length, threads);
    this.pushed = this.spec.slices;
  }

  /** Every column in order, once all `spec.slices` slices are pushed. */
  finish(): Float64Array[] {
    if (!this.ctrl) return this.columns;
    const ctrl = this.ctrl;
    try {
      if (this.pushed !== this.spec.slices) throw new Error(`internal: ${this.pushed} of ${this.spec.slices} slices pushed`);
      this.waitFor(() => Atomics.load(ctrl, CTRL.state) !== STATE.running, CTRL.state);
      if (Atomics.load(ctrl, CTRL.state) !== STATE.done) {
        const why = receiveMessageOnPort(this.port!)?.message;
        throw new Error(`the split worker failed: ${typeof why === "string" ? why : "it stopped before the end"}`);
      }
      this.finished = true;
      return this.columns;
    } finally {
      this.close(this.finished);
    }
  }

  /** Stops the helper's part (after a failed read): it goes back to waiting for work. */
  abort(): void {
    if (!this.ctrl || this.finished) return;
    const was = Atomics.compareExchange(this.ctrl, CTRL.state, STATE.running, STATE.aborted);
    Atomics.notify(this.ctrl, CTRL.produced);
    this.close(was === STATE.running);
  }

  private close(ok: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.port?.close();
    this.helper?.release(ok);
  }

  /** Blocks until `done()`, waking on changes of ctrl[index]; throws when the worker stops moving. */
  private waitFor(done: () => boolean, index: number): void {
    const ctrl = this.ctrl!;
    let last = Atomics.load(ctrl, CTRL.consumed);
    let since = Date.now();
    while (!done()) {
      if (Atomics.load(ctrl, CTRL.state) === STATE.failed) {
        const why = receiveMessageOnPort(this.port!)?.message;
        throw new Error(`the split worker failed: ${typeof why === "string" ? why : "no reason given"}`);
      }
      Atomics.wait(ctrl, index, Atomics.load(ctrl, index), 100);
      const now = Atomics.load(ctrl, CTRL.consumed);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        Atomics.store(ctrl, CTRL.state, STATE.aborted);
        throw new Error(`the split worker made no progress for ${STALL_MS / 1000} s`);
      }
    }
  }
}
