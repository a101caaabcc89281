import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFrame, Series } from "danfojs-node";
import { readHdf, hdfKeys, HdfReadError } from "../../../lib/data/read_hdf.js";
import { typedColumnsOf, type TypedColumn, type ColumnMeta } from "../../../lib/data/typed_columns.js";
import { hdfFixtures } from "../../helpers/paths.js";

interface Expected {
  file: string;
  key: string;
  is_series: boolean;
  shape: [number, number];
  columns: string[];
  dtypes: Record<string, string>;
  index_dtype: string;
  index_name: string | null;
  index: unknown[];
  data: Record<string, unknown[]>;
  categories?: Record<string, string[]>;
  codes?: Record<string, number[]>;
}

// pandas reads these; we refuse them with a clear error (see ARCHITECTURE.md, "Data readers").
const REFUSED: Record<string, RegExp> = {
  "e_lzo_table.h5": /e_lzo_table\.h5.*key 'df'|key 'df'.*e_lzo_table\.h5/,
  "e_blosc-zlib_table.h5": /blosc:zlib/,
};

const expectedFiles = fs.readdirSync(path.join(hdfFixtures, "expected")).filter((f) => f.endsWith(".json")).sort();

function floatOf(s: unknown): number {
  if (s === "NaN") return NaN;
  if (s === "Infinity") return Infinity;
  if (s === "-Infinity") return -Infinity;
  if (s === "-0") return -0;
  return Number(s);
}

function cellText(col: TypedColumn, i: number): string {
  const v = (col as ArrayLike<unknown>)[i];
  return typeof v === "bigint" ? v.toString() : String(v);
}

function checkColumn(where: string, dtype: string, col: TypedColumn, meta: ColumnMeta | undefined, want: unknown[], exp: Expected, name: string) {
  assert.equal(col.length, want.length, `${where}: length`);
  if (dtype.startsWith("datetime64")) {
    assert.equal(meta?.kind, "datetime64", `${where}: datetime meta`);
    if (meta?.kind !== "datetime64") return;
    want.forEach((w, i) => {
      const { ts_ns, tz } = w as { ts_ns: string | null; tz?: string | null };
      if (ts_ns === null) {
        assert.equal(meta.ns[i], -(2n ** 63n), `${where}[${i}] NaT`);
        assert.equal((col as (Date | null)[])[i], null);
      } else {
        assert.equal(meta.ns[i].toString(), ts_ns, `${where}[${i}]`);
        assert.equal(meta.tz, tz ?? null, `${where} tz`);
      }
    });
    return;
  }
  if (dtype === "category") {
    assert.equal(meta?.kind, "category");
    if (meta?.kind !== "category") return;
    assert.deepEqual(meta.categories, exp.categories![name]);
    assert.deepEqual(Array.from(meta.codes), exp.codes![name]);
    want.forEach((w, i) => assert.equal((col as (string | null)[])[i], w === "NaN" ? null : w, `${where}[${i}]`));
    return;
  }
  want.forEach((w, i) => {
    if (dtype === "float64") assert.ok(Object.is((col as Float64Array)[i], floatOf(w)), `${where}[${i}]: ${(col as Float64Array)[i]} vs ${String(w)}`);
    else if (dtype === "int64") assert.equal(cellText(col, i), w, `${where}[${i}]`);
    else if (dtype === "bool") assert.equal((col as boolean[])[i], w, `${where}[${i}]`);
    else if (dtype === "object") assert.equal((col as (string | null)[])[i], w === "NaN" ? null : w, `${where}[${i}]`);
    else assert.fail(`${where}: untested dtype ${dtype}`);
  });
}

for (const name of expectedFiles) {
  const exp = JSON.parse(fs.readFileSync(path.join(hdfFixtures, "expected", name), "utf8")) as Expected;
  const file = path.join(hdfFixtures, exp.file);
  test(`readHdf ${exp.file} /${exp.key} equals pandas.read_hdf`, async () => {
    if (REFUSED[exp.file]) {
      await assert.rejects(readHdf(file, exp.key), (e: Error) => {
        assert.ok(e instanceof HdfReadError, String(e));
        assert.match(e.message, new RegExp(exp.file.replace(/[.]/g, "\\.")));
        assert.match(e.message, new RegExp(`key '${exp.key}'`));
        assert.match(e.message, REFUSED[exp.file]);
        return true;
      });
      return;
    }
    const out = await readHdf(file, exp.key);
    assert.ok(exp.is_series ? out instanceof Series : out instanceof DataFrame);
    assert.deepEqual(out.columns, exp.columns);
    assert.deepEqual(out.shape, exp.is_series ? [exp.shape[0], 1] : exp.shape);
    const typed = typedColumnsOf(out as DataFrame);
    assert.ok(typed, "typed columns are attached");
    assert.deepEqual([...typed.columns.keys()], exp.columns);
    assert.equal(typed.indexName ?? null, exp.index_name);
    for (const c of exp.columns) {
      checkColumn(`${exp.file}:${c}`, exp.dtypes[c], typed.columns.get(c)!, typed.meta?.get(c), exp.data[c], exp, c);
    }
    checkColumn(`${exp.file}:index`, exp.index_dtype, typed.index!, typed.indexMeta, exp.index, exp, "index");
  });
}

