import { test } from "node:test";
import * as assert from "node:assert/strict";
import { rowSlices } from "../../../../lib/data/hdf/row_slices.js";

test("row slices cover [start, stop) in order, each within the byte budget", () => {
  // 3M rows of 96 bytes (f_big_table's row size) under the default 256 MiB budget
  const s = rowSlices(0, 3_000_000, 96);
  assert.equal(s[0][0], 0);
  assert.equal(s[s.length - 1][1], 3_000_000);
  for (let i = 1; i < s.length; i++) assert.equal(s[i][0], s[i - 1][1]);
  for (const [a, b] of s) assert.ok((b - a) * 96 <= 256 * 2 ** 20);
  assert.ok(s.length >= 2);
  // a 3 GiB dataset never asks for more than 1 GiB at once
  for (const [a, b] of rowSlices(10, 3 * 2 ** 30 + 10, 1, 2 ** 30)) assert.ok(b - a <= 2 ** 30);
  assert.deepEqual(rowSlices(5, 5, 8), []);
  assert.deepEqual(rowSlices(0, 3, 10 ** 12), [[0, 1], [1, 2], [2, 3]]);
});
