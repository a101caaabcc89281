import { Figure, validateFigure, type PlotlyFigureSpec } from "./plotly.js";

export type PlotKind = "line" | "scatter" | "hist" | "bar" | "box";
const kinds: PlotKind[] = ["line", "scatter", "hist", "bar", "box"];

export interface PlotOptions {
  kind?: PlotKind;
  /** Column on the x axis (default: the index for line/bar). */
  x?: string;
  /** Column(s) on the y axis (default: every numeric column other than x and color). */
  y?: string | string[];
  /** Column whose values split the rows into coloured groups (one trace per value). */
  color?: string;
  title?: string;
  /** Histogram bins (plotly's nbinsx). */
  bins?: number;
  width?: number;
  height?: number;
}

/** The columns of a danfojs DataFrame / Series, or a plain `{ column: values[] }` object. */
interface Columns {
  names: string[];
  get(name: string): unknown[];
  index: unknown[];
  dtype(name: string): string;
}

function columnsOf(data: unknown): Columns {
  const f = data as Record<string, any> | null;
  if (f && typeof f === "object" && typeof f.$isSeries === "boolean" && Array.isArray(f.columns)) {
    if (f.$isSeries) {
      const name = String(f.columns[0] ?? "value");
      return { names: [name], get: () => f.values as unknown[], index: f.index, dtype: () => String(f.dtypes[0]) };
    }
    const names = (f.columns as unknown[]).map(String);
    const rows = f.values as unknown[][];
    return { names, get: (n) => rows.map((r) => r[names.indexOf(n)]), index: f.index, dtype: (n) => String(f.dtypes[names.indexOf(n)]) };
  }
  if (f && typeof f === "object" && !Array.isArray(f) && Object.values(f).every((v) => Array.isArray(v) || ArrayBuffer.isView(v))) {
    const names = Object.keys(f);
    if (names.length === 0) throw new TypeError("plot: `data` has no columns");
    const len = (f[names[0]] as unknown[]).length;
    for (const n of names) if ((f[n] as unknown[]).length !== len) throw new RangeError(`plot: column \`${n}\` has ${(f[n] as unknown[]).length} values but \`${names[0]}\` has ${len}`);
    return {
      names,
      get: (n) => Array.from(f[n] as ArrayLike<unknown>),
      index: [...Array(len).keys()],
      dtype: (n) => (Array.from(f[n] as ArrayLike<unknown>).every((v) => typeof v === "number" || v === null) ? "float32" : "string"),
    };
  }
  throw new TypeError("plot: `data` must be a danfojs DataFrame or Series, or an object of column name → array");
}

function need(cols: Columns, name: string, what: string): string {
  if (!cols.names.includes(name)) throw new RangeError(`plot: ${what} column "${name}" is not in the data; columns are ${cols.names.map((n) => JSON.stringify(n)).join(", ")}`);
  return name;
}

function isNumeric(cols: Columns, name: string): boolean {
  return ["float32", "int32", "float64", "int64"].includes(cols.dtype(name));
}

/** Row groups by the color column's value, in order of first appearance; one group when no color. */
function groups(cols: Columns, color: string | undefined): { label: string | undefined; rows: number[] }[] {
  if (color === undefined) return [{ label: undefined, rows: [...cols.index.keys()] }];
  const values = cols.get(color);
  const byValue = new Map<string, number[]>();
  values.forEach((v, i) => {
    const k = String(v);
    if (!byValue.has(k)) byValue.set(k, []);
    byValue.get(k)!.push(i);
  });
  return [...byValue].map(([label, rows]) => ({ label, rows }));
}

function pick<T>(values: T[], rows: number[]): T[] {
  return rows.map((i) => values[i]);
}

/**
 * A quick look at a frame in one line, as pandas' `df.plot(kind=...)` / plotly express:
 * returns a Figure that displays itself when it is a cell's last value.
 */
function plotFrame(data: unknown, options: PlotOptions = {}): Figure {
  if (typeof options !== "object" || options === null) throw new TypeError("plot: `options` must be an object such as { kind: \"line\", x: \"date\", y: \"price\" }");
  const kind = options.kind ?? "line";
  if (!kinds.includes(kind)) throw new RangeError(`plot: \`kind\` must be one of ${kinds.map((k) => `"${k}"`).join(", ")}; got ${JSON.stringify(kind)}`);
  const cols = columnsOf(data);
  const x = options.x === undefined ? undefined : need(cols, options.x, "x");
  const color = options.color === undefined ? undefined : need(cols, options.color, "color");
  let ys: string[];
  if (options.y === undefined) {
    ys = cols.names.filter((n) => n !== x && n !== color && isNumeric(cols, n));
    if (kind === "hist" && x !== undefined && options.y === undefined) ys = [x];
    if (ys.length === 0) throw new RangeError(`plot: no numeric column to plot; give \`y\` (columns are ${cols.names.join(", ")})`);
  } else {
    ys = (Array.isArray(options.y) ? options.y : [options.y]).map((n) => need(cols, n, "y"));
  }
  if (kind === "scatter" && x === undefined) throw new RangeError('plot: kind "scatter" needs `x` (a column name)');
  if (options.bins !== undefined && !(Number.isInteger(options.bins) && options.bins > 0)) throw new RangeError(`plot: \`bins\` must be a positive integer; got ${options.bins}`);

  const xs = x === undefined ? cols.index : cols.get(x);
  const traces: Record<string, unknown>[] = [];
  const many = ys.length > 1;
  for (const g of groups(cols, color)) {
    for (const y of ys) {
      const name = g.label === undefined ? y : many ? `${g.label} · ${y}` : g.label;
      const yv = pick(cols.get(y), g.rows);
      const xv = pick(xs, g.rows);
      switch (kind) {
        case "line":
          traces.push({ type: "scatter", mode: "lines", name, x: xv, y: yv });
          break;
        case "scatter":
          traces.push({ type: "scatter", mode: "markers", name, x: xv, y: yv });
          break;
        case "bar":
          traces.push({ type: "bar", name, x: xv, y: yv });
          break;
        case "hist":
          traces.push({ type: "histogram", name, x: yv, opacity: ys.length > 1 || color ? 0.6 : 1, ...(options.bins ? { nbinsx: options.bins } : {}) });
          break;
        case "box":
          traces.push({ type: "box", name, y: yv, ...(x !== undefined ? { x: xv } : {}) });
          break;
      }
    }
  }
  const layout: Record<string, unknown> = {
    xaxis: { title: { text: kind === "hist" ? (ys.length === 1 ? ys[0] : "value") : kind === "box" ? (x ?? "") : (x ?? "index") } },
    yaxis: { title: { text: kind === "hist" ? "count" : ys.length === 1 ? ys[0] : "value" } },
    showlegend: traces.length > 1,
    ...(kind === "hist" ? { barmode: "overlay" } : {}),
    ...(kind === "bar" && traces.length > 1 ? { barmode: "group" } : {}),
    ...(options.title ? { title: { text: options.title } } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
    ...(color ? { legend: { title: { text: color } } } : {}),
  };
  return new Figure({ data: traces, layout });
}

/** Any plotly figure (`{ data, layout, config }`), displayable in the notebook. */
function figure(spec: PlotlyFigureSpec): Figure {
  validateFigure(spec, "plot.figure");
  return new Figure(spec);
}

export const plot = Object.assign(plotFrame, { figure });
export type Plot = typeof plot;
