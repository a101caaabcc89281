/**
 * What a pandas HDF5 key holds, decoded exactly: int64 as BigInt64Array, datetimes as int64
 * nanoseconds since the epoch (UTC) with their time zone, categoricals as codes and categories.
 */
export type PandasColumn =
  | { kind: "float64"; values: Float64Array | Float32Array }
  | { kind: "int64"; values: BigInt64Array | Int32Array }
  | { kind: "bool"; values: Uint8Array }
  | { kind: "string"; values: (string | null)[] }
  | { kind: "datetime64"; ns: BigInt64Array; tz: string | null }
  | { kind: "category"; codes: Int32Array; categories: (string | number | null)[]; ordered: boolean };

export interface PandasFrame {
  columns: Map<string, PandasColumn>;
  index: PandasColumn;
  indexName: string | null;
  /** A pandas Series (`series` / `series_table`): one column, named after the series (or "0"). */
  isSeries: boolean;
  seriesName: string | null;
}

/** NaT: numpy's datetime64 minimum, -2^63. */
export const NAT = -(2n ** 63n);

/** The number of rows in a column. */
export function columnLength(c: PandasColumn): number {
  return c.kind === "datetime64" ? c.ns.length : c.kind === "category" ? c.codes.length : c.values.length;
}
