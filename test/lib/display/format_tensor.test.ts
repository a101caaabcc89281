import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { formatTensor, tensorText } from "../../../lib/display/format_tensor.js";

test("a small tensor shows every value with its shape and dtype", () => {
  const b = formatTensor(tf.tensor2d([[1, 2.5], [3, -4]]))!;
  assert.equal(b["text/plain"], "Tensor shape=[2, 2] dtype=float32\n[[1, 2.5],\n [3, -4]]");
  assert.match(String(b["text/html"]), /shape=<code>\[2, 2\]<\/code> dtype=<code>float32<\/code>/);
  assert.equal(tensorText(tf.tensor1d([1, 2], "int32")), "Tensor shape=[2] dtype=int32\n[1, 2]");
});

test("long axes are elided to their first and last three values", () => {
  const t = tf.range(0, 3000, 1, "int32").reshape([30, 100]);
  const text = tensorText(t);
  const lines = text.split("\n");
  assert.equal(lines[1], "[[0, 1, 2, ..., 97, 98, 99],");
  assert.equal(lines[4], " ...,");
  assert.equal(lines[7], " [2900, 2901, 2902, ..., 2997, 2998, 2999]]");
  assert.equal(lines.length, 8);
});

test("disposed tensors, strings, NaN and non-tensors", () => {
  const t = tf.tensor1d([1, NaN, Infinity]);
  assert.match(tensorText(t), /\[1, NaN, Infinity\]/);
  t.dispose();
  assert.match(String(formatTensor(t)!["text/plain"]), /disposed/);
  assert.match(tensorText(tf.tensor1d(["a<b"], "string")), /\["a<b"\]/);
  assert.match(String(formatTensor(tf.tensor1d(["a<b"], "string"))!["text/html"]), /a&lt;b/);
  assert.equal(formatTensor([1, 2]), undefined);
});
