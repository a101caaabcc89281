import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import { makeTensor, readValues } from "./host_tensors.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/** One Adam step of one variable: inputs {value, m, v, grad} → [value', m', v']. */
export const adamStepKernelName = "TslabKerasAdamStep";

export interface AdamStepAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ as float32, as tfjs computes them from its accBeta variables. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

interface AdamStepInputs {
  value: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  grad: tf.TensorInfo;
}

/**
 * tfjs's AdamOptimizer runs ~12 kernels per variable per step (each a full pass over the
 * variable, and each paying the engine's per-kernel cost); this is the same arithmetic, in the
 * same order and float32 rounding, in one pass.
 */
const fround = Math.fround;

export const adamStepCpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, m, v, grad } = inputs as unknown as AdamStepInputs;
  const a = attrs as unknown as AdamStepAttrs;
  const [x, mOld, vOld, g] = [value, m, v, grad].map((t) => readValues(backend, t)) as Float32Array[];
  const size = x!.length;
  const newValue = new Float32Array(size);
  const newM = new Float32Array(size);
  const newV = new Float32Array(size);
  const beta1 = fround(a.beta1), beta2 = fround(a.beta2), epsilon = fround(a.epsilon), rate = fround(-a.learningRate);
  const keep1 = fround(1 - a.beta1), keep2 = fround(1 - a.beta2);
  const c1 = fround(a.oneMinusAccBeta1), c2 = fround(a.oneMinusAccBeta2);
  for (let i = 0; i < size; i++) {
    const gi = g![i]!;
    const mi = fround(fround(mOld![i]! * beta1) + fround(gi * keep1));
    const vi = fround(fround(vOld![i]! * beta2) + fround(fround(gi * gi) * keep2));
    newM[i] = mi;
    newV[i] = vi;
    const step = fround(fround(mi / c1) / fround(fround(Math.sqrt(fround(vi / c2))) + epsilon));
    newValue[i] = fround(step * rate) + x![i]!;
  }
  return [
    makeTensor(backend, value.shape, "float32", newValue),
    makeTensor(backend, value.shape, "float32", newM),
    makeTensor(backend, value.shape, "float32", newV),
  ];
};

export function adamStepWasm(native: NativeBlas): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { value, m, v, grad } = inputs as unknown as AdamStepInputs;
    const a = attrs as unknown as AdamStepAttrs;
    const heapBackend = backend as WasmHeapBackend;
    const outputs = [0, 1, 2].map(() => heapBackend.makeOutput(value.shape, "float32"));
    const size = value.shape.reduce((p, d) => p * d, 1);
    native.adam(
      currentHeap(heapBackend), ...[value, m, v, grad, ...outputs].map((t) => heapOffset(heapBackend, t)) as [number, number, number, number, number, number, number],
      size, a.learningRate, a.beta1, a.beta2, a.epsilon, 1 - a.beta1, 1 - a.beta2, a.oneMinusAccBeta1, a.oneMinusAccBeta2,
    );
    return outputs;
  };
}
