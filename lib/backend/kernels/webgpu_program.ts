/**
 * The shape of a compute program that tfjs-backend-webgpu's `runWebGPUProgram` runs, and the part
 * of its backend our webgpu kernels call. tfjs does not export these types; every kernel of ours
 * on webgpu (Adam's step, the cross-entropies, the LSTM sequence, pooling) uses these.
 */
import type * as tf from "@tensorflow/tfjs";

export interface WebGpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  /** tfjs adds the flattened output size as a uniform when set. */
  size?: boolean;
  uniforms: string;
  getUserCode(): string;
}

export interface WebGpuBackend {
  runWebGPUProgram(program: WebGpuProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
}
