import type { MimeBundle } from "./mime.js";
import { escapeHtml } from "./html_escape.js";

/** The parts of a danfojs DataFrame / Series this formatter reads (duck-typed: display does not load danfo). */
interface FrameLike {
  $isSeries: boolean;
  shape: number[];
  columns: string[];
  dtypes: string[];
  index: (string | number)[];
  values: unknown[];
}

function isFrameLike(v: unknown): v is FrameLike {
  const f = v as Record<string, unknown> | null;
  return typeof f === "object" && f !== null && typeof f.$isSeries === "boolean" && "$data" in f && Array.isArray(f.columns) && Array.isArray(f.index);
}

export interface FrameDisplayOptions {
  /** Frames longer than this show `minRows` rows: half from the head, half from the tail (pandas: 60 / 10). */
  maxRows?: number;
  minRows?: number;
  /** Rows sent in `application/vnd.dataresource+json` (the data explorer); longer frames are cut there. */
  maxResourceRows?: number;
}

const defaults = { maxRows: 60, minRows: 10, maxResourceRows: 10_000 };

function cell(v: unknown): string {
  if (v === null || v === undefined) return "NaN";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Rows of a frame as arrays (a Series is one column named by its column or 0). */
function rowsOf(f: FrameLike): unknown[][] {
  return f.$isSeries ? (f.values as unknown[]).map((v) => [v]) : (f.values as unknown[][]);
}

function shownRows(n: number, o: typeof defaults): { head: number[]; tail: number[] } {
  if (n <= o.maxRows) return { head: [...Array(n).keys()], tail: [] };
  const half = Math.floor(o.minRows / 2);
  return { head: [...Array(o.minRows - half).keys()], tail: Array.from({ length: half }, (_, k) => n - half + k) };
}

function resourceType(dtype: string): string {
  if (dtype === "int32") return "integer";
  if (dtype === "float32") return "number";
  if (dtype === "boolean" || dtype === "bool") return "boolean";
  if (dtype === "datetime") return "datetime";
  return "string";
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

/** pandas' `to_json(orient="table")` shape, which JupyterLab and nteract's data explorer read. */
export function frameDataResource(f: FrameLike, maxRows = defaults.maxResourceRows): { schema: unknown; data: Record<string, unknown>[] } {
  const columns = f.$isSeries ? [f.columns[0] ?? "0"] : f.columns;
  const indexName = columns.includes("index") ? "level_0" : "index";
  const rows = rowsOf(f);
  const fields = [
    { name: indexName, type: f.index.every((i) => typeof i === "number") ? "integer" : "string" },
    ...columns.map((c, j) => ({ name: String(c), type: resourceType(f.dtypes[j]) })),
  ];
  const data = rows.slice(0, maxRows).map((r, i) => {
    const rec: Record<string, unknown> = { [indexName]: f.index[i] };
    columns.forEach((c, j) => (rec[String(c)] = jsonSafe(r[j])));
    return rec;
  });
  return { schema: { fields, primaryKey: [indexName], pandas_version: "1.4.0" }, data };
}

export function frameHtml(f: FrameLike, options: FrameDisplayOptions = {}): string {
  const o = { ...defaults, ...options };
  const columns = f.$isSeries ? [f.columns[0] ?? "0"] : f.columns;
  const rows = rowsOf(f);
  const { head, tail } = shownRows(rows.length, o);
  const tr = (i: number) => `<tr><th>${escapeHtml(cell(f.index[i]))}</th>${columns.map((_, j) => `<td>${escapeHtml(cell(rows[i][j]))}</td>`).join("")}</tr>`;
  const ellipsis = tail.length ? `<tr><th>...</th>${columns.map(() => "<td>...</td>").join("")}</tr>` : "";
  const dtypes = `<tr class="tk-dtypes"><th><i>dtype</i></th>${f.dtypes.slice(0, columns.length).map((d) => `<td><i>${escapeHtml(d)}</i></td>`).join("")}</tr>`;
  const shape = f.$isSeries ? `Length: ${rows.length}, dtype: ${escapeHtml(f.dtypes[0] ?? "")}` : `${rows.length} rows × ${columns.length} columns`;
  return (
    `<div class="tk-frame"><table class="dataframe" border="1"><thead><tr style="text-align:right"><th></th>${columns.map((c) => `<th>${escapeHtml(String(c))}</th>`).join("")}</tr>${dtypes}</thead>` +
    `<tbody>${head.map(tr).join("")}${ellipsis}${tail.map(tr).join("")}</tbody></table><p class="tk-shape">${shape}</p></div>`
  );
}

/** pandas-like text: right-aligned columns, `...` between head and tail, then the shape. */
export function frameText(f: FrameLike, options: FrameDisplayOptions = {}): string {
  const o = { ...defaults, ...options };
  const columns = f.$isSeries ? [f.columns[0] ?? "0"] : f.columns;
  const rows = rowsOf(f);
  const { head, tail } = shownRows(rows.length, o);
  const table: string[][] = [["", ...columns.map(String)]];
  for (const i of head) table.push([cell(f.index[i]), ...columns.map((_, j) => cell(rows[i][j]))]);
  if (tail.length) table.push(["...", ...columns.map(() => "...")]);
  for (const i of tail) table.push([cell(f.index[i]), ...columns.map((_, j) => cell(rows[i][j]))]);
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  const lines = table.map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  "));
  lines.push(f.$isSeries ? `Length: ${rows.length}, dtype: ${f.dtypes[0] ?? ""}` : `\n[${rows.length} rows x ${columns.length} columns]`);
  return lines.join("\n");
}

/** Formatter for danfojs DataFrame and Series: HTML table, data-explorer JSON, and text. */
export function formatDataFrame(value: unknown): MimeBundle | undefined {
  if (!isFrameLike(value)) return undefined;
  return {
    "text/html": frameHtml(value),
    "application/vnd.dataresource+json": frameDataResource(value),
    "text/plain": frameText(value),
  };
}
