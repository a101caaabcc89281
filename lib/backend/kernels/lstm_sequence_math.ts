/**
 * The fused LSTM's arithmetic in TypeScript over typed arrays: the cpu backend's kernel, the wasm
 * backend's when the native addon is not built, and the reference the native code
 * (native/lstm_sequence.c: the same algorithm and layouts, its header describes them; it differs
 * only in its vectorised exp, within 2e-7) is tested against.
 */

export interface LstmSizes {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  goBackwards: boolean;
}

export interface LstmForwardInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  /** null: no bias. */
  bias: Float32Array | null;
  h0: Float32Array;
  c0: Float32Array;
  /** [batch, steps] in input time order, non-zero = step taken; null: every step is taken. */
  mask: Float32Array | null;
}

export interface LstmForwardOutputs {
  hSeq: Float32Array;
  hLast: Float32Array;
  cLast: Float32Array;
  gates: Float32Array;
  cSeq: Float32Array;
}

export interface LstmBackwardInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  h0: Float32Array;
  c0: Float32Array;
  mask: Float32Array | null;
  hSeq: Float32Array;
  cSeq: Float32Array;
  gates: Float32Array;
  dhSeq: Float32Array;
  dhLast: Float32Array;
  dcLast: Float32Array;
}

export interface LstmBackwardOutputs {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
  dh0: Float32Array;
  dc0: Float32Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** c[m, n] (+)= a[m, k] · b[k, n], row-major with leading dimensions. */
function gemmNN(
  m: number, n: number, k: number,
  a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number, accumulate: boolean,
): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) row[j] = accumulate ? c[ci + j]! : 0;
    const ai = aOff + i * lda;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p]!;
      if (aip === 0) continue;
      const bp = bOff + p * ldb;
      for (let j = 0; j < n; j++) row[j]! += aip * b[bp + j]!;
    }
    for (let j = 0; j < n; j++) c[ci + j] = row[j]!;
  }
}

/** c[m, n] = a[m, k] · b[n, k]ᵀ. */
function gemmNT(
  m: number, n: number, k: number,
  a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * lda;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[ai + p]! * b[bj + p]!;
      c[cOff + i * ldc + j] = sum;
    }
  }
}

/** c[m, n] = a[k, m]ᵀ · b[k, n]. */
function gemmTN(m: number, n: number, k: number, a: Float32Array, lda: number, b: Float32Array, ldb: number, c: Float32Array): void {
  const acc = new Float64Array(m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * lda;
    const bp = p * ldb;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i]!;
      if (api === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) acc[ci + j]! += api * b[bp + j]!;
    }
  }
  c.set(acc);
}

export function lstmForward(inputs: LstmForwardInputs, sizes: LstmSizes): LstmForwardOutputs {
  const { x, kernel, recurrentKernel, bias, h0, c0, mask } = inputs;
  const { batch: B, steps: T, inputDim: I, units: U, goBackwards } = sizes;
  const G = 4 * U;
  const hSeq = new Float32Array(B * T * U);
  const cSeq = new Float32Array(B * T * U);
  const gates = new Float32Array(B * T * G);
  const xw = new Float32Array(B * T * G);
  gemmNN(B * T, G, I, x, 0, I, kernel, 0, G, xw, 0, G, false);
  const z = new Float32Array(B * G);
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    for (let b = 0; b < B; b++) {
      z.set(xw.subarray((b * T + t) * G, (b * T + t + 1) * G), b * G);
      if (bias) for (let j = 0; j < G; j++) z[b * G + j]! += bias[j]!;
    }
    const hPrev = s === 0 ? h0 : hSeq;
    const hOff = s === 0 ? 0 : (s - 1) * U;
    const hStride = s === 0 ? U : T * U;
    gemmNN(B, G, U, hPrev, hOff, hStride, recurrentKernel, 0, G, z, 0, G, true);
    for (let b = 0; b < B; b++) {
      const zr = b * G;
      const hp = hOff + b * hStride;
      const cPrev = s === 0 ? c0 : cSeq;
      const cp = s === 0 ? b * U : (b * T + s - 1) * U;
      const gr = (b * T + s) * G;
      const out = (b * T + s) * U;
      const taken = mask === null || mask[b * T + t] !== 0;
      for (let j = 0; j < U; j++) {
        const i = sigmoid(z[zr + j]!);
        const f = sigmoid(z[zr + U + j]!);
        const g = Math.tanh(z[zr + 2 * U + j]!);
        const o = sigmoid(z[zr + 3 * U + j]!);
        gates[gr + j] = i;
        gates[gr + U + j] = f;
        gates[gr + 2 * U + j] = g;
        gates[gr + 3 * U + j] = o;
        if (taken) {
          // Rounded to float32 before tanh, as the unfused kernels store c between ops.
          const c = Math.fround(f * cPrev[cp + j]! + i * g);
          cSeq[out + j] = c;
          hSeq[out + j] = o * Math.tanh(c);
        } else {
          cSeq[out + j] = cPrev[cp + j]!;
          hSeq[out + j] = hPrev[hp + j]!;
        }
      }
    }
  }
  const hLast = new Float32Array(B * U);
  const cLast = new Float32Array(B * U);
  for (let b = 0; b < B; b++) {
    hLast.set(hSeq.subarray((b * T + T - 1) * U, (b * T + T) * U), b * U);
    cLast.set(cSeq.subarray((b * T + T - 1) * U, (b * T + T) * U), b * U);
  }
  return { hSeq, hLast, cLast, gates, cSeq };
}

