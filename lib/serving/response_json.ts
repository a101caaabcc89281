import type { OutputRows } from "./batcher.js";

/**
 * Builds the predict response: row format answers `{"predictions": [...]}` (one entry per example,
 * an object by output name when the model has several outputs); columnar answers `{"outputs": ...}`.
 */
export function predictResponse(format: "row" | "columnar", outputs: OutputRows[], batch: number): unknown {
  const nested = outputs.map((o) => o.rows.map((row) => nest(row, o.exampleShape)));
  if (format === "row") {
    const predictions: unknown[] = [];
    for (let r = 0; r < batch; r++) {
      if (outputs.length === 1) predictions.push(nested[0][r]);
      else predictions.push(Object.fromEntries(outputs.map((o, k) => [o.name, nested[k][r]])));
    }
    return { predictions };
  }
  if (outputs.length === 1) return { outputs: nested[0] };
  return { outputs: Object.fromEntries(outputs.map((o, k) => [o.name, nested[k]])) };
}

function nest(values: Float32Array, shape: number[]): unknown {
  if (shape.length === 0) return shortestFloat32(values[0]);
  const build = (offset: number, dim: number): unknown[] => {
    const n = shape[dim];
    const stride = shape.slice(dim + 1).reduce((a, d) => a * d, 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(dim === shape.length - 1 ? shortestFloat32(values[offset + i]) : build(offset + i * stride, dim + 1));
    return out;
  };
  return build(0, 0);
}

/** The shortest decimal that reads back as the same float32 (what TF-Serving prints), not the float64 expansion. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p < 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return Number(v.toPrecision(9));
}
