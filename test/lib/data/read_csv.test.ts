import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import type { DataFrame } from "danfojs-node";
import { readCsv } from "../../../lib/data/read_csv.js";
import { typedColumnsOf } from "../../../lib/data/typed_columns.js";
import { setDisplaySink } from "../../../lib/display/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readcsv-"));
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function cols(df: DataFrame) {
  return typedColumnsOf(df)!.columns;
}

test("RFC 4180: quoted delimiters, doubled quotes, quoted CRLF/LF newlines, CRLF records, no final newline", async () => {
  const p = write("rfc.csv", 'id,text,x\r\n1,"a,b",1.5\r\n2,"say ""hi""",2\r\n3,"two\r\nlines\nhere",-3e2\r\n4,plain,');
  const df = await readCsv(p);
  assert.deepEqual(df.columns, ["id", "text", "x"]);
  assert.deepEqual(df.shape, [4, 3]);
  const c = cols(df);
  assert.deepEqual(c.get("text"), ["a,b", 'say "hi"', "two\r\nlines\nhere", "plain"]);
  assert.deepEqual(Array.from(c.get("id") as Int32Array), [1, 2, 3, 4]);
  assert.ok(c.get("id") instanceof Int32Array);
  const x = c.get("x") as Float64Array;
  assert.deepEqual(Array.from(x.subarray(0, 3)), [1.5, 2, -300]);
  assert.ok(Number.isNaN(x[3]));
});

test("dtype inference follows pandas: int, int+missing → float, float, bool, datetime, string; missing → NaN/null", async () => {
  const p = write(
    "types.csv",
    ["i,im,f,b,d,s,big", "1,1,0.1,True,2020-01-01,a,9007199254740993", "2,,1e-300,False,2021-06-15 12:34:56.789,NA,-9223372036854775808", "-3,3,-inf,true,,héllo,9223372036854775807", ""].join("\n"),
  );
  const df = await readCsv(p);
  const c = cols(df);
  assert.deepEqual(Array.from(c.get("i") as Int32Array), [1, 2, -3]);
  const im = c.get("im") as Float64Array;
  assert.ok(im instanceof Float64Array && Number.isNaN(im[1]) && im[2] === 3);
  assert.deepEqual(Array.from(c.get("f") as Float64Array), [0.1, 1e-300, -Infinity]);
  assert.deepEqual(c.get("b"), [true, false, true]);
  assert.deepEqual((c.get("d") as (Date | null)[]).map((x) => x?.toISOString() ?? null), ["2020-01-01T00:00:00.000Z", "2021-06-15T12:34:56.789Z", null]);
  assert.deepEqual(c.get("s"), ["a", null, "héllo"]);
  // int64 beyond 2^53 kept exact
  assert.deepEqual(c.get("big"), new BigInt64Array([9007199254740993n, -9223372036854775808n, 9223372036854775807n]));
  assert.deepEqual(df.dtypes, ["int32", "float32", "float32", "boolean", "datetime", "string", "string"]);
  assert.deepEqual(df.head(1).values, [[1, 1, 0.1, true, new Date("2020-01-01T00:00:00Z"), "a", "9007199254740993"]]);
});

test("a column that turns non-numeric late is read as text exactly (second pass)", async () => {
  const lines = ["a,b"];
  for (let i = 0; i < 5000; i++) lines.push(`${i},1.50`);
  lines.push("x7,1.50");
  const df = await readCsv(write("late.csv", lines.join("\n")));
  const a = cols(df).get("a") as string[];
  assert.equal(a.length, 5001);
  assert.equal(a[0], "0");
  assert.equal(a[5000], "x7");
  assert.equal((cols(df).get("b") as Float64Array)[5000], 1.5);
});

test("per-column dtype overrides, usecols, nrows, delimiter, header=null, names", async () => {
  const p = write("semi.csv", "a;b;c\n1;2;x\n3;4;y\n5;6;z\n");
  const df = await readCsv(p, { delimiter: ";", dtype: { a: "float64", b: "string" }, usecols: ["a", "b"], nrows: 2 });
  assert.deepEqual(df.columns, ["a", "b"]);
  assert.ok(cols(df).get("a") instanceof Float64Array);
  assert.deepEqual(cols(df).get("b"), ["2", "4"]);
  const noHeader = await readCsv(p, { delimiter: ";", header: null, usecols: [2] });
  assert.deepEqual(noHeader.columns, ["2"]);
  assert.deepEqual(cols(noHeader).get("2"), ["c", "x", "y", "z"]);
  const named = await readCsv(p, { delimiter: ";", names: ["p", "q", "r"], header: 0 });
  assert.deepEqual(named.columns, ["p", "q", "r"]);
  assert.deepEqual(named.shape, [3, 3]);
  const dup = await readCsv(write("dup.csv", "a,a,b\n1,2,3\n"));
  assert.deepEqual(dup.columns, ["a", "a.1", "b"]);
});

