import { test } from "node:test";
import * as assert from "node:assert/strict";
import { ColumnBuilder } from "../../../../lib/data/csv/column_builder.js";

const place = { line: 1, row: 0 };
const text = () => "";

function fill(c: ColumnBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const b = Buffer.from(`${i}.25`);
    c.add(b, 0, b.length, 0, place, text);
  }
}

test("reserve keeps the values so far; finish trims a nearly full column as a view and a sparse one by copy", () => {
  const full = new ColumnBuilder("x", undefined, new Set(), 4);
  fill(full, 3);
  full.reserve(100);
  fill(full, 97); // 3 + 97 = 100 values: 0.25 .. 96.25 after the first three
  const a = full.finish().values as Float64Array;
  assert.equal(a.length, 100);
  assert.deepEqual(Array.from(a.subarray(0, 4)), [0.25, 1.25, 2.25, 0.25]);
  assert.equal(a[99], 96.25);

  const near = new ColumnBuilder("y", undefined, new Set(), 4);
  near.reserve(100);
  fill(near, 96);
  const v = near.finish().values as Float64Array;
  assert.equal(v.length, 96);
  assert.equal(v.buffer.byteLength, 800, "96 of 100 reserved: a view, no copy");
  assert.equal(v[95], 95.25);

  const sparse = new ColumnBuilder("z", undefined, new Set(), 4);
  sparse.reserve(100);
  fill(sparse, 10);
  const s = sparse.finish().values as Float64Array;
  assert.equal(s.length, 10);
  assert.equal(s.buffer.byteLength, 80, "10 of 100 reserved: trimmed by copy");
  assert.equal(s[9], 9.25);
});
