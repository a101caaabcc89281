import * as tf from "@tensorflow/tfjs";
import type { MimeBundle } from "./mime.js";
import { escapeHtml } from "./html_escape.js";

/** Values beyond this many per axis are elided (first and last three kept), as numpy/tfjs print. */
const edgeItems = 3;
const fullAxisLimit = 20;

function fmtNumber(v: number | string | boolean, dtype: string): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (dtype === "int32" || dtype === "bool") return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(4) : String(Number(v.toFixed(4)));
}

/** Nested-array text of the values, eliding long axes with `...` without reading what is elided. */
function valuesText(t: tf.Tensor): string {
  const data = t.dtype === "string" ? (t.dataSync() as unknown as string[]) : Array.from(t.dataSync() as ArrayLike<number>);
  const shape = t.shape;
  const strides: number[] = [];
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return fmtNumber(data[offset] as number, t.dtype);
    const n = shape[axis];
    const idx = n > fullAxisLimit ? [...Array(edgeItems).keys(), -1, ...Array.from({ length: edgeItems }, (_, k) => n - edgeItems + k)] : [...Array(n).keys()];
    const parts = idx.map((i) => (i < 0 ? "..." : render(axis + 1, offset + i * strides[axis], indent + " ")));
    if (axis === shape.length - 1) return `[${parts.join(", ")}]`;
    return `[${parts.join(",\n" + indent + " ")}]`;
  };
  return render(0, 0, "");
}

export function tensorText(t: tf.Tensor): string {
  if (t.isDisposed) return `Tensor (disposed) shape=[${t.shape.join(", ")}] dtype=${t.dtype}`;
  return `Tensor shape=[${t.shape.join(", ")}] dtype=${t.dtype}\n${valuesText(t)}`;
}

/** Formatter for tf.Tensor: shape and dtype in a header, then the (elided) values. */
export function formatTensor(value: unknown): MimeBundle | undefined {
  if (!(value instanceof tf.Tensor)) return undefined;
  const head = `<b>Tensor</b> shape=<code>[${value.shape.join(", ")}]</code> dtype=<code>${value.dtype}</code> size=${value.size.toLocaleString("en-US")}`;
  if (value.isDisposed) return { "text/html": `<div class="tk-tensor">${head} <i>(disposed)</i></div>`, "text/plain": tensorText(value) };
  const text = tensorText(value);
  const body = text.slice(text.indexOf("\n") + 1);
  return { "text/html": `<div class="tk-tensor">${head}<pre>${escapeHtml(body)}</pre></div>`, "text/plain": text };
}