test("danfo sees the values: dtypes, a column, head(), index", async () => {
  const df = (await readHdf(path.join(hdfFixtures, "a_fixed_strindex.h5"), "df")) as DataFrame;
  assert.deepEqual(df.dtypes, ["float32", "string", "boolean", "string"]);
  assert.deepEqual(df.index.slice(0, 2), ["r0", "r1"]);
  assert.deepEqual(df["s"].values.slice(0, 3), ["a", "héllo", "日本語"]);
  // int64 beyond 2^53 reaches danfo as exact decimal text
  assert.equal(df["i64"].values[2], "9007199254740993");
  assert.deepEqual(df.head(2).values, [
    [1.5, "0", true, "a"],
    [-0, "-1", false, "héllo"],
  ]);
});

test("hdfKeys lists every pandas key, like HDFStore.keys()", async () => {
  assert.deepEqual(await hdfKeys(path.join(hdfFixtures, "d_two_keys.h5")), ["/eval", "/train"]);
  assert.deepEqual(await hdfKeys(path.join(hdfFixtures, "c_table_time_cat.h5")), ["/df"]);
  assert.deepEqual(await hdfKeys(path.join(hdfFixtures, "h_series.h5")), ["/fixed", "/table"]);
});

test("the key may be omitted only when the file holds one", async () => {
  const df = await readHdf(path.join(hdfFixtures, "a_fixed.h5"));
  assert.deepEqual(df.shape, [8, 4]);
  await assert.rejects(readHdf(path.join(hdfFixtures, "d_two_keys.h5")), /key is required: the file holds \/eval, \/train/);
  await assert.rejects(readHdf(path.join(hdfFixtures, "d_two_keys.h5"), "nope"), /key 'nope'.*no such key; the file holds \/eval, \/train/);
});

test("start/stop read a row range, fixed and table", async () => {
  for (const f of ["e_zlib_fixed.h5", "e_blosc_table.h5"]) {
    const all = typedColumnsOf((await readHdf(path.join(hdfFixtures, f), "df")) as DataFrame)!;
    const part = await readHdf(path.join(hdfFixtures, f), "df", { start: 995, stop: 1000 });
    const t = typedColumnsOf(part as DataFrame)!;
    assert.deepEqual(part.shape, [5, 4]);
    assert.deepEqual(Array.from(t.columns.get("f64") as Float64Array), Array.from((all.columns.get("f64") as Float64Array).subarray(995)));
    assert.deepEqual(t.columns.get("s"), (all.columns.get("s") as string[]).slice(995));
    assert.deepEqual(Array.from(t.index as Int32Array), [995, 996, 997, 998, 999]);
  }
});

test("bad files give an error naming the file and the cause; the process lives on", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readhdf-"));
  try {
    const missing = path.join(dir, "missing.h5");
    await assert.rejects(readHdf(missing, "df"), (e: Error) => e instanceof HdfReadError && e.message.includes(missing) && /does not exist/.test(e.message));
    const notHdf = path.join(dir, "text.h5");
    fs.writeFileSync(notHdf, "a,b\n1,2\n");
    await assert.rejects(readHdf(notHdf, "df"), /text\.h5: not an HDF5 file/);
    const src = fs.readFileSync(path.join(hdfFixtures, "e_zlib_table.h5"));
    for (const cut of [4096, Math.floor(src.length / 2), src.length - 100]) {
      const truncated = path.join(dir, `truncated_${cut}.h5`);
      fs.writeFileSync(truncated, src.subarray(0, cut));
      await assert.rejects(readHdf(truncated, "df"), (e: Error) => e instanceof HdfReadError && e.message.includes(truncated));
    }
    // Corrupt compressed chunks: zlib must fail loudly, never hand back garbage numbers.
    // The table's one deflate stream starts with zlib's level-9 header 78 DA; damage its body.
    const stream = src.indexOf(Buffer.from([0x78, 0xda]));
    assert.ok(stream > 0, "the fixture holds a zlib stream");
    const corrupt = Buffer.from(src);
    for (let i = stream + 10; i < stream + 60; i++) corrupt[i] ^= 0x5a;
    const corruptPath = path.join(dir, "corrupt.h5");
    fs.writeFileSync(corruptPath, corrupt);
    await assert.rejects(readHdf(corruptPath, "df"), (e: Error) => e instanceof HdfReadError && e.message.includes(corruptPath) && /a filter failed or the data is corrupt/.test(e.message));
    // After all that the module still reads good files.
    const ok = await readHdf(path.join(hdfFixtures, "e_blosc_fixed.h5"), "df");
    assert.deepEqual(ok.shape, [1000, 4]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("readHdf validates its arguments", async () => {
  await assert.rejects(readHdf("", "df"), /path must be a non-empty string/);
  await assert.rejects(readHdf(path.join(hdfFixtures, "a_fixed.h5"), "df", { start: -1 }), /options\.start must be a non-negative integer/);
});
