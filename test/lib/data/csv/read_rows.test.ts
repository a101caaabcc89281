import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvRecords } from "../../../../lib/data/csv/csv_records.js";
import { ColumnBuilder } from "../../../../lib/data/csv/column_builder.js";
import { readRows } from "../../../../lib/data/csv/read_rows.js";

function open(text: string): { records: CsvRecords; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readrows-"));
  const p = path.join(dir, "f.csv");
  fs.writeFileSync(p, text);
  const fd = fs.openSync(p, "r");
  return { records: new CsvRecords(fd, 44, 34), done: () => (fs.closeSync(fd), fs.rmSync(dir, { recursive: true })) };
}

test("readRows stops at maxRows, pads short records, skips unread columns, and ticks every 65536 rows", () => {
  const lines = ["1,2,3", "4", "5,6,7"];
  for (let i = 0; i < 70_000; i++) lines.push(`${i},${i},${i}`);
  const { records, done } = open(lines.join("\n"));
  try {
    const cols = [new ColumnBuilder("a", undefined, new Set([""]), 4), null, new ColumnBuilder("c", undefined, new Set([""]), 4)];
    assert.equal(readRows(records, cols, 3, 2, false, 0), 2);
    assert.deepEqual(Array.from(cols[2]!.numbers.subarray(0, 2)), [3, NaN], "a short record is padded with missing values");
    const ticks: number[] = [];
    assert.equal(readRows(records, cols, 3, Infinity, false, 2, (r) => ticks.push(r)), 70_001);
    assert.deepEqual(ticks, [65536]);
    assert.equal(cols[0]!.length, 70_003);
  } finally {
    done();
  }
});

test("readRows names the line of a long record and the row (counted from rowBase) of a bad forced value", () => {
  const a = open("1,2\n3,4,5\n");
  try {
    assert.throws(() => readRows(a.records, [null, null], 2, Infinity, false, 0), /^Error: line 2: expected 2 fields, saw 3$/);
  } finally {
    a.done();
  }
  const b = open("1\n2\nx\n");
  try {
    const cols = [new ColumnBuilder("a", "float64", new Set([""]), 4)];
    assert.throws(() => readRows(b.records, cols, 1, Infinity, false, 100), /'x' at line 3 \(row 102\) is not a number/);
  } finally {
    b.done();
  }
});
