import type { DataFrame } from "danfojs-node";

/**
 * One column as the readers parse it: numbers in a typed array (NaN for missing), everything
 * else in a plain array (null for missing). `int64` columns whose values pass 2^53 keep them
 * exact as BigInt64Array.
 */
export type TypedColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | (string | null)[]
  | (boolean | null)[]
  | (Date | null)[];

/**
 * What a typed column alone cannot say, kept exactly as the file held it: datetimes as int64
 * nanoseconds since the epoch (UTC, NaT = -2^63) with their time zone (the typed column holds
 * millisecond Dates), categoricals as codes (-1 = missing) and categories (the typed column holds
 * the labels), and which columns were int64 in the file.
 */
export type ColumnMeta =
  | { kind: "int64" }
  | { kind: "datetime64"; ns: BigInt64Array; tz: string | null }
  | { kind: "category"; codes: Int32Array; categories: (string | number | null)[]; ordered: boolean };

/** A frame's columns in order, plus its index, as the readers produced them. */
export interface TypedColumns {
  columns: Map<string, TypedColumn>;
  index?: TypedColumn;
  /** The index's name (pandas `df.index.name`), when the reader knows it. */
  indexName?: string | null;
  /** Per-column details beyond the typed values (only columns that need them). */
  meta?: Map<string, ColumnMeta>;
  /** The same for the index. */
  indexMeta?: ColumnMeta;
}

// danfo copies typed arrays into plain arrays; keeping the parsed columns beside the frame lets
// the input pipeline gather batches straight from typed memory instead of danfo's boxed values.
const attached = new WeakMap<object, TypedColumns>();

export function attachTypedColumns(df: DataFrame, cols: TypedColumns): void {
  attached.set(df, cols);
}

/**
 * The typed columns a reader attached to `df`, or undefined for frames built another way (or
 * changed since: callers must check the column names still match `df.columns`).
 */
export function typedColumnsOf(df: DataFrame): TypedColumns | undefined {
  return attached.get(df);
}
