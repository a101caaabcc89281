import * as tf from "@tensorflow/tfjs";
import { nativeBlas, type NativeBlas } from "../native/native_blas.js";
import { adamStepCpu, adamStepKernelName, adamStepWasm } from "./adam_step.js";
import { adamStepWebGpu } from "./adam_step_webgpu.js";
import { categoricalCrossentropyGradient } from "./categorical_crossentropy.js";
import { binaryCrossentropyGradient } from "./binary_crossentropy.js";
import { crossentropyWebGpuKernels } from "./crossentropy_webgpu.js";
import { borrowCpuKernel } from "./borrow_cpu_kernel.js";
import { conv2DBackpropFilterFor } from "./conv2d_backprop_filter.js";
import { conv2DBackpropInputWasm } from "./conv2d_backprop_input_wasm.js";
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput } from "./conv2d_native.js";
import { nativeMatMul } from "./mat_mul_native.js";
import { registerLstmSequenceKernels } from "./lstm_sequence.js";
import { gatherRowsWasm } from "./gather_rows_wasm.js";
import { sharedIdentityWasm } from "./identity_shared_wasm.js";
import { maxPoolGrad } from "./max_pool_grad.js";
import { nativeMaxPoolGrad } from "./max_pool_grad_native.js";
import { nativeSum } from "./sum_native.js";
import { hostPoolKernels } from "./pool_host.js";
import { webGpuPoolKernels } from "./pool_webgpu.js";
import { transposedMatMulKernels, withExplicitTransposes } from "./mat_mul_transposed_wasm.js";
import { unsortedSegmentSum } from "./unsorted_segment_sum.js";

let registered = false;
/**
 * tfjs's own kernels we replaced ("backend/kernel" → config, undefined where tfjs has none);
 * `tfjsWrong` where tfjs's computes wrong numbers, so ours is the reference.
 */
const replaced = new Map<string, { ours: tf.KernelConfig; original: tf.KernelConfig | undefined; tfjsWrong: boolean }>();

/** Keeps the original's setupFunc: wasm kernels bind their wasm exports there at backend init. */
function replaceKernel(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc, tfjsWrong = false): void {
  const original = tf.getKernel(kernelName, backendName);
  if (original) tf.unregisterKernel(kernelName, backendName);
  const ours = { kernelName, backendName, kernelFunc, setupFunc: original?.setupFunc, disposeFunc: original?.disposeFunc };
  tf.registerKernel(ours);
  replaced.set(`${backendName}/${kernelName}`, { ours, original: original ? { ...original } : undefined, tfjsWrong });
}

/** Replaces `kernelName` on `backendName` with `wrap(its current kernel)`, where there is one to wrap. */
function wrapKernel(kernelName: string, backendName: string, wrap: (current: tf.KernelFunc) => tf.KernelFunc): void {
  const current = tf.getKernel(kernelName, backendName);
  if (current) replaceKernel(kernelName, backendName, wrap(current.kernelFunc));
}

/**
 * Runs `body` with tfjs's original cpu kernels in place of ours, so tests can compare our
 * kernels against tfjs's reference implementation rather than against themselves; except where
 * tfjs's cpu kernel is wrong (the pooling kernels of pool_host.ts): there ours stays the reference.
 */
export async function withTfjsCpuKernels<T>(body: () => Promise<T>): Promise<T> {
  const cpuEntries = [...replaced.values()].filter((entry) => entry.ours.backendName === "cpu" && !entry.tfjsWrong);
  const swap = (to: "ours" | "original") => {
    for (const entry of cpuEntries) {
      const config = entry[to];
      if (tf.getKernel(entry.ours.kernelName, "cpu")) tf.unregisterKernel(entry.ours.kernelName, "cpu");
      if (config) tf.registerKernel(config);
    }
  };
  swap("original");
  try {
    return await body();
  } finally {
    swap("ours");
  }
}

/**
 * Registers our kernels over tfjs's (once per process): the training kernels wasm lacks, and
 * replacements for the pathological ones. The backend packages are loaded first so that their
 * own registrations, which run at load, cannot overwrite ours afterwards.
 */
export function registerKernels(): void {
  if (registered) return;
  require("@tensorflow/tfjs-backend-wasm");
  require("@tensorflow/tfjs-backend-webgpu");
  for (const backendName of ["cpu", "wasm"] as const) {
    replaceKernel("UnsortedSegmentSum", backendName, unsortedSegmentSum);
    replaceKernel("Conv2DBackpropFilter", backendName, conv2DBackpropFilterFor(backendName));
    replaceKernel("MaxPoolGrad", backendName, maxPoolGrad);
    for (const [kernelName, kernelFunc] of hostPoolKernels) replaceKernel(kernelName, backendName, kernelFunc, true);
  }
  for (const [kernelName, kernelFunc] of webGpuPoolKernels) replaceKernel(kernelName, "webgpu", kernelFunc, true);
  for (const kernelName of ["DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput"]) {
    replaceKernel(kernelName, "wasm", borrowCpuKernel(kernelName));
  }
  wrapKernel("Conv2DBackpropInput", "wasm", conv2DBackpropInputWasm);
  for (const kernelName of transposedMatMulKernels) wrapKernel(kernelName, "wasm", (original) => withExplicitTransposes(kernelName, original));
  const blas = nativeBlas();
  replaceKernel(adamStepKernelName, "cpu", adamStepCpu);
  replaceKernel(adamStepKernelName, "wasm", blas ? adamStepWasm(blas) : adamStepCpu);
  replaceKernel(adamStepKernelName, "webgpu", adamStepWebGpu);
  if (blas) registerNativeKernels(blas);
  wrapKernel("GatherV2", "wasm", gatherRowsWasm);
  wrapKernel("Identity", "wasm", sharedIdentityWasm);
  registerLstmSequenceKernels();
  for (const config of crossentropyWebGpuKernels) tf.registerKernel(config);
  tf.registerGradient(categoricalCrossentropyGradient);
  tf.registerGradient(binaryCrossentropyGradient);
  registered = true;
}

/**
 * With the native addon built, wasm's matrix products and convolutions run in the system's
 * BLAS on the wasm heap, and MaxPool's gradient and leading-axis sums in C beside them; each
 * keeps the kernel it replaces for the cases it does not handle.
 */
function registerNativeKernels(blas: NativeBlas): void {
  const wrappers: [string, (blas: NativeBlas, fallback: tf.KernelFunc) => tf.KernelFunc][] = [
    ["BatchMatMul", nativeMatMul],
    ["_FusedMatMul", nativeMatMul],
    ["Conv2D", nativeConv2D],
    ["FusedConv2D", nativeConv2D],
    ["Conv2DBackpropFilter", nativeConv2DBackpropFilter],
    ["Conv2DBackpropInput", nativeConv2DBackpropInput],
    ["MaxPoolGrad", nativeMaxPoolGrad],
    ["Sum", nativeSum],
  ];
  for (const [kernelName, native] of wrappers) wrapKernel(kernelName, "wasm", (fallback) => native(blas, fallback));
}
