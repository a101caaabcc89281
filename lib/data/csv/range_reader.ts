import { CsvRecords, recordStartAtOrAfter } from "./csv_records.js";
import { ColumnBuilder, type ColumnPart, type CsvDtype } from "./column_builder.js";
import { readRows } from "./read_rows.js";

/**
 * The rest of a file split into byte ranges that threads (the calling thread and workers) claim
 * one at a time, so a worker that starts late or runs slow just takes fewer. Everything in it
 * crosses to workers by structured clone; the SharedArrayBuffers are shared, not copied.
 */
export interface RangeJob {
  fd: number;
  size: number;
  delimiter: number;
  quote: number;
  ncols: number;
  /** Per column of the file: null when not read in ranges, else its name, dtype and storage. */
  columns: ({ name: string; forced: CsvDtype | undefined; storage: SharedArrayBuffer } | null)[];
  na: string[];
  /**
   * Range i holds the records that start in [recordStartAtOrAfter(splits[i]),
   * recordStartAtOrAfter(splits[i + 1])); splits[0] is a record start, the last split the size.
   */
  splits: number[];
  /** Range i's room in every column's storage: `rooms[i]` values from value `offsets[i]`. */
  offsets: number[];
  rooms: number[];
  /** Int32 [next range, abort flag], then per thread Float64 [bytes read, rows read] from byte 8. */
  control: SharedArrayBuffer;
  /** Int32 per range: 1 + the thread that claimed it (0 until claimed). */
  owners: SharedArrayBuffer;
  /** BigInt64 per range: where it began, then (from n) where it stopped; -1 until known. */
  bounds: SharedArrayBuffer;
}

export interface RangeResult {
  index: number;
  /** Where the range began, and where the record after its last one starts (see readRanges). */
  start: number;
  stop: number;
  rows: number;
  parts: (ColumnPart | null)[];
}

export type RangeOutcome = { ok: true; results: RangeResult[] } | { ok: false; reason: string };

class Aborted extends Error {}

/**
 * Reads ranges of `job` until none is left (or another thread aborted). A range's start was found
 * from newlines alone (recordStartAtOrAfter), so it may lie inside a quoted field: each result
 * says where the range stopped, and the caller checks that every range stopped exactly where the
 * next one began (then every start was a real record start, by induction from the first, which
 * is one). Threads also check neighbours as they go (`bounds`), so a file whose quoted fields
 * hold newlines is given up within a range or two, not after a whole wasted pass. Any error
 * aborts every thread (it may come from a wrong start); the caller then reads the file in one
 * thread, which gives the exact message.
 */
export function readRanges(job: RangeJob, thread: number, records: CsvRecords, onRange?: () => void): RangeOutcome {
  const control = new Int32Array(job.control, 0, 2);
  const progress = new Float64Array(job.control, 8 + 16 * thread, 2);
  const owners = new Int32Array(job.owners);
  const na = new Set(job.na);
  const ranges = job.splits.length - 1;
  const bounds = new BigInt64Array(job.bounds);
  // Each side stores its own bound before loading the other's (sequentially consistent atomics),
  // so of two neighbours at least the one that finishes last sees both.
  const agree = (stopIndex: number, startIndex: number) => {
    const stop = Atomics.load(bounds, ranges + stopIndex);
    const start = Atomics.load(bounds, startIndex);
    if (stop >= 0n && start >= 0n && stop !== start) throw new Error("a byte range began inside a quoted field");
  };
  const results: RangeResult[] = [];
  const checkAbort = () => {
    if (Atomics.load(control, 1) !== 0) throw new Aborted();
  };
  try {
    for (;;) {
      checkAbort();
      const i = Atomics.add(control, 0, 1);
      if (i >= ranges) break;
      Atomics.store(owners, i, thread + 1);
      const start = i === 0 ? job.splits[0] : recordStartAtOrAfter(job.fd, job.splits[i], job.size);
      const end = i + 1 === ranges ? job.size : recordStartAtOrAfter(job.fd, job.splits[i + 1], job.size);
      Atomics.store(bounds, i, BigInt(start));
      if (i > 0) agree(i - 1, i);
      const rooms = job.columns.map((c) => c && new Float64Array(c.storage, job.offsets[i] * 8, job.rooms[i]));
      const cols = job.columns.map((c, j) => {
        if (c === null) return null;
        const b = new ColumnBuilder(c.name, c.forced, na, 0);
        b.moveTo(rooms[j]!);
        return b;
      });
      let rows = 0;
      let stop = start;
      if (start < end) {
        records.reset(start, end);
        rows = readRows(records, cols, job.ncols, Infinity, false, 0, checkAbort);
        stop = records.position;
      }
      Atomics.store(bounds, ranges + i, BigInt(stop));
      if (i + 1 < ranges) agree(i, i + 1);
      results.push({ index: i, start, stop, rows, parts: cols.map((c, j) => c && c.part(rooms[j]!)) });
      progress[0] += end - start;
      progress[1] += rows;
      onRange?.();
    }
  } catch (e) {
    Atomics.store(control, 1, 1);
    if (e instanceof Aborted) return { ok: false, reason: "aborted" };
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, results };
}

/** Bytes and rows read so far by all `threads` of a job. */
export function rangeProgress(job: RangeJob, threads: number): { bytes: number; rows: number } {
  const p = new Float64Array(job.control, 8, 2 * threads);
  let bytes = 0;
  let rows = 0;
  for (let t = 0; t < threads; t++) {
    bytes += p[2 * t];
    rows += p[2 * t + 1];
  }
  return { bytes, rows };
}

/**
 * The threads that read ranges of a job, once the caller has run out of ranges to claim: a worker
 * still starting up by then claims none, and need not be waited for. Undefined if a claimed range
 * stays unmarked for seconds (its thread died between its two atomic steps): wait for them all.
 */
export function rangeOwners(job: RangeJob): Set<number> | undefined {
  const owners = new Int32Array(job.owners);
  const out = new Set<number>();
  const deadline = Date.now() + 5000;
  for (let i = 0; i < owners.length; i++) {
    // Claimed (the counter is past every range) but not yet marked: the claiming thread is
    // between its two atomic steps; wait for it (a descheduled thread may take a moment).
    while (Atomics.load(owners, i) === 0) {
      if (Date.now() > deadline) return undefined;
      Atomics.wait(owners, i, 0, 1);
    }
    out.add(owners[i] - 1);
  }
  return out;
}
