/**
 * TensorFlow's pooling and its gradient, computed by numpy (/usr/bin/python3) as the reference
 * for our pooling kernels: the input padded with NaN by TensorFlow's SAME rule (total
 * max((out−1)·stride + filter − in, 0), its floor half before), every window reduced with
 * NaN left out (nanmax/nanmean: padding neither wins a max nor counts in an average), and the
 * gradient of sum(pool(x) · w) scattered back: w/count to each real element of an average's
 * window, w to the first maximum (np.argmax) of a max window.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";

export interface PoolCase {
  name: string;
  kind: "max" | "avg";
  /** [b, h, w, c] (2-D pooling) or [b, d, h, w, c] */
  shape: number[];
  filter: number[];
  strides: number[];
  padding: "valid" | "same";
  /** Added to the input's values in [−1, 1): −2 makes every window negative. */
  offset?: number;
}

export interface PoolReference {
  outShape: number[];
  out: number[];
  dx: number[];
}

export function inputValues(c: PoolCase, seed = 5): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1 + (c.offset ?? 0));
}

/** w of sum(pool(x) · w): sin(1 + flat index), the same on both sides. */
export const outputWeights = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1)), shape);

const SCRIPT = `
import json, sys
import numpy as np
results = []
for c in json.load(sys.stdin):
    shape = c["shape"]
    x = np.array(c["x"], dtype=np.float64).reshape(shape)
    f, s = list(c["filter"]), list(c["strides"])
    if len(shape) == 4:
        x, f, s = x[:, None], [1] + f, [1] + s
    b, ch = x.shape[0], x.shape[-1]
    before, after, out = [], [], []
    for n, k, st in zip(x.shape[1:4], f, s):
        if c["padding"] == "valid":
            o, total = (n - k) // st + 1, 0
        else:
            o = -(-n // st)
            total = max((o - 1) * st + k - n, 0)
        before.append(total // 2); after.append(total - total // 2); out.append(o)
    xp = np.pad(x, [(0, 0)] + list(zip(before, after)) + [(0, 0)], constant_values=np.nan)
    y = np.zeros([b] + out + [ch])
    w = np.sin(np.arange(y.size) + 1).reshape(y.shape)
    dxp = np.zeros(xp.shape)
    for i in range(out[0]):
        for j in range(out[1]):
            for k in range(out[2]):
                sl = (slice(None), slice(i * s[0], i * s[0] + f[0]), slice(j * s[1], j * s[1] + f[1]), slice(k * s[2], k * s[2] + f[2]), slice(None))
                win = xp[sl]
                real = ~np.isnan(win)
                if c["kind"] == "avg":
                    count = real.sum(axis=(1, 2, 3))
                    y[:, i, j, k] = np.nansum(win, axis=(1, 2, 3)) / count
                    dxp[sl] += real * (w[:, i, j, k] / count)[:, None, None, None, :]
                else:
                    flat = np.where(real, win, -np.inf).transpose(0, 4, 1, 2, 3).reshape(b, ch, -1)
                    y[:, i, j, k] = flat.max(axis=-1)
                    first = flat.argmax(axis=-1)
                    onehot = np.zeros(flat.shape)
                    np.put_along_axis(onehot, first[..., None], 1.0, axis=-1)
                    onehot = onehot.reshape(b, ch, *f).transpose(0, 2, 3, 4, 1)
                    dxp[sl] += onehot * w[:, i, j, k][:, None, None, None, :]
    dx = dxp[:, before[0]:before[0] + x.shape[1], before[1]:before[1] + x.shape[2], before[2]:before[2] + x.shape[3]]
    out_shape = [b] + out + [ch] if len(shape) == 5 else [b] + out[1:] + [ch]
    results.append({"outShape": out_shape, "out": y.ravel().tolist(), "dx": dx.ravel().tolist()})
json.dump(results, sys.stdout)
`;

export function numpyPool(cases: PoolCase[]): PoolReference[] {
  const input = JSON.stringify(cases.map((c) => ({ ...c, x: Array.from(inputValues(c)) })));
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", SCRIPT], { input, encoding: "utf8" }));
}

/** Our pool of the case's input on the current backend, and the gradient of sum(pool(x) · w). */
export async function poolAndGradient(c: PoolCase): Promise<{ outShape: number[]; out: Float32Array; dx: Float32Array }> {
  const x = tf.tensor(inputValues(c), c.shape);
  const pool = (t: tf.Tensor) => {
    const padding = c.padding;
    if (c.shape.length === 4) return c.kind === "max" ? tf.maxPool(t as tf.Tensor4D, c.filter as [number, number], c.strides as [number, number], padding) : tf.avgPool(t as tf.Tensor4D, c.filter as [number, number], c.strides as [number, number], padding);
    const [f, s] = [c.filter as [number, number, number], c.strides as [number, number, number]];
    return c.kind === "max" ? tf.maxPool3d(t as tf.Tensor5D, f, s, padding) : tf.avgPool3d(t as tf.Tensor5D, f, s, padding);
  };
  const y = pool(x);
  const w = outputWeights(y.shape);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), w)))(x);
  const result = { outShape: y.shape, out: (await y.data()) as Float32Array, dx: (await dx.data()) as Float32Array };
  tf.dispose([x, y, w, dx]);
  return result;
}

export function assertMatches(actual: { outShape: number[]; out: Float32Array; dx: Float32Array }, expected: PoolReference, what: string): void {
  assert.deepEqual(actual.outShape, expected.outShape, `${what}: output shape`);
  const check = (got: Float32Array, want: number[], part: string) => {
    assert.equal(got.length, want.length, `${what}: ${part} length`);
    want.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) <= 1e-5 * (1 + Math.abs(e)), `${what}: ${part}[${i}] is ${got[i]}, TensorFlow's ${e}`));
  };
  check(actual.out, expected.out, "output");
  check(actual.dx, expected.dx, "gradient");
}
