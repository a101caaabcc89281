import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as os from "node:os";
import { nativeBlas } from "../../../../lib/backend/native/native_blas.js";
import { Float64Split, PARALLEL_MIN_BYTES, SplitHelper } from "../../../../lib/data/hdf/float_split.js";
import { rowSlices } from "../../../../lib/data/hdf/row_slices.js";

// Rows of `stride` float64 items, cell [r, i] = r * 100 + i (exact), split in slices of `sliceRows`.
function runSplit(split: Float64Split, rows: number, stride: number, sliceRows: number): void {
  for (const [a, b] of rowSlices(0, rows, stride * 8, sliceRows * stride * 8)) {
    const slice = new Float64Array((b - a) * stride);
    for (let r = a; r < b; r++) for (let i = 0; i < stride; i++) slice[(r - a) * stride + i] = r * 100 + i;
    split.push(new Uint8Array(slice.buffer), b - a, a);
  }
}

function checkColumns(cols: Float64Array[], rows: number, first: number): void {
  cols.forEach((c, j) => {
    assert.ok(c instanceof Float64Array);
    // One allocation holds every column (shared when the worker filled some of them in place).
    assert.equal(c.buffer, cols[0]!.buffer, `column ${j} lies in the split's one buffer`);
    assert.equal(c.byteOffset, j * rows * 8);
    assert.equal(c.length, rows);
    let wrong = -1;
    for (let r = 0; r < rows; r++) {
      if (c[r] !== r * 100 + first + j) {
        wrong = r;
        break;
      }
    }
    assert.equal(wrong, -1, `column ${j} row ${wrong} holds ${c[wrong]}`);
  });
}

const spec = (rows: number, columns: number, first: number, stride: number, sliceRows: number) => ({
  rows,
  columns,
  first,
  stride,
  slices: Math.ceil(rows / sliceRows),
  sliceBytes: sliceRows * stride * 8,
  helperShare: 0.7,
});

test("Float64Split alone puts item first + j of each row into column j", () => {
  const split = new Float64Split(spec(1001, 5, 1, 7, 100));
  assert.equal(split.helped, false);
  runSplit(split, 1001, 7, 100);
  checkColumns(split.finish(), 1001, 1);
});

test("with a helper thread, the columns (its and ours) are the same; the helper serves one split after another", { skip: os.availableParallelism() < 2 && "needs a second core" }, () => {
  const helper = SplitHelper.start()!;
  try {
    assert.ok(helper.whenReady(30_000), "the split worker starts");
    for (const [rows, columns, first, stride, sliceRows] of [
      [20_011, 10, 0, 10, 997], // pandas' fixed block
      [5_000, 10, 1, 12, 333], // a table's values_block_0 between index and label
      [7, 3, 0, 3, 2], // more slices than ring slots, tiny
    ]) {
      const split = new Float64Split(spec(rows, columns, first, stride, sliceRows), helper);
      assert.equal(split.helped, true);
      runSplit(split, rows, stride, sliceRows);
      checkColumns(split.finish(), rows, first);
    }
  } finally {
    helper.close();
  }
});

test("an aborted split leaves the helper usable for the next one", { skip: os.availableParallelism() < 2 && "needs a second core" }, () => {
  const helper = SplitHelper.start()!;
  try {
    assert.ok(helper.whenReady(30_000));
    const broken = new Float64Split(spec(10_000, 4, 0, 4, 100), helper);
    assert.equal(broken.helped, true);
    const slice = new Float64Array(400);
    broken.push(new Uint8Array(slice.buffer), 100, 0);
    broken.abort(); // as readHdf does when HDF5 fails in the middle of the data
    const split = new Float64Split(spec(3_000, 4, 0, 4, 100), helper);
    assert.equal(split.helped, true);
    runSplit(split, 3_000, 4, 100);
    checkColumns(split.finish(), 3_000, 0);
  } finally {
    helper.close();
  }
});

test("small files, and any file when the split is native, get no helper thread", () => {
  assert.equal(SplitHelper.forFile(PARALLEL_MIN_BYTES - 1), undefined);
  // With the native addon the reader splits alone (the worker's share did not pay for its ring).
  if (nativeBlas()) assert.equal(SplitHelper.forFile(PARALLEL_MIN_BYTES * 4), undefined);
});
