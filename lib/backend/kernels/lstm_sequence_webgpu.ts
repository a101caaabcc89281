/**
 * The fused LSTM kernels ("TslabLSTMSequence" and its gradient, kernels/lstm_sequence.ts) on
 * tfjs-backend-webgpu: the same inputs, outputs and arithmetic as the cpu kernel
 * (lstm_sequence_math.ts), in a handful of dispatches for the whole sequence instead of tfjs's
 * ~50 per time step (forward and back).
 *
 * Forward: one matmul x·W for every step (tfjs's BatchMatMul), then one *persistent* dispatch: a
 * workgroup per batch row walks the steps in order (batch rows of an LSTM are independent), each
 * invocation computing its units' four gates from the previous h (read back from the output
 * buffer after a storage barrier: no workgroup memory, so no limit on the units), and writing
 * h, c and the gate activations of the step. The outputs share one buffer, handed out by slices.
 * Backward: one persistent dispatch walks the steps backwards the same way (per step the
 * pre-activation gradients dz, then dh = dz·Uᵀ for the next step), then dx, dW and dU are one
 * matmul each over all batch·steps rows, and the bias gradient one sum.
 *
 * tanh is tfjs-backend-webgpu's overflow-safe form (WGSL's tanh gives NaN past |x| ≈ 88 on some
 * drivers). Every input is read through f32(): tfjs-backend-webgpu keeps a float32 tensor cast from
 * int32 or bool (the layer's mask) in its int buffer, declared array<i32> in the shader. A missing bias or mask (a [0] tensor) is not bound: a zero-size binding is invalid in
 * WebGPU, so another input stands in and a uniform says it is absent.
 */
import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend as WebGpuProgramRunner, WebGpuProgram } from "./webgpu_program.js";
import { checkForward, LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD, size, sizesOf, type LstmGradInputs, type LstmInputs } from "./lstm_sequence_contract.js";

/** What this file needs of tfjs-backend-webgpu's backend (its class is not exported typed). */
interface WebGpuBackend extends WebGpuProgramRunner {
  disposeData(dataId: object): boolean;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
  device: { limits: { maxComputeInvocationsPerWorkgroup: number; maxComputeWorkgroupSizeX: number; maxComputeWorkgroupsPerDimension: number } };
}

/** One of tfjs-backend-webgpu's own kernels, called as its kernels call each other. */
function webgpuKernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, "webgpu");
  if (!config) throw new Error(`${LSTM_SEQUENCE} (webgpu): tfjs-backend-webgpu has no ${name} kernel`);
  return config.kernelFunc;
}

