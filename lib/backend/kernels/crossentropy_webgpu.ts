/**
 * The fused cross-entropies on tfjs-backend-webgpu (categorical_crossentropy.ts and
 * binary_crossentropy.ts have the formulas): one dispatch forward, one backward, an invocation
 * per row. Inputs are read
 * through f32(): a float32 tensor cast from int32 (one-hot targets) keeps its int buffer in tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend, WebGpuProgram } from "./webgpu_program.js";
import { BINARY_CROSSENTROPY, BINARY_CROSSENTROPY_GRAD } from "./binary_crossentropy.js";
import { CATEGORICAL_CROSSENTROPY, CATEGORICAL_CROSSENTROPY_GRAD } from "./categorical_crossentropy.js";

const WORKGROUP = 64;

function rowProgram(name: string, rows: number, outputShape: number[], variableNames: string[], body: string): WebGpuProgram {
  return {
    outputShape,
    shaderKey: `tslabCrossentropy_${name}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(rows / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: "rows : i32, classes : i32, epsilon : f32,",
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.rows) { return; }
        let C = uniforms.classes;
        let at = index * C;
        let lo = uniforms.epsilon;
        let hi = 1.0 - uniforms.epsilon;
        ${body}
      }
    `,
  };
}

function uniformsOf(rows: number, classes: number, epsilon: number) {
  return [{ type: "int32", data: [rows] }, { type: "int32", data: [classes] }, { type: "float32", data: [epsilon] }];
}

const ROW_SUM = `
        var total = 0.0;
        for (var k = 0; k < C; k++) { total += f32(yPred[at + k]); }
`;

const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { yTrue, yPred } = inputs as Record<"yTrue" | "yPred", tf.TensorInfo>;
  const [rows, classes] = yPred.shape as [number, number];
  const epsilon = (attrs as { epsilon: number }).epsilon;
  const program = rowProgram("forward", rows, [rows], ["yTrue", "yPred"], ROW_SUM + `
        var loss = 0.0;
        for (var k = 0; k < C; k++) { loss += f32(yTrue[at + k]) * log(clamp(f32(yPred[at + k]) / total, lo, hi)); }
        result[index] = -loss;
  `);
  return (backend as unknown as WebGpuBackend).runWebGPUProgram(program, [yTrue, yPred], "float32", uniformsOf(rows, classes, epsilon));
};

const backward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { yTrue, yPred, dy } = inputs as Record<"yTrue" | "yPred" | "dy", tf.TensorInfo>;
  const [rows, classes] = yPred.shape as [number, number];
  const epsilon = (attrs as { epsilon: number }).epsilon;
  // g_k: the gradient reaching q_k through log and the clip (zero where the clip bites).
  const program = rowProgram("backward", rows, [rows, classes], ["yTrue", "yPred", "dy"], ROW_SUM + `
        let d = f32(dy[index]);
        var dot = 0.0;
        for (var k = 0; k < C; k++) {
          let q = f32(yPred[at + k]) / total;
          var g = 0.0;
          if (q >= lo && q <= hi) { g = -f32(yTrue[at + k]) * d / q; }
          dot += g * q;
        }
        for (var k = 0; k < C; k++) {
          let q = f32(yPred[at + k]) / total;
          var g = 0.0;
          if (q >= lo && q <= hi) { g = -f32(yTrue[at + k]) * d / q; }
          result[at + k] = (g - dot) / total;
        }
  `);
  return (backend as unknown as WebGpuBackend).runWebGPUProgram(program, [yTrue, yPred, dy], "float32", uniformsOf(rows, classes, epsilon));
};

const binaryForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { yTrue, yPred } = inputs as Record<"yTrue" | "yPred", tf.TensorInfo>;
  const [rows, width] = yPred.shape as [number, number];
  const epsilon = (attrs as { epsilon: number }).epsilon;
  const program = rowProgram("binaryForward", rows, [rows], ["yTrue", "yPred"], `
        var loss = 0.0;
        for (var k = 0; k < C; k++) {
          let y = f32(yTrue[at + k]);
          let q = clamp(f32(yPred[at + k]), lo, hi);
          loss += -(y * log(q) + (1.0 - y) * log(1.0 - q));
        }
        result[index] = loss / f32(C);
  `);
  return (backend as unknown as WebGpuBackend).runWebGPUProgram(program, [yTrue, yPred], "float32", uniformsOf(rows, width, epsilon));
};

const binaryBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { yTrue, yPred, dy } = inputs as Record<"yTrue" | "yPred" | "dy", tf.TensorInfo>;
  const [rows, width] = yPred.shape as [number, number];
  const epsilon = (attrs as { epsilon: number }).epsilon;
  const program = rowProgram("binaryBackward", rows, [rows, width], ["yTrue", "yPred", "dy"], `
        let d = f32(dy[index]) / f32(C);
        for (var k = 0; k < C; k++) {
          let y = f32(yTrue[at + k]);
          let p = f32(yPred[at + k]);
          var g = 0.0;
          if (p >= lo && p <= hi) { g = d * (-y / p + (1.0 - y) / (1.0 - p)); }
          result[at + k] = g;
        }
  `);
  return (backend as unknown as WebGpuBackend).runWebGPUProgram(program, [yTrue, yPred, dy], "float32", uniformsOf(rows, width, epsilon));
};

export const crossentropyWebGpuKernels: tf.KernelConfig[] = [
  { kernelName: CATEGORICAL_CROSSENTROPY, backendName: "webgpu", kernelFunc: forward },
  { kernelName: CATEGORICAL_CROSSENTROPY_GRAD, backendName: "webgpu", kernelFunc: backward },
  { kernelName: BINARY_CROSSENTROPY, backendName: "webgpu", kernelFunc: binaryForward },
  { kernelName: BINARY_CROSSENTROPY_GRAD, backendName: "webgpu", kernelFunc: binaryBackward },
];
