import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { assertWasmMatchesCpu } from "./wasm_against_cpu.js";

test("wasm's GatherV2 by row copies equals tfjs's cpu gather on every axis, for wide and narrow rows", async () => {
  const indices = [3, 0, 3, 7, 1, 2, 2];
  const cases: [string, number[], number][] = [
    ["Embedding rows (axis 0, 64 wide)", [8, 64], 0],
    ["axis 0, narrow rows", [8, 3], 0],
    ["middle axis", [2, 8, 5], 1],
    ["last axis", [4, 8], 1],
  ];
  for (const [label, shape, axis] of cases) {
    await assertWasmMatchesCpu(`gather ${label}`, [shape], (x) => tf.gather(x, tf.tensor(indices, undefined, "int32"), axis));
  }
  await assertWasmMatchesCpu("gather with 2-D indices", [[8, 20]], (x) => tf.gather(x, tf.tensor2d([[1, 2], [7, 0]], undefined, "int32")));
  await assertWasmMatchesCpu("gather of int32 values", [[8, 20]], (x) => tf.gather(x.mul(100).toInt(), tf.tensor([5, 1], undefined, "int32")).toFloat());
  await assertWasmMatchesCpu("gather with batchDims (tfjs's kernel)", [[2, 8, 3]], (x) => tf.gather(x, tf.tensor2d([[1, 2], [7, 0]], undefined, "int32"), 1, 1));
});

test("an out-of-range index is an error naming it, and leaks nothing", async () => {
  await backend.use("wasm");
  const x = tf.ones([4, 20]);
  const before = tf.memory().numTensors;
  assert.throws(() => tf.gather(x, tf.tensor([1, 4], undefined, "int32")), /GatherV2: the index value 4 is not in \[0, 3\]/);
  assert.equal(tf.memory().numTensors, before + 1, "only the indices tensor made for the call");
});
