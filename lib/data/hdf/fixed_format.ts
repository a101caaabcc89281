import { readSync } from "node:fs";
import * as os from "node:os";
import { H5File, H5T, type FileRows, type Metadata } from "./h5_file.js";
import { checkFilters } from "./check_filters.js";
import { allocRawColumn, decodeInto, type RawColumn } from "./raw_column.js";
import { Float64Split, helperFor, type SplitHelper } from "./float_split.js";
import { rowSlices } from "./row_slices.js";
import { PyObject, PyTuple, unpickle, type PyValue } from "./unpickle.js";
import type { PandasColumn, PandasFrame } from "./pandas_frame.js";

export interface RowRange {
  start: number;
  stop: number;
}

/** pandas' fixed format (`pandas_type` 'frame' or 'series'), rows [range.start, range.stop). */
export function readFixed(f: H5File, group: string, pandasType: string, range: Partial<RowRange>, helper?: SplitHelper): PandasFrame {
  if (pandasType === "series") {
    const index = readAxis(f, `${group}/index`, range);
    const values = readArrayColumn(f, `${group}/values`, range);
    const name = f.hasAttr(group, "name") ? f.attrValue(group, "name") : null;
    const seriesName = name === null ? null : String(name);
    return {
      columns: new Map([[seriesName ?? "0", values]]),
      index: index.column,
      indexName: index.name,
      isSeries: true,
      seriesName,
    };
  }
  if (f.hasAttr(group, "ndim") && Number(f.attrValue(group, "ndim")) !== 2) {
    throw new Error(`fixed format with ndim=${String(f.attrValue(group, "ndim"))} (only 2-D frames) is not supported`);
  }
  for (const a of f.attrNames(group)) {
    if (a.endsWith("_variety") && f.attrValue(group, a) !== "regular") {
      throw new Error(`${a}='${String(f.attrValue(group, a))}' (a MultiIndex) is not supported`);
    }
  }
  const labels = readStrings(f, `${group}/axis0`);
  const axis1 = `${group}/axis1`;
  const { start, stop } = clampRange(f.metadata(axis1).shape?.[0] ?? 0, range);
  const nrows = stop - start;
  const byLabel = new Map<string, PandasColumn>();
  const nblocks = Number(f.attrValue(group, "nblocks"));
  // The index is read while the helper thread (if any) comes up, or else while it finishes its
  // share of a float block.
  let index = helper && !helper.whenReady(0) ? readAxis(f, axis1, range) : undefined;
  const pending: (() => void)[] = [];
  for (let b = 0; b < nblocks; b++) {
    const items = readStrings(f, `${group}/block${b}_items`);
    const valuesPath = `${group}/block${b}_values`;
    if (isObjectBlock(f, valuesPath)) {
      readObjectBlock(f, valuesPath, items.length, range, nrows).forEach((c, j) => byLabel.set(items[j], c));
      continue;
    }
    const finish = readBlock(f, valuesPath, items.length, range, helper);
    pending.push(() => finish().forEach((c, j) => byLabel.set(items[j], c)));
  }
  index ??= readAxis(f, axis1, range);
  for (const finish of pending) finish();
  const columns = new Map<string, PandasColumn>();
  for (const label of labels) {
    const c = byLabel.get(label);
    if (!c) throw new Error(`column '${label}' of axis0 is in no block`);
    columns.set(label, c);
  }
  return { columns, index: index.column, indexName: index.name, isSeries: false, seriesName: null };
}

function clampRange(n: number, range: Partial<RowRange>): RowRange {
  const start = Math.max(0, Math.min(n, range.start ?? 0));
  const stop = Math.max(start, Math.min(n, range.stop ?? n));
  return { start, stop };
}

// 4 MiB: stays in cache while it is split into columns, and few enough HDF5 calls (measured on
// 1M x 10: 256 KiB slices cost twice as much in HDF5 calls, 4 MiB the least overall).
const SPLIT_SLICE_BYTES = 4 * 2 ** 20;

/** Threads for the native read of a float block: the transpose's page faults gain up to ~4. */
const FILE_SPLIT_THREADS = Math.min(4, os.availableParallelism());

/** Bytes compared at each end of a located slice. */
const CHECK_BYTES = 64 * 1024;

/**
 * Whether the file holds `bytes` at `source`: the located read is checked, at both ends of the
 * slice, before the rest of the block is read from there.
 */
