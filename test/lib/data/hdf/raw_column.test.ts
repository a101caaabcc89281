import { test } from "node:test";
import * as assert from "node:assert/strict";
import { allocRawColumn, decodeInto, splitFloat64Block } from "../../../../lib/data/hdf/raw_column.js";
import { H5T, type Metadata } from "../../../../lib/data/hdf/h5_file.js";

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

test("splitFloat64Block takes a field out of wider rows (stride, first)", () => {
  // Rows of [index, a, b, c, label] as a table's compound row: the float field is items 1..3.
  const rows = 3;
  const block = new Float64Array(rows * 5);
  for (let r = 0; r < rows; r++) for (let i = 0; i < 5; i++) block[r * 5 + i] = r * 10 + i;
  const outs = Array.from({ length: 3 }, () => new Float64Array(rows));
  splitFloat64Block(outs, new Uint8Array(block.buffer), 5, rows, 0, 1);
  assert.deepEqual(outs.map((o) => Array.from(o)), [
    [1, 11, 21],
    [2, 12, 22],
    [3, 13, 23],
  ]);
});

const int64: Metadata = { type: H5T.INTEGER, size: 8, signed: true, littleEndian: true, vlen: false, total_size: 1, shape: null, maxshape: null, chunks: null };

function int64Bytes(values: bigint[]): Uint8Array {
  return new Uint8Array(new BigInt64Array(values).buffer);
}

test("int64 read narrow stays an Int32Array while every value fits", () => {
  let col = allocRawColumn(int64, 4, "t", true);
  assert.ok(col instanceof Int32Array);
  col = decodeInto(col, int64, int64Bytes([0n, -1n, 2147483647n]), 8, 0, 3, 0);
  col = decodeInto(col, int64, int64Bytes([-2147483648n]), 8, 0, 1, 3);
  assert.ok(col instanceof Int32Array);
  assert.deepEqual(Array.from(col), [0, -1, 2147483647, -2147483648]);
});

test("int64 read narrow widens to an exact BigInt64Array at the first value past int32, in a later slice too", () => {
  let col = allocRawColumn(int64, 5, "t", true);
  col = decodeInto(col, int64, int64Bytes([5n, -7n]), 8, 0, 2, 0);
  col = decodeInto(col, int64, int64Bytes([1n, 2n ** 31n, -(2n ** 63n)]), 8, 0, 3, 2);
  assert.ok(col instanceof BigInt64Array);
  assert.deepEqual(Array.from(col), [5n, -7n, 1n, 2n ** 31n, -(2n ** 63n)]);
  // Without narrowing the column is int64 from the start.
  assert.ok(allocRawColumn(int64, 1, "t") instanceof BigInt64Array);
});
