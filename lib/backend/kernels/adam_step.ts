import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import { makeTensor, readValues } from "./host_tensors.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

/**
 * One Adam step of one variable: inputs {value, m, v, grad} (and vHat with amsgrad) →
 * [value', m', v'] (and vHat').
 */
export const adamStepKernelName = "TslabKerasAdamStep";

export interface AdamStepAttrs {
  /** α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ): Keras folds both bias corrections into the step size. */
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

interface AdamStepInputs {
  value: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  grad: tf.TensorInfo;
  vHat?: tf.TensorInfo;
}

/**
 * Keras 3's Adam step (keras/src/optimizers/adam.py `update_step`), in its order of operations
 * and in float32, in one pass over the variable where tfjs's optimizer runs ~12 kernels:
 *   m' = m + (g − m)(1−β₁),  v' = v + (g² − v)(1−β₂),  v̂' = max(v̂, v') with amsgrad else v',
 *   value' = value − m'·α / (√v̂' + ε).
 * This is not tfjs's `m̂/(√v̂+ε)`: there ε is added to the bias-corrected root, i.e. scaled by
 * 1/√(1−β₂ᵗ), which differs from Keras whenever ε is not negligible.
 */
const fround = Math.fround;

export const adamStepCpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, m, v, grad, vHat } = inputs as unknown as AdamStepInputs;
  const a = attrs as unknown as AdamStepAttrs;
  const [x, mOld, vOld, g] = [value, m, v, grad].map((t) => readValues(backend, t)) as Float32Array[];
  const hOld = vHat ? (readValues(backend, vHat) as Float32Array) : undefined;
  const size = x!.length;
  const newValue = new Float32Array(size);
  const newM = new Float32Array(size);
  const newV = new Float32Array(size);
  const newH = hOld ? new Float32Array(size) : undefined;
  const alpha = fround(a.alpha), epsilon = fround(a.epsilon);
  const keep1 = fround(1 - a.beta1), keep2 = fround(1 - a.beta2);
  for (let i = 0; i < size; i++) {
    const gi = g![i]!;
    const mi = fround(mOld![i]! + fround(fround(gi - mOld![i]!) * keep1));
    const vi = fround(vOld![i]! + fround(fround(fround(gi * gi) - vOld![i]!) * keep2));
    newM[i] = mi;
    newV[i] = vi;
    let root = vi;
    if (newH) root = newH[i] = Math.max(hOld![i]!, vi);
    newValue[i] = fround(x![i]! - fround(fround(mi * alpha) / fround(fround(Math.sqrt(root)) + epsilon)));
  }
  const outputs = [newValue, newM, newV, ...(newH ? [newH] : [])];
  return outputs.map((values) => makeTensor(backend, value.shape, "float32", values));
};

export function adamStepWasm(native: NativeBlas): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { value, m, v, grad, vHat } = inputs as unknown as AdamStepInputs;
    const a = attrs as unknown as AdamStepAttrs;
    const heapBackend = backend as WasmHeapBackend;
    const outputs = (vHat ? [0, 1, 2, 3] : [0, 1, 2]).map(() => heapBackend.makeOutput(value.shape, "float32"));
    const size = value.shape.reduce((p, d) => p * d, 1);
    const at = (t: tf.TensorInfo | undefined) => (t ? heapOffset(heapBackend, t) : -1);
    native.adam(
      currentHeap(heapBackend), at(value), at(m), at(v), at(vHat), at(grad), at(outputs[0]), at(outputs[1]), at(outputs[2]), at(outputs[3]),
      size, a.alpha, 1 - a.beta1, 1 - a.beta2, a.epsilon,
    );
    return outputs;
  };
}
