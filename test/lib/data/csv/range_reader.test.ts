import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvRecords } from "../../../../lib/data/csv/csv_records.js";
import { rangeOwners, rangeProgress, readRanges, type RangeJob } from "../../../../lib/data/csv/range_reader.js";

// One thread reading every range of a job (workers run the same function on the same job).
function job(fd: number, size: number, n: number, rooms: number): RangeJob {
  const bounds = new SharedArrayBuffer(16 * n);
  new BigInt64Array(bounds).fill(-1n);
  const splits = Array.from({ length: n + 1 }, (_, i) => (i === n ? size : Math.floor((size * i) / n)));
  return {
    fd, size, delimiter: 44, quote: 34, ncols: 2,
    columns: [{ name: "a", forced: undefined, storage: new SharedArrayBuffer(8 * n * rooms) }, null],
    na: [""],
    splits,
    offsets: splits.slice(0, n).map((_, i) => i * rooms),
    rooms: splits.slice(0, n).map(() => rooms),
    control: new SharedArrayBuffer(8 + 16),
    owners: new SharedArrayBuffer(4 * n),
    bounds,
  };
}

test("readRanges reads every range into its room, reports each range's inference and marks itself owner", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ranges-"));
  const p = path.join(dir, "f.csv");
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) lines.push(i === 900 ? "2.5,x" : `${i},x`);
  fs.writeFileSync(p, lines.join("\n") + "\n");
  const fd = fs.openSync(p, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const j = job(fd, size, 7, 400);
    const out = readRanges(j, 0, new CsvRecords(fd, 44, 34));
    assert.ok(out.ok);
    assert.deepEqual(out.results.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(out.results.reduce((s, r) => s + r.rows, 0), 1000);
    const values: number[] = [];
    for (const r of out.results) {
      const part = r.parts[0]!;
      assert.equal(part.numbers, null, "within its room");
      assert.equal(r.parts[1], null, "a column not read in ranges");
      const own = Array.from(new Float64Array(j.columns[0]!.storage, 8 * j.offsets[r.index], part.length));
      assert.equal(part.allInteger, !own.includes(2.5), `range ${r.index}: integer unless it holds 2.5`);
      values.push(...own);
    }
    assert.deepEqual(values, lines.map((l) => Number(l.split(",")[0])));
    assert.deepEqual([...rangeOwners(j)!], [0]);
    assert.deepEqual(rangeProgress(j, 1), { bytes: size, rows: 1000 });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true });
  }
});

test("readRanges reads quoted fields; it gives up on an error or another thread's abort, and sets the abort flag", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ranges-"));
  const p = path.join(dir, "f.csv");
  fs.writeFileSync(p, '1,2\n3,"4"\n5,6\n');
  const q = path.join(dir, "g.csv");
  fs.writeFileSync(q, "1,2\n3,4,5\n");
  const fd = fs.openSync(p, "r");
  const gd = fs.openSync(q, "r");
  try {
    const quoted = job(fd, fs.fstatSync(fd).size, 1, 16);
    const out = readRanges(quoted, 0, new CsvRecords(fd, 44, 34));
    assert.ok(out.ok && out.results[0].rows === 3 && out.results[0].stop === 14);
    const ragged = job(gd, fs.fstatSync(gd).size, 1, 16);
    assert.deepEqual(readRanges(ragged, 0, new CsvRecords(gd, 44, 34)), { ok: false, reason: "line 2: expected 2 fields, saw 3" });
    assert.equal(new Int32Array(ragged.control)[1], 1, "abort flag set for the other threads");
    const aborted = job(fd, fs.fstatSync(fd).size, 1, 16);
    new Int32Array(aborted.control)[1] = 1;
    assert.deepEqual(readRanges(aborted, 0, new CsvRecords(fd, 44, 34)), { ok: false, reason: "aborted" });
  } finally {
    fs.closeSync(fd);
    fs.closeSync(gd);
    fs.rmSync(dir, { recursive: true });
  }
});

test("a range that begins inside a quoted field holding newlines is caught as soon as its neighbour's stop is known", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ranges-"));
  const p = path.join(dir, "f.csv");
  const text = '1,"a\nb\nc\nd\ne\nf\ng\nh"\n2,3\n4,5\n6,7\n';
  fs.writeFileSync(p, text);
  const fd = fs.openSync(p, "r");
  try {
    const j = job(fd, text.length, 2, 16);
    // The middle split lands among the quoted lines; one thread reads range 0 first, so range 1
    // knows range 0's stop when it begins.
    assert.ok(j.splits[1] > text.indexOf("a") && j.splits[1] < text.indexOf("h"));
    assert.deepEqual(readRanges(j, 0, new CsvRecords(fd, 44, 34)), { ok: false, reason: "a byte range began inside a quoted field" });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true });
  }
});
