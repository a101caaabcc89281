import { test } from "node:test";
import * as assert from "node:assert/strict";
import { splitFloat64Block } from "../../../../lib/data/hdf/raw_column.js";

test("splitFloat64Block (4-column passes and the remainder) puts cell [r, j] of a row-major block at row at + r of column j", () => {
  const rows = 5;
  const items = 6;
  const block = new Float64Array(rows * items);
  for (let r = 0; r < rows; r++) for (let j = 0; j < items; j++) block[r * items + j] = r * 10 + j;
  const outs = Array.from({ length: items }, () => new Float64Array(rows + 2).fill(-1));
  splitFloat64Block(outs, new Uint8Array(block.buffer), items, rows, 2);
  assert.deepEqual(Array.from(outs[0]), [-1, -1, 0, 10, 20, 30, 40]);
  assert.deepEqual(Array.from(outs[2]), [-1, -1, 2, 12, 22, 32, 42]);
  assert.deepEqual(Array.from(outs[3]), [-1, -1, 3, 13, 23, 33, 43]);
  assert.deepEqual(Array.from(outs[5]), [-1, -1, 5, 15, 25, 35, 45]);
});
