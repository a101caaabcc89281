/**
 * The 2-D numpy references of Keras 3's pooling tests, written out: max_pooling_test.py's
 * `np_maxpool2d` (pad the end of each spatial axis with −inf for "same") and
 * average_pooling_test.py's `np_avgpool2d` (pad with the edge value, `mode="edge"`), then the
 * mean or max of each strided window. x is [n][h][w][c] (channels_first is transposed first).
 */
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
