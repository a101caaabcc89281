import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

test("wasm's Sum over leading axes in C equals tfjs's cpu Sum; other axes still go to tfjs's kernel", async () => {
  const cases: [string, number[], (x: tf.Tensor) => tf.Tensor][] = [
    ["bias gradient (axes 0–2 of NHWC)", [4, 6, 5, 300], (x) => tf.sum(x, [0, 1, 2])],
    ["axis 0 of a matrix", [50, 7], (x) => tf.sum(x, 0)],
    ["keepDims", [4, 6, 5], (x) => tf.sum(x, [0, 1], true)],
    ["negative axes", [4, 6, 5], (x) => tf.sum(x, [-3, -2])],
    ["every axis", [30, 20], (x) => tf.sum(x)],
    ["inner axis (fallback)", [30, 20], (x) => tf.sum(x, 1)],
    ["middle axis (fallback)", [3, 4, 5], (x) => tf.sum(x, 1)],
    ["int32 (fallback)", [30, 20], (x) => tf.sum(x.mul(10).toInt(), 0).toFloat()],
  ];
  for (const [label, shape, compute] of cases) await assertWasmMatchesCpu(`sum ${label}`, [shape], compute);
});
