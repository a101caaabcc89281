/**
 * A whole LSTM sequence as one kernel forward ("TslabLSTMSequence") and one backward
 * ("TslabLSTMSequenceGrad"), on the cpu and wasm backends: what Keras gets from cuDNN's fused
 * kernel. tfjs-layers runs ~45 small kernels per time step (forward and backward), and at
 * Keras-sized layers their dispatch costs more than their arithmetic.
 *
 * On wasm the arithmetic runs in native/lstm_sequence.c (OpenBLAS on the wasm heap) when the
 * addon is built, else in lstm_sequence_math.ts over the heap, which is also the cpu kernel.
 * Other backends have no such kernel, and wasm without the addon is better off without it:
 * `hasFusedLstm` tells the layer when to keep tfjs's path.
 *
 * Inputs: x [B, T, in], kernel [in, 4U], recurrentKernel [U, 4U], bias [4U] (or [0]: none),
 * h0 and c0 [B, U], mask [B, T] float32 (or [0]: none). Outputs: the h of every step [B, T, U] (in
 * processing order, reversed input time with goBackwards, as tfjs returns it), the last h and c
 * [B, U], and two saved for the gradient: the gate activations [B, T, 4U] and c per step [B, T, U].
 */
import * as tf from "@tensorflow/tfjs";
import { nativeBlas } from "../native/native_blas.js";
import { makeTensor, readValues } from "./host_tensors.js";
import { checkForward, LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD, size, sizesOf, type LstmGradInputs, type LstmInputs } from "./lstm_sequence_contract.js";
import { lstmBackward, lstmForward } from "./lstm_sequence_math.js";
import { lstmSequenceWebGpuKernels } from "./lstm_sequence_webgpu.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

export { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD };

type Inputs = LstmInputs;
type GradInputs = LstmGradInputs;

const f32 = (backend: object, t: tf.TensorInfo) => readValues(backend, t) as Float32Array;
const optional = (backend: object, t: tf.TensorInfo) => (size(t) === 0 ? null : f32(backend, t));

/** The TypeScript kernel: the cpu backend's, and wasm's when the native addon is not built. */
const forwardHost: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const ins = inputs as Inputs;
  const sizes = sizesOf(ins, attrs);
  checkForward(ins, sizes);
  const out = lstmForward(
    {
      x: f32(backend, ins.x), kernel: f32(backend, ins.kernel), recurrentKernel: f32(backend, ins.recurrentKernel),
      bias: optional(backend, ins.bias), h0: f32(backend, ins.h0), c0: f32(backend, ins.c0), mask: optional(backend, ins.mask),
    },
    sizes,
  );
  const { batch: B, steps: T, units: U } = sizes;
  return [
    makeTensor(backend, [B, T, U], "float32", out.hSeq),
    makeTensor(backend, [B, U], "float32", out.hLast),
    makeTensor(backend, [B, U], "float32", out.cLast),
    makeTensor(backend, [B, T, 4 * U], "float32", out.gates),
    makeTensor(backend, [B, T, U], "float32", out.cSeq),
  ];
};

const backwardHost: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const ins = inputs as GradInputs;
  const sizes = sizesOf(ins, attrs);
  const out = lstmBackward(
    {
      x: f32(backend, ins.x), kernel: f32(backend, ins.kernel), recurrentKernel: f32(backend, ins.recurrentKernel),
      h0: f32(backend, ins.h0), c0: f32(backend, ins.c0), mask: optional(backend, ins.mask),
      hSeq: f32(backend, ins.hSeq), cSeq: f32(backend, ins.cSeq), gates: f32(backend, ins.gates),
      dhSeq: f32(backend, ins.dhSeq), dhLast: f32(backend, ins.dhLast), dcLast: f32(backend, ins.dcLast),
    },
    sizes,
  );
  const { batch: B, steps: T, inputDim: I, units: U } = sizes;
  const hasBias = size(ins.bias) > 0;
  return [
    makeTensor(backend, [B, T, I], "float32", out.dx),
    makeTensor(backend, [I, 4 * U], "float32", out.dKernel),
    makeTensor(backend, [U, 4 * U], "float32", out.dRecurrentKernel),
    makeTensor(backend, hasBias ? [4 * U] : [0], "float32", hasBias ? out.dBias : new Float32Array(0)),
    makeTensor(backend, [B, U], "float32", out.dh0),
    makeTensor(backend, [B, U], "float32", out.dc0),
  ];
};

/** wasm: native/lstm_sequence.c on the heap in place, or the TypeScript kernel without the addon. */
const forwardWasm: tf.KernelFunc = (args) => {
  const native = nativeBlas();
  if (!native) return forwardHost(args);
  const ins = args.inputs as Inputs;
  const sizes = sizesOf(ins, args.attrs);
  checkForward(ins, sizes);
  const { batch: B, steps: T, inputDim: I, units: U } = sizes;
  const backend = args.backend as WasmHeapBackend;
  const at = (t: tf.TensorInfo) => (size(t) === 0 ? 0 : heapOffset(backend, t));
  const outputs = [[B, T, U], [B, U], [B, U], [B, T, 4 * U], [B, T, U]].map((shape) => backend.makeOutput(shape, "float32"));
  const [hSeq, hLast, cLast, gates, cSeq] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  native.lstmSequence(
    currentHeap(backend), at(ins.x), at(ins.kernel), at(ins.recurrentKernel), at(ins.bias), at(ins.h0), at(ins.c0), at(ins.mask),
    at(hSeq), at(cSeq), at(gates), at(hLast), at(cLast), B, T, I, U, sizes.goBackwards ? 1 : 0,
  );
  return outputs;
};

