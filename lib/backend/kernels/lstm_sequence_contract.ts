/**
 * What every backend's fused LSTM kernels share (kernels/lstm_sequence.ts has the layouts): the
 * kernel names, the sizes read off the inputs, and the checks of the forward's inputs.
 */
import * as tf from "@tensorflow/tfjs";
import type { LstmSizes } from "./lstm_sequence_math.js";

export const LSTM_SEQUENCE = "TslabLSTMSequence";
export const LSTM_SEQUENCE_GRAD = "TslabLSTMSequenceGrad";

export type LstmInputs = Record<"x" | "kernel" | "recurrentKernel" | "bias" | "h0" | "c0" | "mask", tf.TensorInfo>;
export type LstmGradInputs = Record<
  "x" | "kernel" | "recurrentKernel" | "bias" | "h0" | "c0" | "mask" | "hSeq" | "gates" | "cSeq" | "dhSeq" | "dhLast" | "dcLast",
  tf.TensorInfo
>;

export const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

export function sizesOf(inputs: { x: tf.TensorInfo; recurrentKernel: tf.TensorInfo }, attrs: tf.NamedAttrMap | undefined): LstmSizes {
  const [batch, steps, inputDim] = inputs.x.shape as [number, number, number];
  return { batch, steps, inputDim, units: inputs.recurrentKernel.shape[0]!, goBackwards: attrs?.goBackwards === true };
}

export function checkForward(inputs: LstmInputs, sizes: LstmSizes): void {
  const { batch: B, steps: T, inputDim: I, units: U } = sizes;
  const expect = (name: keyof LstmInputs, shape: number[], optional = false) => {
    const t = inputs[name];
    if (t.dtype !== "float32") throw new TypeError(`${LSTM_SEQUENCE}: ${name} must be float32, got ${t.dtype}`);
    if (optional && size(t) === 0) return;
    if (!tf.util.arraysEqual(t.shape, shape)) throw new TypeError(`${LSTM_SEQUENCE}: ${name} must have shape [${shape}], got [${t.shape}]`);
  };
  if (inputs.x.shape.length !== 3 || T < 1) throw new TypeError(`${LSTM_SEQUENCE}: x must be [batch, steps ≥ 1, features], got [${inputs.x.shape}]`);
  expect("x", [B, T, I]);
  expect("kernel", [I, 4 * U]);
  expect("recurrentKernel", [U, 4 * U]);
  expect("bias", [4 * U], true);
  expect("h0", [B, U]);
  expect("c0", [B, U]);
  expect("mask", [B, T], true);
}