const run = (name: string, backend: WebGpuBackend, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown> = {}) =>
  webgpuKernel(name)({ inputs: inputs as tf.NamedTensorInfoMap, backend: backend as unknown as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;

const reshape = (backend: WebGpuBackend, x: tf.TensorInfo, shape: number[]) => run("Reshape", backend, { x }, { shape });

/** `count` values of the flat `packed` from `offset`, as a tensor of `shape`. */
function part(backend: WebGpuBackend, packed: tf.TensorInfo, offset: number, shape: number[]): tf.TensorInfo {
  const n = shape.reduce((a, b) => a * b, 1);
  const flat = run("Slice", backend, { x: packed }, { begin: [offset], size: [n] });
  const shaped = reshape(backend, flat, shape);
  backend.disposeData(flat.dataId);
  return shaped;
}

/** A workgroup as wide as the units (in warps of 32), within the device's limits. */
function workgroupWidth(backend: WebGpuBackend, units: number): number {
  const limit = Math.min(256, backend.device.limits.maxComputeInvocationsPerWorkgroup, backend.device.limits.maxComputeWorkgroupSizeX);
  return Math.max(32, Math.min(limit, Math.ceil(units / 32) * 32));
}

/**
 * One workgroup per batch row, in a 1-D dispatch. tfjs would fold a wider dispatch into 2-D, and
 * the row index cannot be recovered from that uniformly (tfjs keeps numWorkgroups in a private
 * variable), which the per-step storageBarrier needs: refuse it by name instead.
 */
function checkBatchFitsOneDispatch(backend: WebGpuBackend, batch: number): void {
  const limit = backend.device.limits.maxComputeWorkgroupsPerDimension;
  if (batch > limit) {
    throw new Error(
      `TslabLSTMSequence on webgpu: a batch of ${batch} rows is more than this adapter's ` +
        `maxComputeWorkgroupsPerDimension (${limit}); use a batch of at most ${limit}.`,
    );
  }
}

const SHADER_HELPERS = `
  fn lstmSigmoid(v : f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
  fn lstmTanh(a : f32) -> f32 {
    let e2x = exp(-2.0 * abs(a));
    return sign(a) * (1.0 - e2x) / (1.0 + e2x);
  }
`;

const LSTM_UNIFORMS = "batch : i32, steps : i32, units : i32, goBackwards : i32, hasMask : i32, hasBias : i32,";

/**
 * The forward recurrence. Inputs xw [B·T, 4U] (x·W, input time order), recurrentKernel
 * [U, 4U], bias, h0, c0, mask. Output, flat: hSeq | cSeq [B, T, U] | gates [B, T, 4U] |
 * hLast | cLast [B, U], steps in processing order (as the cpu kernel).
 */
function forwardProgram(batch: number, outputSize: number, width: number): WebGpuProgram {
  return {
    outputShape: [outputSize],
    shaderKey: "tslabLstmSequenceForward",
    dispatchLayout: { x: [0] },
    dispatch: [batch, 1, 1],
    variableNames: ["xw", "recurrentKernel", "bias", "h0", "c0", "mask"],
    workgroupSize: [width, 1, 1],
    uniforms: LSTM_UNIFORMS,
    getUserCode: () => `
      ${SHADER_HELPERS}
      fn main(index : i32) {
        let b = i32(workgroupId.x);
        let B = uniforms.batch;
        let T = uniforms.steps;
        let U = uniforms.units;
        let G = 4 * U;
        let cSeqAt = B * T * U;
        let gatesAt = 2 * B * T * U;
        let hLastAt = gatesAt + B * T * G;
        let cLastAt = hLastAt + B * U;
        for (var s = 0; s < T; s++) {
          var t = s;
          if (uniforms.goBackwards != 0) { t = T - 1 - s; }
          var taken = true;
          if (uniforms.hasMask != 0) { taken = f32(mask[b * T + t]) != 0.0; }
          let zRow = (b * T + t) * G;
          let prevRow = (b * T + s - 1) * U;
          for (var j = i32(localId.x); j < U; j += ${width}) {
            var zi = f32(xw[zRow + j]);
            var zf = f32(xw[zRow + U + j]);
            var zg = f32(xw[zRow + 2 * U + j]);
            var zo = f32(xw[zRow + 3 * U + j]);
            if (uniforms.hasBias != 0) {
              zi += f32(bias[j]); zf += f32(bias[U + j]); zg += f32(bias[2 * U + j]); zo += f32(bias[3 * U + j]);
            }
            for (var m = 0; m < U; m++) {
              var hm : f32;
              if (s == 0) { hm = f32(h0[b * U + m]); } else { hm = result[prevRow + m]; }
              let r = m * G + j;
              zi += hm * f32(recurrentKernel[r]);
              zf += hm * f32(recurrentKernel[r + U]);
              zg += hm * f32(recurrentKernel[r + 2 * U]);
              zo += hm * f32(recurrentKernel[r + 3 * U]);
            }
            let gi = lstmSigmoid(zi);
            let gf = lstmSigmoid(zf);
            let gg = lstmTanh(zg);
            let go = lstmSigmoid(zo);
            let gRow = gatesAt + (b * T + s) * G;
            result[gRow + j] = gi;
            result[gRow + U + j] = gf;
            result[gRow + 2 * U + j] = gg;
            result[gRow + 3 * U + j] = go;
            var cPrev : f32;
            var hPrev : f32;
            if (s == 0) { cPrev = f32(c0[b * U + j]); hPrev = f32(h0[b * U + j]); } else { cPrev = result[cSeqAt + prevRow + j]; hPrev = result[prevRow + j]; }
            let outAt = (b * T + s) * U + j;
            if (taken) {
              let c = gf * cPrev + gi * gg;
              result[cSeqAt + outAt] = c;
              result[outAt] = go * lstmTanh(c);
            } else {
              result[cSeqAt + outAt] = cPrev;
              result[outAt] = hPrev;
            }
          }
          storageBarrier();
        }
        for (var j = i32(localId.x); j < U; j += ${width}) {
          let last = (b * T + T - 1) * U + j;
          result[hLastAt + b * U + j] = result[last];
          result[cLastAt + b * U + j] = result[cSeqAt + last];
        }
      }
    `,
  };
}

/**
 * The backward recurrence. Output, flat: dz [B·T, 4U] (input time order, zero at masked steps) |
 * hPrev [B·T, U] (the h each step started from, input time order) | dh0 | dc0 [B, U]. dh0 and
 * dc0 hold the running dh and dc while the steps are walked (each invocation owns its units).
 */
function backwardProgram(batch: number, outputSize: number, width: number): WebGpuProgram {
  return {
    outputShape: [outputSize],
    shaderKey: "tslabLstmSequenceBackward",
    dispatchLayout: { x: [0] },
    dispatch: [batch, 1, 1],
    variableNames: ["recurrentKernel", "h0", "c0", "mask", "hSeq", "cSeq", "gates", "dhSeq", "dhLast", "dcLast"],
    workgroupSize: [width, 1, 1],
    uniforms: LSTM_UNIFORMS,
    getUserCode: () => `
      ${SHADER_HELPERS}
      fn main(index : i32) {
        let b = i32(workgroupId.x);
        let B = uniforms.batch;
        let T = uniforms.steps;
        let U = uniforms.units;
        let G = 4 * U;
        let hPrevAt = B * T * G;
        let dhAt = hPrevAt + B * T * U;
        let dcAt = dhAt + B * U;
        for (var j = i32(localId.x); j < U; j += ${width}) {
          result[dhAt + b * U + j] = f32(dhLast[b * U + j]);
          result[dcAt + b * U + j] = f32(dcLast[b * U + j]);
        }
        for (var s = T - 1; s >= 0; s--) {
          var t = s;
          if (uniforms.goBackwards != 0) { t = T - 1 - s; }
          var taken = true;
          if (uniforms.hasMask != 0) { taken = f32(mask[b * T + t]) != 0.0; }
          let zRow = (b * T + t) * G;
          for (var j = i32(localId.x); j < U; j += ${width}) {
            let ys = (b * T + s) * U + j;
            let dh = result[dhAt + b * U + j] + f32(dhSeq[ys]);
            result[dhAt + b * U + j] = dh;
            var hp : f32;
            var cp : f32;
            if (s == 0) { hp = f32(h0[b * U + j]); cp = f32(c0[b * U + j]); } else { hp = f32(hSeq[ys - U]); cp = f32(cSeq[ys - U]); }
            result[hPrevAt + (b * T + t) * U + j] = hp;
            if (taken) {
              let gRow = (b * T + s) * G;
              let gi = f32(gates[gRow + j]);
              let gf = f32(gates[gRow + U + j]);
              let gg = f32(gates[gRow + 2 * U + j]);
              let go = f32(gates[gRow + 3 * U + j]);
              let tc = lstmTanh(f32(cSeq[ys]));
              let dO = dh * tc;
              let dc = result[dcAt + b * U + j] + dh * go * (1.0 - tc * tc);
              result[zRow + j] = dc * gg * gi * (1.0 - gi);
              result[zRow + U + j] = dc * cp * gf * (1.0 - gf);
              result[zRow + 2 * U + j] = dc * gi * (1.0 - gg * gg);
              result[zRow + 3 * U + j] = dO * go * (1.0 - go);
              result[dcAt + b * U + j] = dc * gf;
            } else {
              result[zRow + j] = 0.0;
              result[zRow + U + j] = 0.0;
              result[zRow + 2 * U + j] = 0.0;
              result[zRow + 3 * U + j] = 0.0;
            }
          }
          storageBarrier();
          if (taken) {
            for (var j = i32(localId.x); j < U; j += ${width}) {
              var acc = 0.0;
              let r = j * G;
              for (var k = 0; k < G; k++) { acc += result[zRow + k] * f32(recurrentKernel[r + k]); }
              result[dhAt + b * U + j] = acc;
            }
          }
          // The next step reads only its own units' dh: no barrier needed before it, but the
          // dz row just read must not be rewritten — each step writes a different row.
        }
      }
    `,
  };
}

const uniformsOf = (B: number, T: number, U: number, goBackwards: boolean, hasMask: boolean, hasBias: boolean) =>
  [B, T, U, goBackwards ? 1 : 0, hasMask ? 1 : 0, hasBias ? 1 : 0].map((v) => ({ type: "int32", data: [v] }));

const forwardWebGpu: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackend;
  const ins = inputs as LstmInputs;
  const sizes = sizesOf(ins, attrs);
  checkForward(ins, sizes);
  const { batch: B, steps: T, inputDim: I, units: U } = sizes;
  checkBatchFitsOneDispatch(backend, B);
  const G = 4 * U;
  const hasBias = size(ins.bias) > 0;
  const hasMask = size(ins.mask) > 0;
  const x3 = reshape(backend, ins.x, [1, B * T, I]);
  const w3 = reshape(backend, ins.kernel, [1, I, G]);
  const xw = run("BatchMatMul", backend, { a: x3, b: w3 }, { transposeA: false, transposeB: false });
  const width = workgroupWidth(backend, U);
  const total = 2 * B * T * U + B * T * G + 2 * B * U;
  const packed = backend.runWebGPUProgram(
    forwardProgram(B, total, width),
    [xw, ins.recurrentKernel, hasBias ? ins.bias : ins.recurrentKernel, ins.h0, ins.c0, hasMask ? ins.mask : ins.h0],
    "float32",
    uniformsOf(B, T, U, sizesOf(ins, attrs).goBackwards, hasMask, hasBias),
  );
  const outputs = [
    part(backend, packed, 0, [B, T, U]),
    part(backend, packed, 2 * B * T * U + B * T * G, [B, U]),
    part(backend, packed, 2 * B * T * U + B * T * G + B * U, [B, U]),
    part(backend, packed, 2 * B * T * U, [B, T, G]),
    part(backend, packed, B * T * U, [B, T, U]),
  ];
  for (const t of [x3, w3, xw, packed]) backend.disposeData(t.dataId);
  return outputs;
};

const backwardWebGpu: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackend;
  const ins = inputs as LstmGradInputs;
  const { batch: B, steps: T, inputDim: I, units: U } = sizesOf(ins, attrs);
  checkBatchFitsOneDispatch(backend, B);
  const G = 4 * U;
  const hasBias = size(ins.bias) > 0;
  const hasMask = size(ins.mask) > 0;
  const width = workgroupWidth(backend, U);
  const total = B * T * G + B * T * U + 2 * B * U;
  const packed = backend.runWebGPUProgram(
    backwardProgram(B, total, width),
    [ins.recurrentKernel, ins.h0, ins.c0, hasMask ? ins.mask : ins.h0, ins.hSeq, ins.cSeq, ins.gates, ins.dhSeq, ins.dhLast, ins.dcLast],
    "float32",
    uniformsOf(B, T, U, sizesOf(ins, attrs).goBackwards, hasMask, hasBias),
  );
  const dz = part(backend, packed, 0, [1, B * T, G]);
  const hPrev = part(backend, packed, B * T * G, [1, B * T, U]);
  const dh0 = part(backend, packed, B * T * G + B * T * U, [B, U]);
  const dc0 = part(backend, packed, B * T * G + B * T * U + B * U, [B, U]);
  const x3 = reshape(backend, ins.x, [1, B * T, I]);
  const w3 = reshape(backend, ins.kernel, [1, I, G]);
  const u3 = reshape(backend, ins.recurrentKernel, [1, U, G]);
  const dx3 = run("BatchMatMul", backend, { a: dz, b: w3 }, { transposeA: false, transposeB: true });
  const dKernel3 = run("BatchMatMul", backend, { a: x3, b: dz }, { transposeA: true, transposeB: false });
  const dRecurrent3 = run("BatchMatMul", backend, { a: hPrev, b: dz }, { transposeA: true, transposeB: false });
  const dx = reshape(backend, dx3, [B, T, I]);
  const dKernel = reshape(backend, dKernel3, [I, G]);
  const dRecurrent = reshape(backend, dRecurrent3, [U, G]);
  let dBias: tf.TensorInfo;
  if (hasBias) {
    const dz2 = reshape(backend, dz, [B * T, G]);
    dBias = run("Sum", backend, { x: dz2 }, { axis: [0], keepDims: false });
    backend.disposeData(dz2.dataId);
  } else {
    dBias = backend.makeTensorInfo([0], "float32", new Float32Array(0));
  }
  for (const t of [packed, dz, hPrev, x3, w3, u3, dx3, dKernel3, dRecurrent3]) backend.disposeData(t.dataId);
  return [dx, dKernel, dRecurrent, dBias, dh0, dc0];
};

export const lstmSequenceWebGpuKernels: tf.KernelConfig[] = [
  { kernelName: LSTM_SEQUENCE, backendName: "webgpu", kernelFunc: forwardWebGpu },
  { kernelName: LSTM_SEQUENCE_GRAD, backendName: "webgpu", kernelFunc: backwardWebGpu },
];