const backwardWasm: tf.KernelFunc = (args) => {
  const native = nativeBlas();
  if (!native) return backwardHost(args);
  const ins = args.inputs as GradInputs;
  const sizes = sizesOf(ins, args.attrs);
  const { batch: B, steps: T, inputDim: I, units: U } = sizes;
  const backend = args.backend as WasmHeapBackend;
  const at = (t: tf.TensorInfo) => (size(t) === 0 ? 0 : heapOffset(backend, t));
  const hasBias = size(ins.bias) > 0;
  const shapes = [[B, T, I], [I, 4 * U], [U, 4 * U], hasBias ? [4 * U] : [0], [B, U], [B, U]];
  const outputs = shapes.map((shape) => backend.makeOutput(shape, "float32"));
  const [dx, dKernel, dRecurrent, dBias, dh0, dc0] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  native.lstmSequenceGrad(
    currentHeap(backend), at(ins.x), at(ins.kernel), at(ins.recurrentKernel), at(ins.h0), at(ins.c0), at(ins.mask),
    at(ins.hSeq), at(ins.cSeq), at(ins.gates), at(ins.dhSeq), at(ins.dhLast), at(ins.dcLast),
    at(dx), at(dKernel), at(dRecurrent), at(dBias), at(dh0), at(dc0), B, T, I, U, sizes.goBackwards ? 1 : 0,
  );
  return outputs;
};

/** The kernels to register (kernels/register.ts). */
export const lstmSequenceKernels: tf.KernelConfig[] = [
  { kernelName: LSTM_SEQUENCE, backendName: "cpu", kernelFunc: forwardHost },
  { kernelName: LSTM_SEQUENCE_GRAD, backendName: "cpu", kernelFunc: backwardHost },
  { kernelName: LSTM_SEQUENCE, backendName: "wasm", kernelFunc: forwardWasm },
  { kernelName: LSTM_SEQUENCE_GRAD, backendName: "wasm", kernelFunc: backwardWasm },
  ...lstmSequenceWebGpuKernels,
];

const SAVED_INPUTS = ["x", "kernel", "recurrentKernel", "bias", "h0", "c0", "mask"] as const;

/**
 * The forward's gradient: one call of the backward kernel for every input at once (computed
 * before the per-input closures, which tfjs runs each in its own tidy).
 */
export const lstmSequenceGradient: tf.GradConfig = {
  kernelName: LSTM_SEQUENCE,
  inputsToSave: [...SAVED_INPUTS],
  outputsToSave: [true, false, false, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dhSeq, dhLast, dcLast] = dy as tf.Tensor[];
    const [x, kernel, recurrentKernel, bias, h0, c0, mask, hSeq, gates, cSeq] = saved as tf.Tensor[];
    const gradInputs = { x, kernel, recurrentKernel, bias, h0, c0, mask, hSeq, gates, cSeq, dhSeq, dhLast, dcLast } as unknown as tf.NamedTensorMap;
    const [dx, dKernel, dRecurrent, dBias, dh0, dc0] = tf.engine().runKernel(LSTM_SEQUENCE_GRAD, gradInputs, attrs as tf.NamedAttrMap) as tf.Tensor[];
    return {
      x: () => dx!, kernel: () => dKernel!, recurrentKernel: () => dRecurrent!, bias: () => dBias!,
      h0: () => dh0!, c0: () => dc0!, mask: () => tf.zerosLike(mask!),
    };
  },
};

let registered = false;

/** Registers both kernels on cpu and wasm, and the gradient (once per process). */
export function registerLstmSequenceKernels(): void {
  if (registered) return;
  for (const config of lstmSequenceKernels) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  tf.registerGradient(lstmSequenceGradient);
  registered = true;
}

/**
 * Whether the layer should take the fused kernel on the active backend. On wasm only with the
 * native addon: there the TypeScript arithmetic is ~5× slower than tfjs's per-step path through
 * XNNPACK (Embedding+LSTM(64), length 50, batch 64: 1.2 s against 0.23 s a training step).
 */
export function hasFusedLstm(): boolean {
  const name = tf.getBackend();
  if (tf.getKernel(LSTM_SEQUENCE, name) === undefined || tf.getKernel(LSTM_SEQUENCE_GRAD, name) === undefined) return false;
  return name !== "wasm" || nativeBlas() !== null;
}

export interface LstmSequenceArgs {
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D | null;
  h0: tf.Tensor2D;
  c0: tf.Tensor2D;
  /** [batch, steps]: false/0 marks a step to skip (its h and c carry over). */
  mask: tf.Tensor | null;
  goBackwards: boolean;
}

/**
 * The op: runs the fused kernel (differentiable through the engine's tape) and returns the h of
 * every step, and the last h and c.
 */
export function lstmSequence(args: LstmSequenceArgs): { sequence: tf.Tensor3D; lastH: tf.Tensor2D; lastC: tf.Tensor2D } {
  const none = tf.zeros([0]);
  let mask = none as tf.Tensor;
  if (args.mask) mask = args.mask.dtype === "bool" ? tf.cast(args.mask, "float32") : tf.cast(tf.cast(args.mask, "bool"), "float32");
  const inputs = {
    x: args.x, kernel: args.kernel, recurrentKernel: args.recurrentKernel, bias: args.bias ?? none,
    h0: args.h0, c0: args.c0, mask,
  } as unknown as tf.NamedTensorMap;
  const [sequence, lastH, lastC, gates, cSeq] = tf.engine().runKernel(LSTM_SEQUENCE, inputs, { goBackwards: args.goBackwards }) as tf.Tensor[];
  // The tape keeps its own references to what the gradient needs.
  tf.dispose([gates!, cSeq!]);
  if (mask !== none) mask.dispose();
  none.dispose();
  return { sequence: sequence as tf.Tensor3D, lastH: lastH as tf.Tensor2D, lastC: lastC as tf.Tensor2D };
}
