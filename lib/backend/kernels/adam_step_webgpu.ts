/**
 * Keras's Adam step ("TslabKerasAdamStep", adam_step.ts has the formula and the contract) on
 * tfjs-backend-webgpu: three dispatches per variable (m', v', then the value from them; a fourth
 * for AMSGrad's v̂') where the tensor-op step ran twelve, each with scalar tensors uploaded for
 * its constants. The constants travel as uniforms here, and each new tensor is one elementwise
 * pass in Keras's order of float32 operations.
 *
 * A WebGPU program writes one output, so the step is split by output rather than packed and
 * sliced (that would copy every variable three more times).
 */
import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend, WebGpuProgram } from "./webgpu_program.js";
import type { AdamStepAttrs } from "./adam_step.js";

const WORKGROUP = 64;
const UNIFORMS = "alpha : f32, keep1 : f32, keep2 : f32, epsilon : f32,";

/** `expression` (WGSL, of the inputs at `i`) for every element of a flat [n] output. */
function elementwise(name: string, n: number, variableNames: string[], expression: string): WebGpuProgram {
  // tfjs-backend-webgpu keeps a float32 tensor cast from int32 or bool in its int buffer (the
  // shader's array is i32 then): every read converts.
  for (const v of variableNames) expression = expression.replaceAll(`${v}[i]`, `f32(${v}[i])`);
  return {
    outputShape: [n],
    shaderKey: `tslabAdam_${name}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: UNIFORMS,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let i = index;
          result[i] = ${expression};
        }
      }
    `,
  };
}

const flat = (t: tf.TensorInfo): tf.TensorInfo => ({ dataId: t.dataId, dtype: t.dtype, shape: [t.shape.reduce((a, b) => a * b, 1)] });

export const adamStepWebGpu: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackend;
  const { value, m, v, grad, vHat } = inputs as unknown as Record<"value" | "m" | "v" | "grad", tf.TensorInfo> & { vHat?: tf.TensorInfo };
  const a = attrs as unknown as AdamStepAttrs;
  const n = value.shape.reduce((x, y) => x * y, 1);
  // The constants as the cpu kernel rounds them (adam_step.ts): 1−β in float32.
  const uniforms = [a.alpha, 1 - a.beta1, 1 - a.beta2, a.epsilon].map((x) => ({ type: "float32", data: [Math.fround(x)] }));
  const run = (program: WebGpuProgram, ins: tf.TensorInfo[]) => {
    const out = backend.runWebGPUProgram(program, ins.map(flat), "float32", uniforms);
    return { ...out, shape: value.shape } as tf.TensorInfo;
  };
  const newM = run(elementwise("m", n, ["m", "g"], "m[i] + (g[i] - m[i]) * uniforms.keep1"), [m, grad]);
  const newV = run(elementwise("v", n, ["v", "g"], "v[i] + (g[i] * g[i] - v[i]) * uniforms.keep2"), [v, grad]);
  const newVHat = vHat ? run(elementwise("vhat", n, ["h", "v"], "max(h[i], v[i])"), [vHat, newV]) : undefined;
  const newValue = run(
    elementwise("value", n, ["x", "m", "r"], "x[i] - (m[i] * uniforms.alpha) / (sqrt(r[i]) + uniforms.epsilon)"),
    [value, newM, newVHat ?? newV],
  );
  return [newValue, newM, newV, ...(newVHat ? [newVHat] : [])];
};
