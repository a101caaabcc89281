import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

test("wasm's BatchMatMul in native BLAS equals tfjs's cpu kernel: transposes, batches, broadcast batches, gradients", async () => {
  const cases: [string, number[][], (a: tf.Tensor, b: tf.Tensor) => tf.Tensor | tf.Tensor[]][] = [
    ["plain", [[5, 7], [7, 3]], (a, b) => tf.matMul(a, b)],
    ["transposeA", [[7, 5], [7, 3]], (a, b) => tf.matMul(a, b, true, false)],
    ["transposeB", [[5, 7], [3, 7]], (a, b) => tf.matMul(a, b, false, true)],
    ["both, batched", [[4, 7, 5], [4, 3, 7]], (a, b) => tf.matMul(a, b, true, true)],
    ["b broadcast over a's batch", [[4, 5, 7], [7, 3]], (a, b) => tf.matMul(a, b)],
    ["b broadcast, transposed", [[2, 3, 5, 7], [1, 3, 7]], (a, b) => tf.matMul(a, b, false, true)],
    ["a broadcast over b's batch", [[5, 7], [2, 2, 7, 3]], (a, b) => tf.matMul(a, b)],
    ["a transposed, broadcast", [[7, 5], [3, 7, 4]], (a, b) => tf.matMul(a, b, true, false)],
    ["larger than a cache block", [[130, 300], [300, 70]], (a, b) => tf.matMul(a, b)],
    ["gradients", [[6, 5, 7], [6, 7, 4]], (a, b) => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).square().sum())([a, b])],
  ];
  for (const [label, shapes, compute] of cases) await assertWasmMatchesCpu(`matMul ${label}`, shapes, compute);
});

test("wasm's _FusedMatMul in native BLAS applies the bias and every activation it claims like tfjs", async () => {
  const activations = ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu"] as const;
  for (const activation of activations) {
    await assertWasmMatchesCpu(`fused ${activation}`, [[5, 7], [3, 7], [3]], (a, b, bias) =>
      tf.fused.matMul({ a: a.mul(4), b, transposeB: true, bias: bias!.mul(3), activation, leakyreluAlpha: 0.3 }));
  }
  // PReLU is not native: it must still come out right (the fallback).
  await assertWasmMatchesCpu("fused prelu (fallback)", [[5, 7], [7, 3], [3]], (a, b, alpha) =>
    tf.fused.matMul({ a, b, activation: "prelu", preluActivationWeights: alpha }));
});

test("the wasm backend reports the native BLAS it runs, and int32 products still reach tfjs's kernel", async () => {
  const info = await backend.use("wasm");
  assert.ok(info.details.some((d) => /^native BLAS \(OpenBLAS [\d.]+, \w+ kernels, \d+ threads?\)$/.test(d)), info.details.join("; "));
  assert.throws(() => tf.matMul(tf.ones([2, 2], "int32"), tf.ones([2, 2], "int32")), /BatchMatMul for non non-float32 tensors not yet supported/);
});
