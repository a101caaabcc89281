import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvRecords } from "../../../../lib/data/csv/csv_records.js";
import { ColumnBuilder } from "../../../../lib/data/csv/column_builder.js";
import { readRows } from "../../../../lib/data/csv/read_rows.js";
import { CsvWorkers, readRestInParallel } from "../../../../lib/data/csv/parallel_read.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csvpar-"));
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

const SAMPLE = 4096;

/** The first SAMPLE rows in this thread, the rest through readRestInParallel, then the rest of what readCsv does left out. */
async function readSplit(text: string, threads: number): Promise<{ more: number | undefined; values: (number | string)[][]; records: CsvRecords; builders: ColumnBuilder[] }> {
  const p = path.join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(p, text);
  const fd = fs.openSync(p, "r");
  const workers = new CsvWorkers(threads - 1);
  try {
    const records = new CsvRecords(fd, 44, 34);
    records.next();
    const names = Array.from({ length: records.count }, (_, k) => records.buf.toString("latin1", records.starts[k], records.ends[k]));
    const builders = names.map((n) => new ColumnBuilder(n, undefined, new Set([""]), 16));
    const start = records.consumed;
    const sample = readRows(records, builders, names.length, SAMPLE, false, 0);
    const more = await readRestInParallel(workers, records, {
      fd, size: text.length, delimiter: 44, quote: 34, ncols: names.length, builders, na: new Set([""]), rowsSoFar: sample,
      bytesPerRow: (records.consumed - start) / sample,
    });
    // After a refusal the caller goes on in one thread from where the first rows ended.
    if (more === undefined) readRows(records, builders, names.length, Infinity, false, sample);
    const values = builders.map((b) => (b.mode === "number" ? Array.from(b.numbers.subarray(0, b.length)) : [b.mode]));
    return { more, values, records, builders };
  } finally {
    await workers.close();
    fs.closeSync(fd);
  }
}

function rowsOf(n: number, row: (r: number) => string, eol = "\n"): string {
  const lines = ["a,b,c"];
  for (let r = 0; r < n; r++) lines.push(row(r));
  return lines.join(eol) + eol;
}

test("the rest of a file is read in ranges by this thread and workers, rows in file order, nothing lost at range edges", async () => {
  const n = 60_000;
  for (const eol of ["\n", "\r\n", "\r"]) {
    const text = rowsOf(n, (r) => (r % 9973 === 5 ? `${r},${r / 4},${-r}${eol}` : `${r},${r / 4},${-r}`), eol); // blank lines too
    for (const threads of [2, 3, 5]) {
      const { more, values } = await readSplit(text, threads);
      assert.equal(more, n - SAMPLE, `eol ${JSON.stringify(eol)}, ${threads} threads`);
      const wrong = values[0].findIndex((v, i) => v !== i || values[1][i] !== i / 4 || values[2][i] !== -i);
      assert.equal(values[0].length, n);
      assert.equal(wrong, -1, `eol ${JSON.stringify(eol)}, ${threads} threads: row ${wrong}`);
    }
  }
});

test("rows much shorter than the sampled ones outgrow their ranges' rooms and are still all kept", async () => {
  const n = 80_000;
  const text = rowsOf(n, (r) => (r < SAMPLE ? `${r}.000000000000001,${r}.5000000000000,${r}` : `${r},1,2`));
  const { more, values } = await readSplit(text, 3);
  assert.equal(more, n - SAMPLE);
  assert.equal(values[0].length, n);
  assert.equal(values[0][n - 1], n - 1);
  assert.equal(values[1][n - 1], 1);
});

test("quoted fields go in parallel; a range cut inside a quoted field holding newlines, or a malformed record, makes it refuse", async () => {
  const n = 20_000;
  const quoted = rowsOf(n, (r) => (r % 7 === 0 ? `"${r}","1,5",2` : `${r},1,2`));
  const q = await readSplit(quoted, 3);
  assert.equal(q.more, n - SAMPLE, "quotes without newlines: read in parallel");
  assert.equal(q.values[0][14], 14);
  assert.deepEqual(q.values[1], ["reread"], "'1,5' is text");

  // ~180 KB of quoted lines around the middle: a range split lands inside it.
  const long = Array.from({ length: 6000 }, (_, k) => `line ${k} of a quoted field`).join("\n");
  const multi = rowsOf(n, (r) => (r === 12_000 ? `${r},"${long}",2` : `${r},1,2`));
  const m = await readSplit(multi, 3);
  assert.equal(m.more, undefined, "refused: a range began inside the quoted field");
  assert.equal(m.values[0].length, n, "all rows once, after going on from the first rows in one thread");
  assert.equal(m.values[0][12_000], 12_000);
  assert.equal(m.values[0][n - 1], n - 1);

  // Refused, then read on in one thread, which names the line (counted on from the first rows).
  const ragged = rowsOf(n, (r) => (r === 12_345 ? `${r},1,2,3` : `${r},1,2`));
  await assert.rejects(readSplit(ragged, 3), /^Error: line 12347: expected 3 fields, saw 4$/);
});

test("quotes within the first rows do not stop the parallel read", async () => {
  const text = rowsOf(10_000, (r) => (r === 7 ? `"${r}",1,2` : `${r},1,2`));
  const { more, values } = await readSplit(text, 2);
  assert.equal(more, 10_000 - SAMPLE);
  assert.equal(values[0][7], 7);
});
