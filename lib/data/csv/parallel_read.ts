import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { CsvRecords } from "./csv_records.js";
import type { ColumnBuilder } from "./column_builder.js";
import { rangeOwners, readRanges, rangeProgress, type RangeJob, type RangeOutcome, type RangeResult } from "./range_reader.js";

/** Bytes per range: small enough that threads finish within a few ms of each other. */
const RANGE_BYTES = 2 ** 20;
/** Room per range beyond the rows its bytes should hold at the sampled bytes per row. */
const ROOM_SLACK = 1.02;

/**
 * Worker threads for one parallel readCsv, started as soon as the file is known to be big (a
 * worker takes tens of milliseconds to start; meanwhile the calling thread reads the header and
 * the first rows, and the ranges it claims before a worker is ready are simply not the worker's).
 */
export class CsvWorkers {
  private readonly workers: Worker[] = [];
  private readonly outcomes: Promise<RangeOutcome>[] = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(path.join(__dirname, "csv_worker.js"));
      this.outcomes.push(
        new Promise<RangeOutcome>((resolve) => {
          w.once("message", (m: RangeOutcome) => resolve(m));
          w.once("error", (e: Error) => resolve({ ok: false, reason: `worker thread failed: ${e.message}` }));
          w.once("exit", (code) => resolve({ ok: false, reason: `worker thread exited with code ${code}` }));
        }),
      );
      this.workers.push(w);
    }
  }

  get count(): number {
    return this.workers.length;
  }

  /** Hands the job to every worker; their outcomes, by thread (1 = the first worker). */
  run(job: RangeJob): Promise<RangeOutcome>[] {
    this.workers.forEach((w, i) => w.postMessage({ job, thread: i + 1 }));
    return this.outcomes;
  }

  /** Stops the workers and waits until they have (they read the caller's file descriptor). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface ParallelRest {
  fd: number;
  size: number;
  delimiter: number;
  quote: number;
  ncols: number;
  /** The builders after the first rows (all of the same length, `rowsSoFar`). */
  builders: (ColumnBuilder | null)[];
  na: Set<string>;
  rowsSoFar: number;
  /** Bytes per row of the first rows, to size each range's room. */
  bytesPerRow: number;
  onProgress?: (bytes: number, rows: number) => void;
}

/**
 * Reads the rest of the file after `records`' position (a record start) with the calling thread
 * and `workers`, and appends it to the numeric builders; columns that are text (or forced to a
 * text dtype) are left for the caller's text pass. Each numeric column gets one shared storage
 * with a room per range, sized from the bytes per row; the ranges' values are then moved down in
 * place, so the column exists once. Returns the rows read, or undefined when the file must be
 * read in one thread instead (a range split inside a quoted field that holds a newline, a
 * malformed record or a worker failure): then the builders hold the first rows still (moved into the shared storage; columns
 * forced to text are left for the text pass) and `records` is back where it was, so the caller
 * can go on from there.
 */
export async function readRestInParallel(workers: CsvWorkers, records: CsvRecords, a: ParallelRest): Promise<number | undefined> {
  if (!a.builders.some((c) => c?.mode === "number")) return undefined;
  const start = records.consumed;
  const line = records.nextLineNumber;
  const rest = a.size - start;
  if (rest <= 0) return 0;
  const threads = workers.count + 1;
  const n = Math.min(4096, Math.max(threads, Math.ceil(rest / RANGE_BYTES)));
  const splits = Array.from({ length: n + 1 }, (_, i) => (i === n ? a.size : start + Math.floor((rest * i) / n)));
  const offsets: number[] = [];
  const rooms: number[] = [];
  let at = a.rowsSoFar;
  for (let i = 0; i < n; i++) {
    // + 16: a range also holds the record that straddles its end split.
    const room = Math.ceil(((splits[i + 1] - splits[i]) / Math.max(1, a.bytesPerRow)) * ROOM_SLACK) + 16;
    offsets.push(at);
    rooms.push(room);
    at += room;
  }
  const columns = a.builders.map((c) => (c !== null && c.mode === "number" ? { name: c.name, forced: c.forced, storage: new SharedArrayBuffer(at * 8) } : null));
  a.builders.forEach((c, j) => {
    const s = columns[j]?.storage;
    if (s) c!.moveTo(new Float64Array(s));
    // A column forced to a text dtype is read in the caller's text pass, like inferred text.
    else if (c !== null && c.mode === "text") c.mode = "reread";
  });
  const job: RangeJob = {
    fd: a.fd,
    size: a.size,
    delimiter: a.delimiter,
    quote: a.quote,
    ncols: a.ncols,
    columns,
    na: [...a.na],
    splits,
    offsets,
    rooms,
    control: new SharedArrayBuffer(8 + 16 * threads),
    owners: new SharedArrayBuffer(4 * n),
    bounds: new SharedArrayBuffer(16 * n),
  };
  new BigInt64Array(job.bounds).fill(-1n);
  const theirs = workers.run(job);
  const onRange = () => {
    const p = rangeProgress(job, threads);
    a.onProgress?.(start + p.bytes, a.rowsSoFar + p.rows);
  };
  const mine = readRanges(job, 0, records, onRange);
  // Only the workers that took ranges are waited for. After an abort every worker is: one may
  // have claimed a range just before it and must stop writing into the storage before this
  // thread goes on writing there itself.
  const owners = (mine.ok && rangeOwners(job)) || new Set(theirs.map((_, t) => t + 1));
  const outcomes = [mine, ...(await Promise.all(theirs.filter((_, t) => owners.has(t + 1))))];
  const results: RangeResult[] = [];
  for (const o of outcomes) if (o.ok) results.push(...o.results);
  results.sort((x, y) => x.index - y.index);
  // Each range must have stopped where the next began (else a start was inside a quoted field).
  const consistent = outcomes.every((o) => o.ok) && results.every((r, i) => (i === 0 ? r.start === start : r.start === results[i - 1].stop)) && results[n - 1]?.stop === a.size;
  if (!consistent) {
    records.reset(start, Infinity, line);
    return undefined;
  }
  if (results.length !== n) throw new Error(`internal: ${results.length} of ${n} byte ranges were read`);
  a.builders.forEach((c, j) => {
    const s = columns[j]?.storage;
    if (!c || !s) return;
    c.appendParts(
      results.map((r) => r.parts[j]!),
      results.map((r) => new Float64Array(s, offsets[r.index] * 8, rooms[r.index])),
    );
  });
  let rows = 0;
  for (const r of results) rows += r.rows;
  return rows;
}
