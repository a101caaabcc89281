import { DataFrame } from "danfojs-node";

/** One column handed to danfo: its plain values are built only when danfo first needs them. */
export interface FrameColumn {
  name: string;
  length: number;
  dtype: "float32" | "int32" | "string" | "boolean" | "datetime";
  /** The column as the plain array danfo stores (called at most once). */
  values: () => unknown[];
}

type DanfoInternals = {
  $data: unknown[][];
  $dataIncolumnFormat: unknown[][];
  $index: (string | number)[];
};

/**
 * A danfo DataFrame whose cell storage is made on first use. Building a danfo frame the ordinary
 * way costs ~5 s and ~1 GB for 1M×11 (it boxes every cell into per-row arrays and transposes them).
 * The readers keep typed columns underneath (see typed_columns.ts) and the input pipeline reads
 * those, so most frames never need danfo's row arrays: `columns`, `dtypes`, `shape`, `index` are
 * answered at once, a column (`df["x"]`) builds only the column-major arrays, and anything
 * row-wise (`head`, `print`, `values`, `iloc`) builds the row arrays once, the first time.
 */
export function lazyDataFrame(columns: FrameColumn[], index?: () => (string | number)[]): DataFrame {
  const n = columns.length === 0 ? 0 : columns[0].length;
  for (const c of columns) {
    if (c.length !== n) throw new Error(`column '${c.name}' has ${c.length} rows, expected ${n}`);
  }
  const names = columns.map((c) => c.name);
  const dtypes = columns.map((c) => c.dtype);
  if (n === 0 || columns.length === 0) {
    return new DataFrame(Object.fromEntries(columns.map((c) => [c.name, c.values()])), { columns: names, dtypes, index: index?.() });
  }
  // A one-row seed gets danfo to set up columns, dtypes and config; its storage is then replaced.
  const seed = Object.fromEntries(columns.map((c) => [c.name, [placeholder(c.dtype)]]));
  const df = new DataFrame(seed, { columns: names, dtypes });
  let colMajor: unknown[][] | undefined;
  let rowMajor: unknown[][] | undefined;
  const getColumns = (): unknown[][] => (colMajor ??= columns.map((c) => c.values()));
  const getRows = (): unknown[][] => {
    if (rowMajor) return rowMajor;
    const cols = getColumns();
    const rows = new Array<unknown[]>(n);
    for (let r = 0; r < n; r++) {
      const row = new Array<unknown>(cols.length);
      for (let j = 0; j < cols.length; j++) row[j] = cols[j][r];
      rows[r] = row;
    }
    return (rowMajor = rows);
  };
  let idx: (string | number)[] | undefined;
  Object.defineProperty(df, "$dataIncolumnFormat", {
    configurable: true,
    enumerable: true,
    get: getColumns,
    set: (v: unknown[][]) => {
      colMajor = v;
    },
  });
  Object.defineProperty(df, "$data", {
    configurable: true,
    enumerable: true,
    get: getRows,
    set: (v: unknown[][]) => {
      rowMajor = v;
    },
  });
  Object.defineProperty(df, "$index", {
    configurable: true,
    enumerable: true,
    get: () => (idx ??= index ? index() : rangeIndex(n)),
    set: (v: (string | number)[]) => {
      idx = v;
    },
  });
  Object.defineProperty(df, "shape", {
    configurable: true,
    enumerable: false,
    // danfo's own getter counts row arrays; until something replaces them the size is known.
    get: () => [rowMajor ? rowMajor.length : n, (df as unknown as { $columns: string[] }).$columns.length],
  });
  void (df as unknown as DanfoInternals);
  return df;
}

function placeholder(dtype: FrameColumn["dtype"]): unknown {
  return dtype === "string" ? "" : dtype === "boolean" ? false : dtype === "datetime" ? new Date(0) : 0;
}

function rangeIndex(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
