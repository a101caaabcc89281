/**
 * The numpy references of Keras 3's pooling tests, written out: max_pooling_test.py's
 * `np_maxpool2d`/`np_maxpool3d` (pad the end of each spatial axis with −inf for "same") and
 * average_pooling_test.py's `np_avgpool2d` (pad with the edge value, `mode="edge"`) and
 * `np_avgpool3d` (`mode="symmetric"`: the last values mirrored), then the mean or max of each
 * strided window. x is [n][h][w][c] or [n][d][h][w][c] (channels_first is transposed first);
 * and the global poolings' `np.apply_over_axes(np.max | np.mean, x, axes)`.
 */
import * as tf from "@tensorflow/tfjs";

type Grid = number[][][][];
export type Format = "channels_last" | "channels_first";

/** `_same_padding(input_size, pool_size, stride)`: all of it at the end. */
export const samePadding = (size: number, pool: number, stride: number) => (size % stride === 0 ? Math.max(pool - stride, 0) : Math.max(pool - (size % stride), 0));

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);

/** [n][c][h][w] ↔ [n][h][w][c] */
export const toChannelsLast = (x: Grid): Grid => x.map((img) => img[0]!.map((_, h) => img[0]![0]!.map((_, w) => img.map((ch) => ch[h]![w]!))));
export const toChannelsFirst = (x: Grid): Grid => x.map((img) => img[0]![0]!.map((_, c) => img.map((row) => row.map((px) => px[c]!))));

export function npPool2d(kind: "max" | "avg", input: Grid, poolSize: number | [number, number], strides: number | [number, number], padding: "valid" | "same", format: Format): Grid {
  let x = format === "channels_first" ? toChannelsLast(input) : input;
  const [ph, pw] = pair(poolSize);
  const [sh, sw] = pair(strides);
  if (padding === "same") {
    const [hPad, wPad] = [samePadding(x[0]!.length, ph, sh), samePadding(x[0]![0]!.length, pw, sw)];
    const fill = (px: number[]) => (kind === "max" ? px.map(() => -Infinity) : [...px]);
    x = x.map((img) => {
      const rows = img.map((row) => [...row, ...Array.from({ length: wPad }, () => fill(row[row.length - 1]!))]);
      return [...rows, ...Array.from({ length: hPad }, () => rows[rows.length - 1]!.map(fill))];
    });
  }
  const [h, w] = [x[0]!.length, x[0]![0]!.length];
  const [oh, ow] = [Math.floor((h - ph) / sh) + 1, Math.floor((w - pw) / sw) + 1];
  const out = x.map((img) =>
    Array.from({ length: oh }, (_, i) =>
      Array.from({ length: ow }, (_, j) =>
        img[0]![0]!.map((_, c) => {
          const window: number[] = [];
          for (let a = 0; a < ph; a++) for (let b = 0; b < pw; b++) window.push(img[i * sh + a]![j * sw + b]![c]!);
          return kind === "max" ? Math.max(...window) : window.reduce((s, v) => s + v, 0) / window.length;
        }),
      ),
    ),
  );
  return format === "channels_first" ? toChannelsFirst(out) : out;
}

type Volume = number[][][][][];
const triple = (v: number | number[]): [number, number, number] => (Array.isArray(v) ? (v as [number, number, number]) : [v, v, v]);

/** [n][c][d][h][w] ↔ [n][d][h][w][c] */
const volumeToChannelsLast = (x: Volume): Volume => x.map((v) => v[0]!.map((_, d) => v[0]![0]!.map((_, h) => v[0]![0]![0]!.map((_, w) => v.map((ch) => ch[d]![h]![w]!)))));
const volumeToChannelsFirst = (x: Volume): Volume => x.map((v) => v[0]![0]![0]!.map((_, c) => v.map((plane) => plane.map((row) => row.map((px) => px[c]!)))));

export function npPool3d(kind: "max" | "avg", input: Volume, poolSize: number | number[], strides: number | number[], padding: "valid" | "same", format: Format): Volume {
  const x = format === "channels_first" ? volumeToChannelsLast(input) : input;
  const f = triple(poolSize);
  const s = triple(strides);
  const inSize = [x[0]!.length, x[0]![0]!.length, x[0]![0]![0]!.length];
  const pad = inSize.map((n, a) => (padding === "same" ? samePadding(n, f[a]!, s[a]!) : 0));
  // Position p of an axis after end padding: −inf for max; for average, numpy's "symmetric"
  // mirror of the end (p = n + k reads n − 1 − k).
  const read = (img: number[][][][], p: number[], c: number) => {
    if (p.some((v, a) => v >= inSize[a]!)) {
      if (kind === "max") return -Infinity;
      p = p.map((v, a) => (v < inSize[a]! ? v : 2 * inSize[a]! - 1 - v));
    }
    return img[p[0]!]![p[1]!]![p[2]!]![c]!;
  };
  const outSize = inSize.map((n, a) => Math.floor((n + pad[a]! - f[a]!) / s[a]!) + 1);
  const channels = x[0]![0]![0]![0]!.length;
  const out = x.map((img) =>
    Array.from({ length: outSize[0]! }, (_, i) =>
      Array.from({ length: outSize[1]! }, (_, j) =>
        Array.from({ length: outSize[2]! }, (_, k) =>
          Array.from({ length: channels }, (_, c) => {
            const window: number[] = [];
            for (let a = 0; a < f[0]; a++) for (let b = 0; b < f[1]; b++) for (let e = 0; e < f[2]; e++) window.push(read(img, [i * s[0] + a, j * s[1] + b, k * s[2] + e], c));
            return kind === "max" ? Math.max(...window) : window.reduce((sum, v) => sum + v, 0) / window.length;
          }),
        ),
      ),
    ),
  );
  return format === "channels_first" ? volumeToChannelsFirst(out) : out;
}

/** `np.apply_over_axes(np.max | np.mean, x, axes)`, then `.squeeze()` unless keepdims: a loop over the flat array. */
export function npGlobalPool(kind: "max" | "avg", data: ArrayLike<number>, shape: number[], axes: number[], keepdims: boolean): unknown {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const size = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(size).fill(kind === "max" ? -Infinity : 0);
  const strides = (sh: number[]) => sh.map((_, i) => sh.slice(i + 1).reduce((a, b) => a * b, 1));
  const [inStrides, outStrides] = [strides(shape), strides(outShape)];
  for (let flat = 0; flat < data.length; flat++) {
    let o = 0;
    shape.forEach((_, i) => {
      const idx = Math.floor(flat / inStrides[i]!) % shape[i]!;
      o += (axes.includes(i) ? 0 : idx) * outStrides[i]!;
    });
    out[o] = kind === "max" ? Math.max(out[o]!, data[flat]!) : out[o]! + data[flat]!;
  }
  const pooled = kind === "max" ? out : out.map((v) => v / (data.length / size));
  const finalShape = keepdims ? outShape : outShape.filter((d) => d !== 1); // .squeeze()
  return tf.tensor(pooled, finalShape).arraySync();
}
