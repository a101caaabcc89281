/**
 * The pooling kernels of pool_host.ts on tfjs-backend-webgpu, where tfjs's have the same faults
 * (AvgPoolGrad and AvgPool3DGrad divide by the whole window; the 3-D kernels shift SAME windows
 * whose stride exceeds the pool; MaxPool3DGrad sends dy to the wrong element when the window's
 * sides differ). One invocation per output element, on TensorFlow's windows (pool_windows.ts,
 * passed as uniforms; 2-D is depth 1): forward passes reduce their window, gradients gather
 * over the windows that hold their element (a max window recomputes its first maximum).
 */
import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend, WebGpuProgram } from "./webgpu_program.js";
import { poolWindows2D, poolWindows3D, type PoolAttrs, type PoolWindows } from "./pool_windows.js";

const WORKGROUP = 64;
const UNIFORMS = "inSize : vec3<i32>, outSize : vec3<i32>, filterSize : vec3<i32>, stride : vec3<i32>, padBefore : vec3<i32>, channels : i32,";

/** Splits a flat [.., d, h, w, C] index into batch, position and channel. */
const COORDS = (size: string) => `
        let C = uniforms.channels;
        let c = index % C;
        var rest = index / C;
        let pw = rest % ${size}.z;
        rest = rest / ${size}.z;
        let ph = rest % ${size}.y;
        rest = rest / ${size}.y;
        let pd = rest % ${size}.x;
        let b = rest / ${size}.x;
`;

/** The flat input index of (b, d, h, w, c). */
const INPUT_AT = `
      fn inputAt(b : i32, d : i32, h : i32, w : i32, c : i32) -> i32 {
        return (((b * uniforms.inSize.x + d) * uniforms.inSize.y + h) * uniforms.inSize.z + w) * uniforms.channels + c;
      }
`;

/** Output `o`'s window inside the input: [lo, hi) per axis. */
const WINDOW = `
      fn windowLo(o : vec3<i32>) -> vec3<i32> { return max(o * uniforms.stride - uniforms.padBefore, vec3<i32>(0)); }
      fn windowHi(o : vec3<i32>) -> vec3<i32> { return min(o * uniforms.stride - uniforms.padBefore + uniforms.filterSize, uniforms.inSize); }
`;

/** The flat input index of the first maximum of output o's window, channel c (−1 if empty). */
const ARGMAX = `
      fn argmaxOf(b : i32, o : vec3<i32>, c : i32) -> i32 {
        let lo = windowLo(o);
        let hi = windowHi(o);
        var best = 0.0;
        var at = -1;
        for (var d = lo.x; d < hi.x; d++) {
          for (var h = lo.y; h < hi.y; h++) {
            for (var w = lo.z; w < hi.z; w++) {
              let i = inputAt(b, d, h, w, c);
              let v = f32(x[i]);
              if (at < 0 || v > best) { best = v; at = i; }
            }
          }
        }
        return at;
      }
`;

function program(name: string, n: number, variableNames: string[], functions: string, body: string): WebGpuProgram {
  return {
    outputShape: [n],
    shaderKey: `tslabPool_${name}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: UNIFORMS,
    getUserCode: () => `
      ${INPUT_AT}
      ${WINDOW}
      ${functions}
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        ${body}
      }
    `,
  };
}

const forward = (kind: "max" | "avg", n: number) => program(`${kind}Pool`, n, ["x"], kind === "max" ? ARGMAX : "", `
        ${COORDS("uniforms.outSize")}
        let o = vec3<i32>(pd, ph, pw);
        ${kind === "max" ? `
        let at = argmaxOf(b, o, c);
        result[index] = select(0.0, f32(x[max(at, 0)]), at >= 0);` : `
        let lo = windowLo(o);
        let hi = windowHi(o);
        var total = 0.0;
        for (var d = lo.x; d < hi.x; d++) {
          for (var h = lo.y; h < hi.y; h++) {
            for (var w = lo.z; w < hi.z; w++) { total += f32(x[inputAt(b, d, h, w, c)]); }
          }
        }
        let side = hi - lo;
        result[index] = total / f32(max(side.x * side.y * side.z, 1));`}
`);

/**
 * dx at one input element: the sum over the outputs whose windows hold it, o·stride − pad ≤ i <
 * o·stride − pad + filter, of dy/count (average) or dy where it is the window's maximum.
 */
const gradient = (kind: "max" | "avg", n: number) => program(`${kind}PoolGrad`, n, kind === "max" ? ["dy", "x"] : ["dy"], kind === "max" ? ARGMAX : "", `
        ${COORDS("uniforms.inSize")}
        let i = vec3<i32>(pd, ph, pw);
        let shifted = i + uniforms.padBefore;
        let first = max((shifted - uniforms.filterSize + uniforms.stride) / uniforms.stride, vec3<i32>(0));
        let last = min(shifted / uniforms.stride, uniforms.outSize - vec3<i32>(1));
        ${kind === "max" ? "let me = index;" : ""}
        var total = 0.0;
        for (var od = first.x; od <= last.x; od++) {
          for (var oh = first.y; oh <= last.y; oh++) {
            for (var ow = first.z; ow <= last.z; ow++) {
              let o = vec3<i32>(od, oh, ow);
              let dyAt = (((b * uniforms.outSize.x + od) * uniforms.outSize.y + oh) * uniforms.outSize.z + ow) * C + c;
              ${kind === "max" ? `
              if (argmaxOf(b, o, c) == me) { total += f32(dy[dyAt]); }` : `
              let side = windowHi(o) - windowLo(o);
              total += f32(dy[dyAt]) / f32(side.x * side.y * side.z);`}
            }
          }
        }
        result[index] = total;
`);

function uniformsOf(w: PoolWindows): { type: string; data: number[] }[] {
  return [
    { type: "int32", data: w.inSize },
    { type: "int32", data: w.outSize },
    { type: "int32", data: w.filter },
    { type: "int32", data: w.stride },
    { type: "int32", data: w.padBefore },
    { type: "int32", data: [w.channels] },
  ];
}

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const flat = (t: tf.TensorInfo): tf.TensorInfo => ({ dataId: t.dataId, dtype: t.dtype, shape: [count(t.shape)] });
const shaped = (t: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ ...t, shape });

function run(backend: object, p: WebGpuProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, w: PoolWindows, shape: number[]): tf.TensorInfo {
  return shaped((backend as WebGpuBackend).runWebGPUProgram(p, inputs.map(flat), dtype, uniformsOf(w)), shape);
}

const pool = (kind: "max" | "avg"): tf.KernelFunc => ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const w = poolWindows3D(x.shape, attrs as unknown as PoolAttrs);
  const shape = [w.batch, ...w.outSize, w.channels];
  return run(backend, forward(kind, count(shape)), [x], "float32", w, shape);
};

const poolGrad = (kind: "max" | "avg", windows: (shape: number[], attrs: PoolAttrs) => PoolWindows): tf.KernelFunc => ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const w = windows(input.shape, attrs as unknown as PoolAttrs);
  return run(backend, gradient(kind, count(input.shape)), kind === "max" ? [dy, input] : [dy], "float32", w, input.shape);
};

/** Kernel name → our webgpu kernel. */
export const webGpuPoolKernels: [string, tf.KernelFunc][] = [
  ["AvgPoolGrad", poolGrad("avg", poolWindows2D)],
  ["MaxPool3D", pool("max")],
  ["AvgPool3D", pool("avg")],
  ["MaxPool3DGrad", poolGrad("max", poolWindows3D)],
  ["AvgPool3DGrad", poolGrad("avg", poolWindows3D)],
];
