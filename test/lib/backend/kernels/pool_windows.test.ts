import { test } from "node:test";
import * as assert from "node:assert/strict";
import { poolWindows2D, poolWindows3D, windowRange } from "../../../../lib/backend/kernels/pool_windows.js";

test("3-D SAME windows pad max(total, 0), the floor half first, as TensorFlow (tfjs's own geometry goes negative)", () => {
  // depth 5, stride 3, pool 1: out 2, total (2−1)·3 + 1 − 5 = −1 → 0; windows start at 0 and 3.
  const w = poolWindows3D([1, 5, 6, 7, 2], { filterSize: [1, 3, 4], strides: [3, 2, 2], pad: "same" });
  assert.deepEqual(w.outSize, [2, 3, 4]);
  assert.deepEqual(w.padBefore, [0, 0, 1]); // height: (3−1)·2 + 3 − 6 = 1 → 0 before; width: (4−1)·2 + 4 − 7 = 3 → 1 before
  assert.deepEqual([windowRange(w, 0, 0), windowRange(w, 0, 1)], [[0, 1], [3, 4]]);
  assert.deepEqual([windowRange(w, 2, 0), windowRange(w, 2, 3)], [[0, 3], [5, 7]]);
  const valid = poolWindows3D([2, 4, 4, 4, 3], { filterSize: 2, strides: 2, pad: "valid" });
  assert.deepEqual([valid.batch, valid.channels, valid.outSize, valid.padBefore], [2, 3, [2, 2, 2], [0, 0, 0]]);
});

test("2-D windows are depth 1 with tfjs's (TensorFlow's) geometry", () => {
  const w = poolWindows2D([1, 5, 5, 3], { filterSize: [2, 3], strides: [2, 2], pad: "same" });
  assert.deepEqual([w.inSize, w.outSize, w.filter, w.stride, w.padBefore], [[1, 5, 5], [1, 3, 3], [1, 2, 3], [1, 2, 2], [0, 0, 1]]);
  assert.deepEqual(windowRange(w, 1, 2), [4, 5]); // the last row's window: one real row
});
