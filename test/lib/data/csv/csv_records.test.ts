import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvRecords } from "../../../../lib/data/csv/csv_records.js";

function records(text: string, chunk: number): string[][] {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "csvrec-")), "f.csv");
  fs.writeFileSync(p, text);
  const fd = fs.openSync(p, "r");
  try {
    const r = new CsvRecords(fd, 44, 34, chunk);
    const out: string[][] = [];
    while (r.next()) out.push(Array.from({ length: r.count }, (_, k) => r.buf.toString("utf8", r.starts[k], r.ends[k]) + (r.quoted[k] ? `|q${r.quoted[k]}` : "")));
    return out;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(p), { recursive: true });
  }
}

test("records split the same whatever the chunk size (fields and quotes cut at chunk edges)", () => {
  const text = 'a,b\r\n"x,\ny",2\n\n"he said ""no""",\r\nlast,"é"';
  const want = [["a", "b"], ["x,\ny|q1", "2"], ['he said ""no""|q2', ""], ["last", "é|q1"]];
  for (const chunk of [3, 4, 5, 7, 16, 1 << 20]) assert.deepEqual(records(text, chunk), want, `chunk ${chunk}`);
});