// Floats are parsed correctly rounded, which is pandas' float_precision="round_trip" (its default
// "high" parser is off by an ulp on e.g. 0.30000000000000004).
test("matches pandas.read_csv on a mixed file (values, dtypes, missing)", async () => {
  const p = write(
    "mixed.csv",
    'n,f,s,flag\n1,0.30000000000000004,"q,1",True\n2,1.7976931348623157e308,,False\n3,,"",True\n4,5e-324,NULL,False\n5,123456789.123456789,"multi\nline",True\n',
  );
  const script = `import pandas as pd, json, math, sys
df = pd.read_csv(sys.argv[1], float_precision="round_trip")
out = {c: [None if (isinstance(v, float) and math.isnan(v)) else (repr(v) if isinstance(v, float) else v) for v in df[c].tolist()] for c in df.columns}
out["dtypes"] = [str(t) for t in df.dtypes]
print(json.dumps(out))`;
  let pandas: Record<string, unknown[]>;
  try {
    pandas = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, p], { encoding: "utf8" }));
  } catch (e) {
    assert.fail(`pandas (Debian python3-pandas) is needed for this test: ${(e as Error).message}`);
  }
  const df = await readCsv(p);
  const c = cols(df);
  assert.deepEqual(pandas.dtypes, ["int64", "float64", "object", "bool"]);
  assert.deepEqual(Array.from(c.get("n") as Int32Array), pandas.n);
  assert.deepEqual(Array.from(c.get("f") as Float64Array, (v) => (Number.isNaN(v) ? null : v)), (pandas.f as (string | null)[]).map((v) => (v === null ? null : Number(v))));
  assert.deepEqual(c.get("s"), pandas.s);
  assert.deepEqual(c.get("flag"), pandas.flag);
});

test("bad input: a clear error naming the problem; forced dtype names column and line", async () => {
  await assert.rejects(readCsv(path.join(dir, "nope.csv")), /readCsv: cannot open .*nope\.csv/);
  await assert.rejects(readCsv(write("ragged.csv", "a,b\n1,2\n3,4,5\n")), /ragged\.csv: line 3: expected 2 fields, saw 3/);
  await assert.rejects(readCsv(write("bad.csv", "a,b\n1,2\nx,4\n"), { dtype: { a: "float64" } }), /column 'a' \(dtype float64\): 'x' at line 3 \(row 1\) is not a number/);
  await assert.rejects(readCsv(write("na.csv", "a\n1\n\n2\nNA\n"), { dtype: { a: "int32" } }), /column 'a' \(dtype int32\) has missing values/);
  await assert.rejects(readCsv(write("e.csv", "a\n1\n"), { usecols: ["zz"] }), /no column 'zz'/);
  await assert.rejects(readCsv(write("e2.csv", "a\n1\n"), { delimiter: "::" }), /options\.delimiter must be one single-byte character/);
  await assert.rejects(readCsv(write("e3.csv", "a\n1\n"), { dtype: { a: "complex" as never } }), /options\.dtype\['a'\] is "complex"; accepted/);
  await assert.rejects(readCsv(write("e4.csv", "")), /has no header row 0/);
  await assert.rejects(readCsv(write("unclosed.csv", 'a,b\n1,"open\n2,3\n')), /unclosed\.csv: line 2: a quoted field is not closed before the end of the file/);
});

test("short rows are filled with missing values; blank lines are skipped", async () => {
  const df = await readCsv(write("short.csv", "a,b,c\n1,2,3\n\n4\n"));
  const c = cols(df);
  assert.deepEqual(Array.from(c.get("a") as Int32Array), [1, 4]);
  assert.ok(Number.isNaN((c.get("b") as Float64Array)[1]));
});

