import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DataFrame } from "danfojs-node";
import { attachTypedColumns, type ColumnMeta, type TypedColumn } from "./typed_columns.js";
import { lazyDataFrame } from "./lazy_data_frame.js";
import { CsvRecords } from "./csv/csv_records.js";
import { ColumnBuilder, type CsvDtype } from "./csv/column_builder.js";
import { PANDAS_NA_VALUES } from "./csv/na_values.js";
import { CsvProgress } from "./csv/csv_progress.js";
import { readRows } from "./csv/read_rows.js";
import { CsvWorkers, readRestInParallel } from "./csv/parallel_read.js";
import { frameColumn } from "./hdf/to_typed_columns.js";

export type { CsvDtype } from "./csv/column_builder.js";

export interface ReadCsvOptions {
  /** Row (0-based, after blank lines) holding the column names, or null for none (pandas `header`). Default 0. */
  header?: number | null;
  /** Column names to use (pandas `names`); with a header row, they replace it. */
  names?: string[];
  /** Field separator, one character (pandas `sep`/`delimiter`). Default ",". */
  delimiter?: string;
  /** Quote character, one character. Default '"'. */
  quotechar?: string;
  /** Per-column dtype; columns not named are inferred (int / float / bool / datetime / string). */
  dtype?: Record<string, CsvDtype>;
  /** Columns to keep, by name or 0-based position (pandas `usecols`), in file order. */
  usecols?: (string | number)[];
  /** Read at most this many data rows (pandas `nrows`). */
  nrows?: number;
  /** Extra missing-value markers, added to pandas' defaults unless `keepDefaultNa` is false. */
  naValues?: string[];
  keepDefaultNa?: boolean;
  /** Show progress: true/false, or the default "auto" (files over 50 MB). */
  progress?: boolean | "auto";
  /**
   * Threads that parse the file (this one plus worker threads), each a byte range at a time.
   * Default: the machine's cores (at most 4) for files over 32 MB, else 1. Reads with `nrows`
   * use one thread, and so does the rest of a file where a range was cut inside a quoted field
   * holding a newline.
   */
  threads?: number;
}

const PROGRESS_BYTES = 50 * 2 ** 20;
const SAMPLE_ROWS = 4096;
// Below this a worker's start-up (~20-40 ms of CPU, and a cold JIT) costs about what it saves.
const PARALLEL_BYTES = 32 * 2 ** 20;
// Each worker thread adds ~10 MB of RSS (its own V8 heap); four threads already read a file
// several times faster than pandas' single-threaded parser.
const MAX_THREADS = 4;

/**
 * pandas `read_csv`: a danfo DataFrame of a CSV file (RFC 4180), parsed straight into typed
 * columns which are attached to the frame (`typedColumnsOf(df)`). Inference follows pandas: a
 * column of integers is int (int32 when it fits, int64 kept exact beyond 2^53), integers with a
 * missing value become float, True/False text is bool, ISO dates become datetimes, the rest
 * strings with null for missing values.
 */
