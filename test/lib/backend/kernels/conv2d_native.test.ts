import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

type Pad = "same" | "valid" | [[number, number], [number, number], [number, number], [number, number]];
/** [label, input shape, filter shape, strides, padding, dilation] */
const cases: [string, number[], number[], number | [number, number], Pad, number][] = [
  ["3×3 same", [2, 9, 8, 3], [3, 3, 3, 5], 1, "same", 1],
  ["3×2 valid stride 2", [2, 9, 8, 3], [3, 2, 3, 5], 2, "valid", 1],
  ["5×5 same strides 2×3", [2, 9, 8, 3], [5, 5, 3, 4], [2, 3], "same", 1],
  ["explicit padding", [2, 9, 8, 3], [3, 3, 3, 4], 2, [[0, 0], [1, 2], [2, 0], [0, 0]], 1],
  ["1×1 (a plain GEMM)", [2, 9, 8, 3], [1, 1, 3, 4], 1, "valid", 1],
  ["1×1 stride 2", [2, 9, 8, 3], [1, 1, 3, 4], 2, "valid", 1],
  ["many channels, several im2col chunks", [3, 40, 40, 64], [3, 3, 64, 16], 1, "same", 1],
];

test("wasm's Conv2D and FusedConv2D in native BLAS equal tfjs's cpu kernels (strides, padding, dilation, 1×1, chunks)", async () => {
  for (const [label, x, w, strides, pad] of cases) {
    await assertWasmMatchesCpu(`conv2d ${label}`, [x, w], (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad), 1e-4);
  }
  await assertWasmMatchesCpu("conv2d dilation 2", [[2, 9, 8, 3], [3, 3, 3, 4]], (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same", "NHWC", 2));
  for (const activation of ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu"] as const) {
    await assertWasmMatchesCpu(`fused conv2d ${activation}`, [[2, 9, 8, 3], [3, 3, 3, 4], [4]], (x, filter, bias) =>
      tf.fused.conv2d({ x: x.mul(3) as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 1, pad: "same", bias, activation, leakyreluAlpha: 0.3 }));
  }
});

test("wasm's Conv2DBackpropFilter and Conv2DBackpropInput in native BLAS equal tfjs's cpu gradients", async () => {
  for (const [label, x, w, strides, pad] of cases) {
    await assertWasmMatchesCpu(`conv2d gradients ${label}`, [x, w], (a, b) =>
      tf.grads((input: tf.Tensor, filter: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, strides, pad).square().sum())([a, b]), 1e-4);
  }
  await assertWasmMatchesCpu("conv2dTranspose (backprop input as a forward op)", [[2, 5, 4, 6], [3, 3, 3, 6]], (a, b) =>
    tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 10, 8, 3], 2, "same"), 1e-4);
});
