import type { ColumnMeta, TypedColumn, TypedColumns } from "../typed_columns.js";
import type { FrameColumn } from "../lazy_data_frame.js";
import { NAT, type PandasColumn, type PandasFrame } from "./pandas_frame.js";


/**
 * The policy for pandas dtypes in JavaScript (ARCHITECTURE.md, "Data readers"):
 * - int64: Int32Array when every value fits, else Float64Array when every value is within ±2^53,
 *   else the exact BigInt64Array (danfo then sees the exact decimal text, dtype string).
 * - datetime64[ns] (naive or tz): Dates (ms) in the typed column and danfo; exact ns + tz in meta.
 * - category: labels (null for NaN) in the typed column and danfo; codes/categories in meta.
 * - bool: booleans; strings: strings with null for missing.
 */
export function toTypedColumn(c: PandasColumn): { typed: TypedColumn; meta?: ColumnMeta } {
  switch (c.kind) {
    case "float64":
      return { typed: c.values };
    case "int64": {
      if (c.values instanceof Int32Array) return { typed: c.values, meta: { kind: "int64" } };
      // Work on (low, high) 32-bit words: comparing BigInts would allocate one per cell.
      const v = c.values;
      const w = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
      let int32 = true;
      let safe = true;
      for (let i = 0; i < v.length && safe; i++) {
        const lo = w[2 * i];
        const hi = w[2 * i + 1];
        if (hi !== lo >> 31) int32 = false;
        // |value| < 2^53 exactly when the high word is within [-2^21, 2^21) (minus -2^53 itself).
        if (hi < -(2 ** 21) || hi >= 2 ** 21 || (hi === -(2 ** 21) && lo === 0)) safe = false;
      }
      if (int32) {
        const out = new Int32Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = w[2 * i];
        return { typed: out, meta: { kind: "int64" } };
      }
      if (safe) {
        const out = new Float64Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = w[2 * i + 1] * 4294967296 + (w[2 * i] >>> 0);
        return { typed: out, meta: { kind: "int64" } };
      }
      return { typed: v, meta: { kind: "int64" } };
    }
    case "bool":
      return { typed: Array.from(c.values, (b) => b !== 0) };
    case "string":
      return { typed: c.values };
    case "datetime64":
      return { typed: Array.from(c.ns, nsToDate), meta: { kind: "datetime64", ns: c.ns, tz: c.tz } };
    case "category": {
      const labels = Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k] === null ? null : String(c.categories[k])));
      return { typed: labels, meta: { kind: "category", codes: c.codes, categories: c.categories, ordered: c.ordered } };
    }
  }
}

function nsToDate(ns: bigint): Date | null {
  if (ns === NAT) return null;
  // Floor to whole milliseconds (toward -infinity, as numpy's datetime64[ms] cast does).
  let ms = ns / 1_000_000n;
  if (ns < 0n && ns % 1_000_000n !== 0n) ms -= 1n;
  return new Date(Number(ms));
}

export function pandasToTypedColumns(frame: PandasFrame): TypedColumns {
  const columns = new Map<string, TypedColumn>();
  const meta = new Map<string, ColumnMeta>();
  for (const [name, col] of frame.columns) {
    const t = toTypedColumn(col);
    columns.set(name, t.typed);
    if (t.meta) meta.set(name, t.meta);
  }
  const index = toTypedColumn(frame.index);
  return { columns, index: index.typed, indexName: frame.indexName, meta, indexMeta: index.meta };
}

/** A typed column as danfo holds it: a dtype and a builder of the plain array. */
export function frameColumn(name: string, col: TypedColumn): FrameColumn {
  const length = col.length;
  if (col instanceof Float64Array || col instanceof Float32Array) {
    return { name, length, dtype: "float32", values: () => Array.from(col) };
  }
  if (col instanceof BigInt64Array || col instanceof BigUint64Array) {
    return { name, length, dtype: "string", values: () => Array.from(col, (x) => x.toString()) };
  }
  if (ArrayBuffer.isView(col)) {
    return { name, length, dtype: "int32", values: () => Array.from(col as Int32Array) };
  }
  const first = (col as unknown[]).find((x) => x !== null);
  const dtype = typeof first === "boolean" ? "boolean" : first instanceof Date ? "datetime" : "string";
  return { name, length, dtype, values: () => (col as unknown[]).slice() };
}

/** The index as danfo takes it: numbers, strings, or ISO text for datetimes. */
export function danfoIndex(index: TypedColumn | undefined): (() => (string | number)[]) | undefined {
  if (!index) return undefined;
  return () => {
    if (index instanceof BigInt64Array || index instanceof BigUint64Array) return Array.from(index, (x) => x.toString());
    if (ArrayBuffer.isView(index)) return Array.from(index as Float64Array);
    return (index as unknown[]).map((x) => (x instanceof Date ? x.toISOString() : x === null ? "null" : (x as string | number)));
  };
}