function sameBytes(source: FileRows, bytes: Uint8Array): boolean {
  const n = Math.min(CHECK_BYTES, bytes.byteLength);
  const check = Buffer.allocUnsafe(n);
  try {
    for (const at of [0, bytes.byteLength - n]) {
      if (readSync(source.fd, check, 0, n, source.position + at) !== n || !check.equals(bytes.subarray(at, at + n))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a 1-D or 2-D ([rows, items]) fixed-type dataset into one raw column per item; int64 items
 * come back as Int32Array when they all fit and `narrowInt64` (not for datetimes, which need the ns).
 * `columns()` hands them over; for a float block split with the helper thread it waits for the
 * helper's share, so a caller can read something else first.
 */
function readRawColumns(
  f: H5File,
  p: string,
  range: Partial<RowRange>,
  narrowInt64 = false,
  helper?: SplitHelper,
): { columns: () => RawColumn[]; meta: Metadata } {
  const meta = f.metadata(p);
  checkFilters(f.filters(p));
  const shape = meta.shape ?? [];
  const n = shape[0] ?? 0;
  const items = shape.length > 1 ? shape[1] : 1;
  if (shape.length > 2) throw new Error(`${p} has ${shape.length} dimensions`);
  const { start, stop } = clampRange(n, range);
  const rowBytes = items * meta.size;
  if (items > 1 && meta.type === H5T.FLOAT && meta.size === 8 && meta.littleEndian && !meta.chunks) {
    // pandas' float block, stored contiguous: read it in slices that stay in cache while they are
    // split into columns, so the wasm heap never holds the whole block (no heap growth, no second
    // copy of the block in memory) and the split reads cache-hot bytes. With a helper thread, it
    // makes (and page-faults in) part of the columns on the other core.
    const slices = rowSlices(start, stop, rowBytes, SPLIT_SLICE_BYTES);
    const sliceBytes = Math.max(1, Math.floor(SPLIT_SLICE_BYTES / rowBytes)) * rowBytes;
    const split = new Float64Split({ rows: stop - start, columns: items, first: 0, stride: items, slices: slices.length, sliceBytes, helperShare: 0.7 }, helperFor(helper, (stop - start) * rowBytes));
    try {
      // Only the first slice is watched for where HDF5 read it from (see below).
      const locate = slices.length > 1 && split.canReadFile;
      for (const [i, [a, b]] of slices.entries()) {
        let rest: FileRows | undefined;
        const push = (bytes: Uint8Array, source?: FileRows): void => {
          if (bytes.byteOffset % 8 !== 0) throw new Error(`internal: unaligned wasm buffer for ${p}`);
          split.push(bytes, b - a, a - start);
          if (source && sameBytes(source, bytes)) rest = source;
        };
        if (i === 0 && locate) f.withRowsLocated(p, meta, a, b - a, push);
        else f.withRows(p, meta, a, b - a, push);
        if (rest) {
          // HDF5 read the first slice with one read of exactly its bytes, from `rest.position`: the
          // block is contiguous there, so the addon reads the remaining rows from the file itself
          // and splits them on every core, without passing them through the wasm heap.
          split.pushFromFile(rest.fd, rest.position + (b - a) * rowBytes, stop - b, b - start, FILE_SPLIT_THREADS);
          break;
        }
      }
    } catch (e) {
      split.abort();
      throw e;
    }
    return { columns: () => split.finish(), meta };
  }
  const raw = Array.from({ length: items }, () => allocRawColumn(meta, stop - start, p, narrowInt64));
  // Contiguous data goes in 4 MiB slices too: one reused, already-mapped stretch of the wasm heap
  // instead of growing it (and faulting fresh pages in) by the column's size. Chunked data is read in
  // large slices so that no chunk straddles many of them (each straddle decompresses it again).
  for (const [a, b] of rowSlices(start, stop, rowBytes, meta.chunks ? undefined : SPLIT_SLICE_BYTES)) {
    f.withRows(p, meta, a, b - a, (bytes) => {
      for (let j = 0; j < items; j++) raw[j] = decodeInto(raw[j], meta, bytes, rowBytes, j * meta.size, b - a, a - start);
    });
  }
  return { columns: () => raw, meta };
}

function readStrings(f: H5File, p: string): string[] {
  const col = readRawColumns(f, p, {}).columns()[0];
  if (!Array.isArray(col)) throw new Error(`${p} should hold labels (strings)`);
  return col.map((s) => s ?? "");
}

function attrOr(f: H5File, p: string, name: string): PyValue | undefined {
  return f.hasAttr(p, name) ? f.attrValue(p, name) : undefined;
}

/** The meaning pandas gives an int64 / string / bool dataset through its `value_type`/`kind` attrs. */
function interpret(raw: RawColumn, meta: Metadata, valueType: PyValue | undefined, tz: PyValue | undefined, p: string): PandasColumn {
  if (valueType === "datetime64") {
    if (!(raw instanceof BigInt64Array)) throw new Error(`${p}: datetime64 values are not int64`);
    return { kind: "datetime64", ns: raw, tz: typeof tz === "string" ? tz : null };
  }
  if (valueType === "timedelta64") throw new Error(`${p}: timedelta64 columns are not supported`);
  if (raw instanceof Float64Array || raw instanceof Float32Array) return { kind: "float64", values: raw };
  if (raw instanceof BigInt64Array || raw instanceof Int32Array) return { kind: "int64", values: raw };
  if (raw instanceof Uint8Array && meta.type === H5T.BITFIELD) return { kind: "bool", values: raw };
  if (Array.isArray(raw)) return { kind: "string", values: raw };
  throw new Error(`${p}: unsupported values`);
}

function readArrayColumn(f: H5File, p: string, range: Partial<RowRange>): PandasColumn {
  if (isObjectBlock(f, p)) {
    return readObjectBlock(f, p, 1, range)[0];
  }
  const valueType = attrOr(f, p, "value_type");
  const { columns, meta } = readRawColumns(f, p, range, !isTimeType(valueType));
  return interpret(columns()[0], meta, valueType, attrOr(f, p, "tz"), p);
}

/** A numeric block's columns, handed over by the returned function (see readRawColumns). */
function readBlock(f: H5File, p: string, nitems: number, range: Partial<RowRange>, helper?: SplitHelper): () => PandasColumn[] {
  const valueType = attrOr(f, p, "value_type");
  const tz = attrOr(f, p, "tz");
  const { columns, meta } = readRawColumns(f, p, range, !isTimeType(valueType), helper);
  return () => {
    const raw = columns();
    if (raw.length !== nitems) throw new Error(`${p} has ${raw.length} columns but its items list ${nitems}`);
    return raw.map((r) => interpret(r, meta, valueType, tz, p));
  };
}

function readAxis(f: H5File, p: string, range: Partial<RowRange>): { column: PandasColumn; name: string | null } {
  const kind = attrOr(f, p, "kind");
  const name = attrOr(f, p, "name");
  const valueType = kind === "datetime64" ? "datetime64" : undefined;
  const { columns, meta } = readRawColumns(f, p, range, !isTimeType(kind));
  return { column: interpret(columns()[0], meta, valueType, attrOr(f, p, "tz"), p), name: name === null || name === undefined ? null : String(name) };
}

function isTimeType(valueType: PyValue | undefined): boolean {
  return valueType === "datetime64" || valueType === "timedelta64";
}

function isObjectBlock(f: H5File, p: string): boolean {
  const meta = f.metadata(p);
  return meta.vlen || meta.type === H5T.VLEN;
}

/**
 * A VLArray whose row 0 is the protocol-5 pickle of a numpy object array. Strings (and None) only:
 * that is what pandas writes for object columns it can store.
 */
function readObjectBlock(
  f: H5File,
  p: string,
  nitems: number,
  range: Partial<RowRange>,
  expectedRows?: number,
): PandasColumn[] {
  const meta = f.metadata(p);
  if ((meta.shape?.[0] ?? 0) < 1) throw new Error(`${p}: empty object block`);
  const array = unpickle(f.readVlenRow(p, 0));
  if (!(array instanceof PyObject) || !(array.state instanceof PyTuple)) throw new Error(`${p}: the object block is not a pickled numpy array`);
  const [, shapeV, , , listV] = array.state.items;
  if (!(shapeV instanceof PyTuple) || !Array.isArray(listV)) throw new Error(`${p}: unexpected pickled array state`);
  const shape = shapeV.items.map(Number);
  const cells = listV;
  let nrows: number;
  let cell: (r: number, j: number) => PyValue;
  if (shape.length === 1) {
    nrows = shape[0];
    cell = (r) => cells[r];
  } else {
    // Stored [nrows, nitems] in logical C order (pandas writes the block transposed).
    nrows = shape[0];
    if (shape[1] !== nitems) throw new Error(`${p}: pickled shape [${shape}] does not match ${nitems} items`);
    cell = (r, j) => cells[r * nitems + j];
  }
  if (cells.length !== nrows * nitems) throw new Error(`${p}: pickled array holds ${cells.length} cells, expected ${nrows * nitems}`);
  const { start, stop } = clampRange(nrows, range);
  if (expectedRows !== undefined && stop - start !== expectedRows) {
    throw new Error(`${p}: object block has ${stop - start} rows in range, the index ${expectedRows}`);
  }
  const out: PandasColumn[] = [];
  for (let j = 0; j < nitems; j++) {
    const values = new Array<string | null>(stop - start);
    for (let r = start; r < stop; r++) {
      const v = cell(r, j);
      if (typeof v === "number" && Number.isNaN(v)) {
        values[r - start] = null;
        continue;
      }
      if (v !== null && typeof v !== "string") {
        throw new Error(`${p}: object column holds a non-string value (${typeof v}); only strings and None are supported`);
      }
      values[r - start] = v;
    }
    out.push({ kind: "string", values });
  }
  return out;
}
