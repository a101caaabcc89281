/**
 * Pooling kernels over typed arrays, for the backends whose tensors live in host memory (cpu,
 * wasm), on TensorFlow's windows (pool_windows.ts): AvgPool's gradient and the four 3-D kernels.
 * tfjs's are wrong in these ways (each checked by test/lib/backend/kernels/pool_host.test.ts):
 * - AvgPoolGrad and AvgPool3DGrad (cpu, wasm) divide every window's gradient by the whole
 *   window, where the forward pass divided by its elements inside the input ("same" padding);
 * - the 3-D kernels (every backend) shift SAME windows whose stride exceeds the pool;
 * - wasm's MaxPool3D and MaxPool3DGrad start each window's maximum at FLT_MIN, so a window of
 *   values ≤ 0 gives 1.2e-38 and sends its gradient to the window's first element;
 * - cpu's MaxPool3DGrad finds the maximum at `row · filterHeight + col` where it stored it at
 *   `row · filterWidth + col`, so dy goes to the wrong element when the two differ.
 * A window's maximum is its first in (depth, row, column) order, as in our MaxPoolGrad.
 */
import * as tf from "@tensorflow/tfjs";
import { makeTensor, readValues } from "./host_tensors.js";
import { poolWindows2D, poolWindows3D, windowRange, type PoolAttrs, type PoolWindows } from "./pool_windows.js";

type Visit = (o: number, first: [number, number, number], end: [number, number, number]) => void;

/** Calls `visit` for every output position (flat, without channels) with its window inside the input. */
function eachWindow(w: PoolWindows, visit: Visit): void {
  const [outD, outH, outW] = w.outSize;
  let o = 0;
  for (let b = 0; b < w.batch; b++) {
    for (let od = 0; od < outD; od++) {
      const [d0, d1] = windowRange(w, 0, od);
      for (let oh = 0; oh < outH; oh++) {
        const [h0, h1] = windowRange(w, 1, oh);
        for (let ow = 0; ow < outW; ow++) {
          const [w0, w1] = windowRange(w, 2, ow);
          // The batch rides on depth: input row (b·inD + d) is batch b's depth d.
          const bd = b * w.inSize[0];
          visit(o++, [bd + d0, h0, w0], [bd + d1, h1, w1]);
        }
      }
    }
  }
}

/** Flat index of channel 0 of input element (batch·depth row, row, column). */
const at = (w: PoolWindows, bd: number, h: number, col: number) => ((bd * w.inSize[1] + h) * w.inSize[2] + col) * w.channels;

/** Each output position's first maximum per channel: the flat input index of it (−1 for an empty window). */
function argmaxes(w: PoolWindows, x: tf.TypedArray): Int32Array {
  const C = w.channels;
  const outCount = w.batch * w.outSize[0] * w.outSize[1] * w.outSize[2];
  const index = new Int32Array(outCount * C).fill(-1);
  const best = new Float64Array(C);
  eachWindow(w, (o, [d0, h0, w0], [d1, h1, w1]) => {
    best.fill(-Infinity);
    const base = o * C;
    for (let d = d0; d < d1; d++) {
      for (let h = h0; h < h1; h++) {
        for (let col = w0; col < w1; col++) {
          const from = at(w, d, h, col);
          for (let c = 0; c < C; c++) {
            const v = x[from + c]!;
            if (v > best[c]! || index[base + c]! < 0) {
              best[c] = v;
              index[base + c] = from + c;
            }
          }
        }
      }
    }
  });
  return index;
}

function maxPool(w: PoolWindows, x: tf.TypedArray): tf.TypedArray {
  const index = argmaxes(w, x);
  const out = new (x.constructor as new (n: number) => tf.TypedArray)(index.length);
  for (let i = 0; i < index.length; i++) out[i] = index[i]! >= 0 ? x[index[i]!]! : NaN;
  return out;
}

function maxPoolGrad(w: PoolWindows, x: tf.TypedArray, dy: tf.TypedArray): Float32Array {
  const index = argmaxes(w, x);
  const dx = new Float32Array(x.length);
  for (let i = 0; i < index.length; i++) if (index[i]! >= 0) dx[index[i]!] += dy[i]!;
  return dx;
}

function avgPool(w: PoolWindows, x: tf.TypedArray): Float32Array {
  const C = w.channels;
  const out = new Float32Array(w.batch * w.outSize[0] * w.outSize[1] * w.outSize[2] * C);
  const sum = new Float64Array(C);
  eachWindow(w, (o, [d0, h0, w0], [d1, h1, w1]) => {
    sum.fill(0);
    for (let d = d0; d < d1; d++) {
      for (let h = h0; h < h1; h++) {
        for (let col = w0; col < w1; col++) {
          const from = at(w, d, h, col);
          for (let c = 0; c < C; c++) sum[c] += x[from + c]!;
        }
      }
    }
    const count = (d1 - d0) * (h1 - h0) * (w1 - w0);
    for (let c = 0; c < C; c++) out[o * C + c] = sum[c]! / count;
  });
  return out;
}

/** Each window's dy, divided by the count its forward average divided by, to each of its elements. */
function avgPoolGrad(w: PoolWindows, inputSize: number, dy: tf.TypedArray): Float32Array {
  const C = w.channels;
  const dx = new Float32Array(inputSize);
  eachWindow(w, (o, [d0, h0, w0], [d1, h1, w1]) => {
    const count = (d1 - d0) * (h1 - h0) * (w1 - w0);
    if (count === 0) return;
    for (let d = d0; d < d1; d++) {
      for (let h = h0; h < h1; h++) {
        for (let col = w0; col < w1; col++) {
          const to = at(w, d, h, col);
          for (let c = 0; c < C; c++) dx[to + c] += dy[o * C + c]! / count;
        }
      }
    }
  });
  return dx;
}

const outShape = (w: PoolWindows) => [w.batch, ...w.outSize, w.channels];

export const avgPoolGrad2D: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const w = poolWindows2D(input.shape, attrs as unknown as PoolAttrs);
  const size = input.shape.reduce((a, b) => a * b, 1);
  return makeTensor(backend, input.shape, "float32", avgPoolGrad(w, size, readValues(backend, dy)));
};

export const maxPool3D: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const w = poolWindows3D(x.shape, attrs as unknown as PoolAttrs);
  return makeTensor(backend, outShape(w), x.dtype, maxPool(w, readValues(backend, x)));
};

export const avgPool3D: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const w = poolWindows3D(x.shape, attrs as unknown as PoolAttrs);
  return makeTensor(backend, outShape(w), "float32", avgPool(w, readValues(backend, x)));
};

export const maxPool3DGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const w = poolWindows3D(input.shape, attrs as unknown as PoolAttrs);
  return makeTensor(backend, input.shape, "float32", maxPoolGrad(w, readValues(backend, input), readValues(backend, dy)));
};

export const avgPool3DGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const w = poolWindows3D(input.shape, attrs as unknown as PoolAttrs);
  const size = input.shape.reduce((a, b) => a * b, 1);
  return makeTensor(backend, input.shape, "float32", avgPoolGrad(w, size, readValues(backend, dy)));
};

/** Kernel name → our host kernel, for cpu and wasm. */
export const hostPoolKernels: [string, tf.KernelFunc][] = [
  ["AvgPoolGrad", avgPoolGrad2D],
  ["MaxPool3D", maxPool3D],
  ["AvgPool3D", avgPool3D],
  ["MaxPool3DGrad", maxPool3DGrad],
  ["AvgPool3DGrad", avgPool3DGrad],
];
