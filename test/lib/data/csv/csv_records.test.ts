import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvRecords, recordStartAtOrAfter } from "../../../../lib/data/csv/csv_records.js";

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

// Threads read a file as byte ranges cut at recordStartAtOrAfter(split): for any splits, the
// ranges' records together must be the file's records, each once, in order.
test("ranges cut at recordStartAtOrAfter hold every record once, for LF, CRLF, CR and blank lines", () => {
  const texts = [
    "a,b\n1,2\n3,4\n\n5,6\n7,8",
    "a,b\r\n1,2\r\n\r\n3,4\r\n5,6\r\n",
    "a,b\r1,2\r3,4\r\r5,6\r",
    "a,b\n1,2\r\n3,4\r5,6\n\r\n7,8\r\r\n9,10\n",
  ];
  for (const text of texts) {
    const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "csvrange-")), "f.csv");
    fs.writeFileSync(p, text);
    const fd = fs.openSync(p, "r");
    try {
      const size = text.length;
      const read = (start: number, limit: number, chunk: number) => {
        const r = new CsvRecords(fd, 44, 34, chunk);
        r.reset(start, limit);
        const out: string[] = [];
        while (r.next()) out.push(Array.from({ length: r.count }, (_, k) => r.buf.toString("latin1", r.starts[k], r.ends[k])).join("|"));
        return out;
      };
      const whole = read(0, Infinity, 1 << 16);
      for (let a = 0; a <= size; a++) {
        for (let b = a; b <= size; b++) {
          const s1 = recordStartAtOrAfter(fd, a, size);
          const s2 = recordStartAtOrAfter(fd, b, size);
          assert.ok(s1 >= a && s2 >= b, "a start is at or after its split");
          for (const chunk of [3, 1 << 16]) {
            const got = [...read(0, s1, chunk), ...read(s1, s2, chunk), ...read(s2, Infinity, chunk)];
            assert.deepEqual(got, whole, `${JSON.stringify(text)} split at ${a}, ${b} (chunk ${chunk})`);
          }
        }
      }
    } finally {
      fs.closeSync(fd);
      fs.rmSync(path.dirname(p), { recursive: true });
    }
  }
});

// A newline inside a quoted field is not a record start: a range cut there is caught because the
// range before it stops elsewhere (at the record after the quoted one).
test("position after a range: the first record start at or after its limit, past a quoted newline", () => {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "csvpos-")), "f.csv");
  const text = 'a,b\n1,"x\ny"\n2,3\n\n4,5';
  fs.writeFileSync(p, text);
  const fd = fs.openSync(p, "r");
  try {
    const size = text.length;
    const r = new CsvRecords(fd, 44, 34);
    const cut = recordStartAtOrAfter(fd, 7, size); // just after the newline inside "x\ny"
    assert.equal(cut, text.indexOf("y"));
    r.reset(0, cut);
    let n = 0;
    while (r.next()) n++;
    assert.equal(n, 2, "the header and the record holding the quoted newline");
    assert.equal(r.position, text.indexOf("2,3"), "stopped after the quoted record, not at the cut");
    r.reset(text.indexOf("2,3"), text.indexOf("4,5"));
    while (r.next());
    assert.equal(r.position, text.indexOf("4,5"), "blank lines before the limit are skipped");
    r.reset(text.indexOf("4,5"), size);
    while (r.next());
    assert.equal(r.position, size);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(p), { recursive: true });
  }
});
