import * as fs from "node:fs";
import { DataFrame, Series } from "danfojs-node";
import { attachTypedColumns } from "./typed_columns.js";
import { lazyDataFrame } from "./lazy_data_frame.js";
import { loadH5wasm } from "./hdf/h5wasm_module.js";
import { H5File } from "./hdf/h5_file.js";
import { HdfReadError } from "./hdf/hdf_read_error.js";
import { readFixed } from "./hdf/fixed_format.js";
import { readTable } from "./hdf/table_format.js";
import { SplitHelper } from "./hdf/float_split.js";
import type { PandasFrame } from "./hdf/pandas_frame.js";
import { danfoIndex, frameColumn, pandasToTypedColumns } from "./hdf/to_typed_columns.js";

export { HdfReadError } from "./hdf/hdf_read_error.js";

export interface ReadHdfOptions {
  /** First row to read (pandas `start`), default 0. */
  start?: number;
  /** Row to stop before (pandas `stop`), default: all rows. */
  stop?: number;
}

const PANDAS_TYPES = new Set(["frame", "series", "frame_table", "series_table"]);

/**
 * pandas `read_hdf(path, key)`: a danfo DataFrame (a Series for series keys) of a file written by
 * pandas `to_hdf`, fixed or table format. The key may be omitted when the file holds exactly one.
 * The exact values (int64 beyond 2^53, ns datetimes and tz, categorical codes) are attached as
 * typed columns (`typedColumnsOf(df)`), since danfo has no such dtypes.
 */
export async function readHdf(path: string, key?: string, options: ReadHdfOptions = {}): Promise<DataFrame | Series> {
  const frame = await readPandasHdf(path, key, options);
  return toDanfo(frame);
}

/** The keys of a pandas HDF5 file (pandas `HDFStore.keys()`), e.g. ["/eval", "/train"]. */
export async function hdfKeys(path: string): Promise<string[]> {
  return withFile(path, undefined, (f) => listKeys(f));
}

/** The decoded frame before it becomes a danfo object (exact dtypes). */
export async function readPandasHdf(path: string, key?: string, options: ReadHdfOptions = {}): Promise<PandasFrame> {
  if (typeof path !== "string" || path === "") throw new TypeError(`readHdf: path must be a non-empty string, got ${String(path)}`);
  if (key !== undefined && typeof key !== "string") throw new TypeError(`readHdf: key must be a string, got ${typeof key}`);
  for (const o of ["start", "stop"] as const) {
    const v = options[o];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new TypeError(`readHdf: options.${o} must be a non-negative integer, got ${String(v)}`);
  }
  return withFile(path, key, (f, size) => {
    const keys = listKeys(f);
    let group: string;
    if (key === undefined) {
      if (keys.length !== 1) {
        throw new HdfReadError(path, undefined, keys.length === 0 ? "the file holds no pandas object" : `key is required: the file holds ${keys.join(", ")}`);
      }
      group = keys[0];
    } else {
      group = key.startsWith("/") ? key : `/${key}`;
      if (!keys.includes(group)) throw new HdfReadError(path, key, `no such key; the file holds ${keys.join(", ") || "no pandas object"}`);
    }
    const pandasType = String(f.attrValue(group, "pandas_type"));
    const range = { start: options.start, stop: options.stop };
    if (pandasType !== "frame") return pandasType === "series" ? readFixed(f, group, pandasType, range) : readTable(f, group, pandasType, range);
    // Started now so that it is up (~25 ms) by the time the metadata is read and the float block
    // comes; only for fixed frames: a table's time is HDF5's, and a thread started for nothing
    // slowed big table reads on a busy machine.
    const helper = SplitHelper.forFile(size);
    try {
      return readFixed(f, group, pandasType, range, helper);
    } finally {
      helper?.close();
    }
  });
}

async function withFile<T>(path: string, key: string | undefined, body: (f: H5File, size: number) => T): Promise<T> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (e) {
    throw new HdfReadError(path, key, `the file does not exist or cannot be opened (${(e as Error).message})`);
  }
  if (!stat.isFile()) throw new HdfReadError(path, key, "not a regular file");
  const signature = Buffer.alloc(8);
  const fd = fs.openSync(path, "r");
  try {
    fs.readSync(fd, signature, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  // HDF5's signature at offset 0 (files with a user block are rare for pandas; checked by HDF5 itself otherwise).
  if (!signature.equals(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new HdfReadError(path, key, "not an HDF5 file (no HDF5 signature)");
  }
  const lib = await loadH5wasm();
  let f: H5File;
  try {
    f = new H5File(lib, path);
  } catch (e) {
    throw new HdfReadError(path, key, `HDF5 cannot open it (${(e as Error).message}); is it truncated or corrupt?`);
  }
  try {
    return body(f, stat.size);
  } catch (e) {
    if (e instanceof HdfReadError) throw e;
    throw Object.assign(new HdfReadError(path, key, e instanceof Error ? e.message : String(e)), { cause: e });
  } finally {
    f.close();
  }
}

function listKeys(f: H5File): string[] {
  const keys: string[] = [];
  const walk = (p: string) => {
    for (const name of f.children(p)) {
      const child = p === "/" ? `/${name}` : `${p}/${name}`;
      if (f.kind(child) !== "Group") continue;
      if (f.hasAttr(child, "pandas_type") && PANDAS_TYPES.has(String(f.attrValue(child, "pandas_type")))) {
        keys.push(child);
        continue; // a key's children (table, meta, _i_table) are its own storage
      }
      walk(child);
    }
  };
  walk("/");
  return keys.sort();
}

function toDanfo(frame: PandasFrame): DataFrame | Series {
  const typed = pandasToTypedColumns(frame);
  const index = danfoIndex(typed.index);
  let out: DataFrame | Series;
  if (frame.isSeries) {
    const [name, col] = [...typed.columns][0];
    const fc = frameColumn(name, col);
    out = new Series(fc.values(), { index: index?.(), columns: [name], dtypes: [fc.dtype] });
  } else {
    out = lazyDataFrame([...typed.columns].map(([name, col]) => frameColumn(name, col)), index);
  }
  attachTypedColumns(out as DataFrame, typed);
  return out;
}
