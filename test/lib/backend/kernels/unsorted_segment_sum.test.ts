import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

test("UnsortedSegmentSum (ours, one pass; on wasm into the heap) equals tfjs's cpu kernel, dropping ids out of range", async () => {
  const ids = tf.tensor1d([3, 0, 3, -1, 9, 2, 12], "int32");
  await assertWasmMatchesCpu("rows of 5", [[7, 5]], (x) => tf.unsortedSegmentSum(x, ids, 10));
  await assertWasmMatchesCpu("scalars", [[7]], (x) => tf.unsortedSegmentSum(x, ids, 10));
  await assertWasmMatchesCpu("int32 values", [[7, 3]], (x) => tf.unsortedSegmentSum(x.mul(100).toInt(), ids, 10).toFloat());
  // Gather's gradient is UnsortedSegmentSum: repeated words (1 twice) add up.
  await assertWasmMatchesCpu("an Embedding's gradient", [[10, 8], [2, 3, 8]], (table, weights) =>
    tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor2d([[1, 1, 0], [5, 9, 1]], undefined, "int32")).mul(weights!).sum())(table));
});

test("the wasm output starts from zeros even where the heap held other data", async () => {
  await backend.use("wasm");
  for (let i = 0; i < 3; i++) tf.fill([1000], 7).dispose();
  const sums = tf.unsortedSegmentSum(tf.ones([2, 3]), tf.tensor1d([0, 0], "int32"), 300);
  assert.deepEqual(Array.from(sums.dataSync().slice(0, 6)), [2, 2, 2, 0, 0, 0]);
  assert.equal(Array.from(sums.dataSync() as Float32Array).reduce((a, b) => a + b, 0), 6);
});