export function lstmBackward(inputs: LstmBackwardInputs, sizes: LstmSizes): LstmBackwardOutputs {
  const { x, kernel, recurrentKernel, h0, c0, mask, hSeq, cSeq, gates, dhSeq, dhLast, dcLast } = inputs;
  const { batch: B, steps: T, inputDim: I, units: U, goBackwards } = sizes;
  const G = 4 * U;
  const dz = new Float32Array(B * T * G);
  const hPrevAll = new Float32Array(B * T * U);
  const dh = Float32Array.from(dhLast);
  const dc = Float32Array.from(dcLast);
  const dhRec = new Float32Array(B * U);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    for (let b = 0; b < B; b++) {
      const row = b * U;
      const ys = (b * T + s) * U;
      for (let j = 0; j < U; j++) dh[row + j]! += dhSeq[ys + j]!;
      const hp = s === 0 ? h0.subarray(row, row + U) : hSeq.subarray((b * T + s - 1) * U, (b * T + s) * U);
      hPrevAll.set(hp, (b * T + t) * U);
      if (mask !== null && mask[b * T + t] === 0) continue; // dz stays 0; dh, dc pass through
      const dzr = (b * T + t) * G;
      const gr = (b * T + s) * G;
      const cPrev = s === 0 ? c0 : cSeq;
      const cp = s === 0 ? row : (b * T + s - 1) * U;
      for (let j = 0; j < U; j++) {
        const i = gates[gr + j]!;
        const f = gates[gr + U + j]!;
        const g = gates[gr + 2 * U + j]!;
        const o = gates[gr + 3 * U + j]!;
        const tc = Math.tanh(cSeq[ys + j]!);
        const dO = dh[row + j]! * tc;
        const dcj = dc[row + j]! + dh[row + j]! * o * (1 - tc * tc);
        dz[dzr + j] = dcj * g * i * (1 - i);
        dz[dzr + U + j] = dcj * cPrev[cp + j]! * f * (1 - f);
        dz[dzr + 2 * U + j] = dcj * i * (1 - g * g);
        dz[dzr + 3 * U + j] = dO * o * (1 - o);
        dc[row + j] = dcj * f;
      }
    }
    gemmNT(B, U, G, dz, t * G, T * G, recurrentKernel, 0, G, dhRec, 0, U);
    for (let b = 0; b < B; b++) {
      if (mask !== null && mask[b * T + t] === 0) continue;
      dh.set(dhRec.subarray(b * U, (b + 1) * U), b * U);
    }
  }
  const dx = new Float32Array(B * T * I);
  gemmNT(B * T, I, G, dz, 0, G, kernel, 0, G, dx, 0, I);
  const dKernel = new Float32Array(I * G);
  gemmTN(I, G, B * T, x, I, dz, G, dKernel);
  const dRecurrentKernel = new Float32Array(U * G);
  gemmTN(U, G, B * T, hPrevAll, U, dz, G, dRecurrentKernel);
  const dBias = new Float32Array(G);
  for (let r = 0; r < B * T; r++) for (let j = 0; j < G; j++) dBias[j]! += dz[r * G + j]!;
  return { dx, dKernel, dRecurrentKernel, dBias, dh0: dh, dc0: dc };
}
