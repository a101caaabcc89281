import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

test("wasm's MaxPoolGrad in C equals tfjs's cpu gradient: overlapping and strided windows, same and valid padding", async () => {
  const cases: [string, number[], number, number, "same" | "valid"][] = [
    ["2×2 stride 2", [2, 8, 8, 3], 2, 2, "valid"],
    ["3×3 stride 2 same (overlapping)", [2, 9, 7, 4], 3, 2, "same"],
    ["3×3 stride 1 valid", [1, 6, 6, 2], 3, 1, "valid"],
    ["2×2 stride 2 same, odd size", [3, 7, 5, 5], 2, 2, "same"],
  ];
  for (const [label, shape, size, stride, pad] of cases) {
    // Weighting each window differently makes every routed gradient distinguishable.
    await assertWasmMatchesCpu(`maxPool gradient ${label}`, [shape], (x) =>
      tf.grad((input: tf.Tensor) => {
        const pooled = tf.maxPool(input as tf.Tensor4D, size, stride, pad);
        return pooled.mul(tf.range(1, 1 + pooled.size).reshape(pooled.shape)).sum();
      })(x));
  }
});