test("progress is displayed (and updated in place) when asked, for big files by default", async () => {
  const seen: { kind: string; text: string; id: string | undefined }[] = [];
  setDisplaySink({
    rich: true,
    display: (data, _m, id) => void seen.push({ kind: "display", text: String(data["text/plain"]), id }),
    update: (data, _m, id) => void seen.push({ kind: "update", text: String(data["text/plain"]), id }),
  });
  try {
    const lines = ["x,y"];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},${i / 7}`);
    const df = await readCsv(write("progress.csv", lines.join("\n")), { progress: true });
    assert.deepEqual(df.shape, [200_000, 2]);
  } finally {
    setDisplaySink(null);
  }
  assert.equal(seen[0].kind, "display");
  assert.ok(seen[0].id, "a display id so that later updates replace it");
  assert.ok(seen.length >= 2);
  const last = seen[seen.length - 1];
  assert.equal(last.kind, "update");
  assert.equal(last.id, seen[0].id);
  assert.match(last.text, /readCsv progress\.csv: 100% .*200,000 rows/);
});

test("columns sized from the first rows: regular, shorter-than-sampled and longer-than-sampled rows read exactly", async () => {
  // 4096 rows are sampled for bytes per row; these files then hold rows of the same, a smaller
  // and a larger size, so the reserved columns fit, are too big (trimmed) or too small (regrown).
  const n = 20_000;
  const value = (i: number, long: boolean) => (long ? `${i}.${String(i * 7919).padStart(12, "0")}5` : `${i}.5`);
  const cases: [string, (i: number) => boolean][] = [
    ["regular", () => true],
    ["shorter", (i) => i < 4096],
    ["longer", (i) => i >= 4096],
  ];
  for (const [name, long] of cases) {
    const lines = ["x,k"];
    for (let i = 0; i < n; i++) lines.push(`${value(i, long(i))},${i}`);
    const df = await readCsv(write(`sized_${name}.csv`, lines.join("\n") + "\n"));
    assert.deepEqual(df.shape, [n, 2], name);
    const x = cols(df).get("x") as Float64Array;
    const k = cols(df).get("k") as Int32Array;
    assert.ok(x instanceof Float64Array && k instanceof Int32Array, name);
    assert.equal(x.length, n, name);
    let wrong = -1;
    for (let i = 0; i < n; i++) {
      if (x[i] !== Number(value(i, long(i))) || k[i] !== i) {
        wrong = i;
        break;
      }
    }
    assert.equal(wrong, -1, `${name}: row ${wrong} holds ${x[wrong]}, ${k[wrong]}`);
  }
});

// Parallel reads (options.threads; by default for files over 32 MB) must give exactly what one
// thread gives: the same dtypes, decided over all rows, the same values and the same errors.
function sameColumns(a: DataFrame, b: DataFrame, label: string): void {
  assert.deepEqual(b.columns, a.columns, label);
  assert.deepEqual(b.dtypes, a.dtypes, label);
  assert.deepEqual(typedColumnsOf(b)!.meta, typedColumnsOf(a)!.meta, `${label}: int64 columns`);
  const ca = cols(a);
  const cb = cols(b);
  for (const [name, v] of ca) {
    const w = cb.get(name)!;
    assert.equal(w.constructor, v.constructor, `${label}: column ${name}'s type`);
    assert.deepEqual(Array.from(w as ArrayLike<unknown>), Array.from(v as ArrayLike<unknown>), `${label}: column ${name}`);
  }
}

test("threads: inference over all rows (int then a late float, a late string, a late wide int, missing), CRLF, blank lines", async () => {
  const n = 40_000;
  const lines = ["i,late_float,late_text,late_wide,na,f,flag"];
  for (let r = 0; r < n; r++) {
    lines.push([r, r === n - 3 ? "2.5" : r, r === n - 2 ? "word" : r % 10, r === n - 5 ? "9007199254740993" : r, r % 1000 === 999 ? "" : r, (r * 0.37).toFixed(r % 7), r % 3 ? "True" : "False"].join(","));
    if (r % 9000 === 17) lines.push("");
  }
  const p = write("threads.csv", lines.join("\r\n") + "\r\n");
  const one = await readCsv(p, { threads: 1 });
  assert.deepEqual(one.dtypes, ["int32", "float32", "string", "string", "float32", "float32", "boolean"]);
  for (const threads of [2, 4, 7]) {
    const many = await readCsv(p, { threads });
    sameColumns(one, many, `${threads} threads`);
  }
});