export async function readCsv(file: string, options: ReadCsvOptions = {}): Promise<DataFrame> {
  const o = validate(file, options);
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    throw new Error(`readCsv: cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    return await parse(fd, size, file, o);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(msg.startsWith("readCsv:") ? msg : `readCsv: ${file}: ${msg}`, { cause: e });
  } finally {
    fs.closeSync(fd);
  }
}

type Validated = Required<Pick<ReadCsvOptions, "delimiter" | "quotechar">> & ReadCsvOptions & { na: Set<string> };

function validate(file: string, options: ReadCsvOptions): Validated {
  if (typeof file !== "string" || file === "") throw new TypeError(`readCsv: path must be a non-empty string, got ${String(file)}`);
  const delimiter = options.delimiter ?? ",";
  const quotechar = options.quotechar ?? '"';
  for (const [k, v] of [["delimiter", delimiter], ["quotechar", quotechar]] as const) {
    if (typeof v !== "string" || Buffer.byteLength(v) !== 1 || v === "\n" || v === "\r") {
      throw new TypeError(`readCsv: options.${k} must be one single-byte character other than a newline, got ${JSON.stringify(v)}`);
    }
  }
  if (delimiter === quotechar) throw new TypeError("readCsv: options.delimiter and options.quotechar must differ");
  const h = options.header;
  if (h !== undefined && h !== null && !(Number.isInteger(h) && h >= 0)) throw new TypeError(`readCsv: options.header must be a row number ≥ 0 or null, got ${String(h)}`);
  const n = options.nrows;
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) throw new TypeError(`readCsv: options.nrows must be an integer ≥ 0, got ${String(n)}`);
  const allowed: CsvDtype[] = ["float64", "float32", "int32", "int64", "bool", "string", "datetime"];
  for (const [c, t] of Object.entries(options.dtype ?? {})) {
    if (!allowed.includes(t)) throw new TypeError(`readCsv: options.dtype['${c}'] is ${JSON.stringify(t)}; accepted: ${allowed.join(", ")}`);
  }
  if (options.usecols !== undefined && !Array.isArray(options.usecols)) throw new TypeError("readCsv: options.usecols must be an array of column names or positions");
  const th = options.threads;
  if (th !== undefined && !(Number.isInteger(th) && th >= 1)) throw new TypeError(`readCsv: options.threads must be an integer ≥ 1, got ${String(th)}`);
  const na = new Set([...(options.keepDefaultNa === false ? [] : PANDAS_NA_VALUES), ...(options.naValues ?? [])]);
  return { ...options, delimiter, quotechar, na };
}

async function parse(fd: number, size: number, file: string, o: Validated): Promise<DataFrame> {
  // Workers start first: they take tens of ms, during which this thread reads the header.
  const threads = o.nrows !== undefined ? 1 : (o.threads ?? (size > PARALLEL_BYTES ? Math.min(MAX_THREADS, os.availableParallelism()) : 1));
  const workers = threads > 1 ? new CsvWorkers(threads - 1) : undefined;
  try {
    return await parseWith(fd, size, file, o, workers);
  } finally {
    await workers?.close();
  }
}

async function parseWith(fd: number, size: number, file: string, o: Validated, workers: CsvWorkers | undefined): Promise<DataFrame> {
  const d = o.delimiter.charCodeAt(0);
  const q = o.quotechar.charCodeAt(0);
  let records = new CsvRecords(fd, d, q);
  const headerRow = o.header === undefined ? (o.names ? null : 0) : o.header;
  let names: string[] | undefined;
  let dataRowsSkipped = 0;
  if (headerRow !== null) {
    for (let r = 0; r <= headerRow; r++) {
      if (!records.next()) throw new Error(`the file has no header row ${headerRow} (it is empty or shorter)`);
      dataRowsSkipped++;
    }
    const b = records.buf;
    names = [];
    for (let k = 0; k < records.count; k++) {
      let t = b.toString("utf8", records.starts[k], records.ends[k]);
      if (records.quoted[k] === 2) t = t.replace(/""/g, '"');
      if (k === 0 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      names.push(t);
    }
  }
  if (o.names) {
    if (names && names.length !== o.names.length) throw new Error(`options.names has ${o.names.length} names but the header row has ${names.length} fields`);
    names = o.names.map(String);
  }
  // Without header or names, columns are numbered from the first record's width.
  let firstRecordPending = false;
  if (!names) {
    if (!records.next()) return finishFrame([]);
    names = Array.from({ length: records.count }, (_, k) => String(k));
    firstRecordPending = true;
  }
  names = mangleDuplicates(names);
  const ncols = names.length;
  const keep = selectColumns(names, o.usecols);
  for (const c of Object.keys(o.dtype ?? {})) {
    if (!names.includes(c)) throw new Error(`options.dtype names column '${c}', which is not in the file (columns: ${names.join(", ")})`);
  }

  // Columns start small; after SAMPLE_ROWS rows they are sized from those rows' bytes per row
  // (+2 %), so a regular file needs no regrowth and its columns come out as views of that
  // allocation instead of a trimmed copy (ColumnBuilder.finish): one array per column, not two.
  const initial = Math.min(o.nrows ?? Infinity, SAMPLE_ROWS, Math.ceil(size / Math.max(8, 6 * ncols)) + 16);
  const builders: (ColumnBuilder | null)[] = names.map((name, j) => (keep[j] ? new ColumnBuilder(name, o.dtype?.[name], o.na, initial) : null));
  const dataStart = records.consumed;
  const showProgress = o.progress === true || ((o.progress ?? "auto") === "auto" && size > PROGRESS_BYTES);
  const progress = showProgress ? new CsvProgress(`readCsv ${path.basename(file)}`, size) : undefined;
  const limit = o.nrows ?? Infinity;
  const tick = progress && ((r: number) => progress.update(records.consumed, r));

  let rows = readRows(records, builders, ncols, Math.min(limit, SAMPLE_ROWS), firstRecordPending, 0, tick);
  if (rows === SAMPLE_ROWS && rows < limit) {
    const perRow = (records.consumed - dataStart) / rows;
    const more =
      workers &&
      (await readRestInParallel(workers, records, {
        fd, size, delimiter: d, quote: q, ncols, builders, na: o.na, rowsSoFar: rows, bytesPerRow: perRow,
        onProgress: progress && ((bytes, r) => progress.update(bytes, r)),
      }));
    if (more !== undefined) {
      rows += more;
    } else {
      const expected = rows + Math.ceil(((size - records.consumed) / Math.max(1, perRow)) * 1.02) + 16;
      for (const c of builders) c?.reserve(Math.min(limit, expected));
      const base = rows;
      rows += readRows(records, builders, ncols, limit - rows, false, rows, tick && ((r) => tick(base + r)));
    }
  }
  if (progress) progress.update(size, rows);

  // Columns that turned out to be text (or integers too wide for doubles) are read again as text.
  const again = builders.map((c) => (c && (c.mode === "reread" || (c.mode === "number" && c.allInteger && c.wideInteger && c.missing === 0 && !c.forced)) ? c : null));
  if (again.some((c) => c !== null)) {
    for (const c of again) c?.restartAsText();
    records = new CsvRecords(fd, d, q);
    for (let r = 0; r < dataRowsSkipped; r++) records.next();
    const rows2 = readRows(records, again, ncols, limit, false, 0);
    if (rows2 !== rows) throw new Error("the file changed while it was read");
  }
  const cols: [string, TypedColumn, boolean][] = [];
  builders.forEach((c) => {
    if (!c) return;
    const { values, int64 } = c.finish();
    cols.push([c.name, values, int64 === true]);
  });
  return finishFrame(cols);
}

function finishFrame(cols: [string, TypedColumn, boolean][]): DataFrame {
  const columns = new Map<string, TypedColumn>();
  const meta = new Map<string, ColumnMeta>();
  for (const [name, values, int64] of cols) {
    columns.set(name, values);
    if (int64) meta.set(name, { kind: "int64" });
  }
  const df = lazyDataFrame(cols.map(([name, values]) => frameColumn(name, values)));
  attachTypedColumns(df, { columns, meta, indexName: null });
  return df;
}

/** pandas' mangle_dupe_cols: a repeated name X becomes X.1, X.2, ... */
function mangleDuplicates(names: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set(names);
  return names.map((n) => {
    const k = seen.get(n);
    if (k === undefined) {
      seen.set(n, 1);
      return n;
    }
    let i = k;
    while (used.has(`${n}.${i}`)) i++;
    seen.set(n, i + 1);
    used.add(`${n}.${i}`);
    return `${n}.${i}`;
  });
}

function selectColumns(names: string[], usecols: (string | number)[] | undefined): boolean[] {
  if (!usecols) return names.map(() => true);
  const keep = names.map(() => false);
  for (const u of usecols) {
    if (typeof u === "number") {
      if (!Number.isInteger(u) || u < 0 || u >= names.length) throw new Error(`options.usecols: position ${u} is outside the ${names.length} columns`);
      keep[u] = true;
    } else {
      const j = names.indexOf(String(u));
      if (j < 0) throw new Error(`options.usecols: no column '${u}' (columns: ${names.join(", ")})`);
      keep[j] = true;
    }
  }
  return keep;
}
