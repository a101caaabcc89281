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

function tokens(c: ColumnBuilder, list: string[]): void {
  for (const t of list) {
    const b = Buffer.from(t);
    c.add(b, 0, b.length, 0, place, () => t);
  }
}

// What other threads read of a column, as parts: the merged inference must be what one builder
// reading every row would decide.
test("appendParts merges inference over all rows: ints then a float is float, a text token anywhere is text", () => {
  const storage = new Float64Array(new SharedArrayBuffer(8 * 40));
  const rooms = [new Float64Array(storage.buffer, 8 * 10, 10), new Float64Array(storage.buffer, 8 * 25, 15)];
  const read = (list: string[], room: Float64Array) => {
    const c = new ColumnBuilder("x", undefined, new Set(["NA"]), 0);
    c.moveTo(room);
    tokens(c, list);
    return c.part(room);
  };
  const first = new ColumnBuilder("x", undefined, new Set(["NA"]), 4);
  tokens(first, ["1", "2"]);
  first.moveTo(storage);
  const parts = [read(["3", "4", "5"], rooms[0]), read(["6.5", "7"], rooms[1])];
  assert.equal(parts[0].numbers, null, "values left in their room");
  first.appendParts(parts, rooms);
  assert.equal(first.numbers.buffer, storage.buffer, "moved down in place: no second copy");
  const { values, int64 } = first.finish();
  assert.ok(values instanceof Float64Array && int64 === undefined, "a float in the last part makes the column float");
  assert.deepEqual(Array.from(values as Float64Array), [1, 2, 3, 4, 5, 6.5, 7]);

  const missing = new ColumnBuilder("m", undefined, new Set(["NA"]), 4);
  tokens(missing, ["1"]);
  missing.moveTo(storage);
  missing.appendParts([read(["2"], rooms[0]), read(["NA", "4"], rooms[1])], rooms);
  const m = missing.finish();
  assert.ok(m.values instanceof Float64Array && m.int64 === undefined, "integers with a missing value anywhere are float (as pandas)");
  assert.deepEqual(Array.from(m.values as Float64Array), [1, 2, NaN, 4]);

  const ints = new ColumnBuilder("i", undefined, new Set(), 4);
  tokens(ints, ["1"]);
  ints.moveTo(storage);
  ints.appendParts([read(["2", "3"], rooms[0]), read(["4"], rooms[1])], rooms);
  const i = ints.finish();
  assert.ok(i.values instanceof Int32Array && i.int64 === true);
  assert.deepEqual(Array.from(i.values as Int32Array), [1, 2, 3, 4]);

  const text = new ColumnBuilder("t", undefined, new Set(), 4);
  tokens(text, ["1"]);
  text.moveTo(storage);
  text.appendParts([read(["2"], rooms[0]), read(["3", "x"], rooms[1])], rooms);
  assert.equal(text.mode, "reread", "a text token in any part sends the column to the text pass");
});

test("appendParts copies into a fresh column when a part outgrew its room", () => {
  const storage = new Float64Array(new SharedArrayBuffer(8 * 8));
  const rooms = [new Float64Array(storage.buffer, 8 * 2, 2), new Float64Array(storage.buffer, 8 * 4, 4)];
  const first = new ColumnBuilder("x", undefined, new Set(), 4);
  tokens(first, ["1", "2"]);
  first.moveTo(storage);
  const a = new ColumnBuilder("x", undefined, new Set(), 0);
  a.moveTo(rooms[0]);
  tokens(a, ["3", "4", "5", "6", "7"]); // 5 values in a room of 2: grows into its own array
  const b = new ColumnBuilder("x", undefined, new Set(), 0);
  b.moveTo(rooms[1]);
  tokens(b, ["8.5"]);
  const pa = a.part(rooms[0]);
  assert.ok(pa.numbers !== null && pa.numbers.length === 5);
  first.appendParts([pa, b.part(rooms[1])], rooms);
  assert.notEqual(first.numbers.buffer, storage.buffer);
  const v = first.finish().values as Float64Array;
  assert.deepEqual(Array.from(v), [1, 2, 3, 4, 5, 6, 7, 8.5]);
});