test("threads: usecols, naValues, header null, and forced dtypes (float32, int32, string, bool) read as in one thread", async () => {
  const n = 30_000;
  const lines = ["a,b,c,d,e"];
  for (let r = 0; r < n; r++) lines.push(`${r},${r % 17 === 0 ? "missing" : r / 8},${r % 5},${r},${r % 2 ? "true" : "false"}`);
  const p = write("threads_opts.csv", lines.join("\n"));
  const variants: [string, Parameters<typeof readCsv>[1]][] = [
    ["usecols", { usecols: ["b", "d"] }],
    ["naValues", { naValues: ["missing"] }],
    ["naValues without defaults", { naValues: ["missing"], keepDefaultNa: false }],
    ["dtype", { naValues: ["missing"], dtype: { a: "float32", c: "int32", d: "string", e: "bool" } }],
    ["header null", { header: null, usecols: [0, 3] }],
  ];
  for (const [label, options] of variants) {
    sameColumns(await readCsv(p, { ...options, threads: 1 }), await readCsv(p, { ...options, threads: 3 }), label);
  }
});

test("threads: quoted fields with newlines after the first rows, and errors, are what one thread gives", async () => {
  const n = 20_000;
  const lines = ["id,text"];
  for (let r = 0; r < n; r++) lines.push(r === 15_000 ? `${r},"two\nlines, ""quoted"""` : `${r},${r}`);
  const p = write("threads_quoted.csv", lines.join("\n"));
  const many = await readCsv(p, { threads: 3 });
  sameColumns(await readCsv(p, { threads: 1 }), many, "quoted");
  assert.equal((cols(many).get("text") as string[])[15_000], 'two\nlines, "quoted"');
  // A quoted field of thousands of lines, which byte ranges are cut inside.
  const long = ["id,text,x"];
  // (No commas in it: read from a cut inside it, its lines parse as short records without error,
  // so only the check that each range stopped where the next began can catch the cut.)
  const block = Array.from({ length: 8000 }, (_, k) => `${k} is not a record ""really""`).join("\n");
  for (let r = 0; r < n; r++) long.push(r === 10_000 ? `${r},"${block}",1.5` : `${r},t${r % 3},${r}`);
  const pl = write("threads_long_quote.csv", long.join("\n"));
  const longMany = await readCsv(pl, { threads: 4 });
  sameColumns(await readCsv(pl, { threads: 1 }), longMany, "a long quoted field");
  assert.equal((cols(longMany).get("text") as string[])[10_000], block.replace(/""/g, '"'));

  const ragged = ["a,b"];
  for (let r = 0; r < n; r++) ragged.push(r === 17_000 ? "1,2,3" : `${r},${r}`);
  await assert.rejects(readCsv(write("threads_ragged.csv", ragged.join("\n")), { threads: 3 }), /threads_ragged\.csv: line 17002: expected 2 fields, saw 3/);
  const bad = ["a,b"];
  for (let r = 0; r < n; r++) bad.push(r === 18_000 ? "x,1" : `${r},${r}`);
  await assert.rejects(
    readCsv(write("threads_bad.csv", bad.join("\n")), { threads: 3, dtype: { a: "float64" } }),
    /column 'a' \(dtype float64\): 'x' at line 18002 \(row 18000\) is not a number/,
  );
  await assert.rejects(readCsv(p, { threads: 0 }), /options\.threads must be an integer ≥ 1, got 0/);
});

test("threads: progress reaches 100 % with every row; the worker threads are gone afterwards", async () => {
  const lines = ["x,y"];
  for (let i = 0; i < 200_000; i++) lines.push(`${i},${i / 7}`);
  const p = write("threads_progress.csv", lines.join("\n"));
  const tasks = () => (fs.existsSync("/proc/self/task") ? fs.readdirSync("/proc/self/task").length : 0);
  await readCsv(p, { threads: 1 });
  const before = tasks();
  const seen: string[] = [];
  setDisplaySink({
    rich: true,
    display: (data) => void seen.push(String(data["text/plain"])),
    update: (data) => void seen.push(String(data["text/plain"])),
  });
  try {
    const df = await readCsv(p, { progress: true, threads: 3 });
    assert.deepEqual(df.shape, [200_000, 2]);
  } finally {
    setDisplaySink(null);
  }
  assert.ok(seen.length >= 2);
  assert.match(seen[seen.length - 1], /readCsv threads_progress\.csv: 100% .*200,000 rows/);
  assert.equal(tasks(), before, "no thread left running");
});
