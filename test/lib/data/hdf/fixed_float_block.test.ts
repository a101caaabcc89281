import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { nativeBlas } from "../../../../lib/backend/native/native_blas.js";
import { readHdf } from "../../../../lib/data/read_hdf.js";
import { typedColumnsOf } from "../../../../lib/data/typed_columns.js";
import { repoRoot } from "../../../helpers/paths.js";

// 300k rows × 6 float64 = 14.4 MB per key (the file: ~39 MB, so readHdf starts its split worker,
// which takes part of the fixed block's columns when it is up in time): the contiguous block ("df")
// and the table's float field ("t") are read in 4 MiB slices, each split into columns
// (float_split.ts), so every slice boundary (and a range starting and ending inside slices) must land
// each value in its own column and row; the compressed block ("z") goes through HDF5 whole. With the
// native addon, the contiguous block's rows after its first slice are read from the file directly.
const ROWS = 300_000;
const script = path.join(repoRoot, "test", "lib", "data", "hdf", "write_fixed_block.py");

function check(df: unknown, start: number, stop: number): void {
  const cols = typedColumnsOf(df as never)!.columns;
  assert.deepEqual([...cols.keys()], ["c0", "c1", "c2", "c3", "c4", "c5", "k"]);
  for (let j = 0; j < 6; j++) {
    const c = cols.get(`c${j}`) as Float64Array;
    assert.ok(c instanceof Float64Array);
    assert.equal(c.length, stop - start);
    let wrong = -1;
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== (start + i) * 6 + j) {
        wrong = i;
        break;
      }
    }
    assert.equal(wrong, -1, `c${j} row ${start + wrong} holds ${c[wrong]}`);
  }
  const k = cols.get("k") as Int32Array;
  assert.equal(k[0], start);
  assert.equal(k[k.length - 1], stop - 1);
}

test("a float block (fixed or table) read in slices keeps every value in its column and row", { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-fixed-block-"));
  const file = path.join(dir, "block.h5");
  try {
    const made = spawnSync("/usr/bin/python3", [script, file, String(ROWS)], { encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    // With the addon, the contiguous block's rows after the first slice come straight from the
    // file (fixed_format.ts); the compressed block and the table never do.
    const native = nativeBlas();
    const fileReads = new Map<string, number>();
    let key = "";
    const original = native?.splitFloat64FileRows;
    if (native) {
      native.splitFloat64FileRows = (...args) => {
        fileReads.set(key, (fileReads.get(key) ?? 0) + 1);
        return original!.apply(native, args);
      };
    }
    try {
      for (key of ["df", "z", "t"]) {
        check(await readHdf(file, key), 0, ROWS);
        check(await readHdf(file, key, { start: 32_771, stop: 250_001 }), 32_771, 250_001);
        check(await readHdf(file, key, { start: ROWS - 1, stop: ROWS }), ROWS - 1, ROWS);
      }
    } finally {
      if (native) native.splitFloat64FileRows = original!;
    }
    // CI builds the addon (.ci/run installs gcc and OpenBLAS): both reads that span slices used it.
    assert.ok(native, "the native addon is not built");
    assert.deepEqual([...fileReads], [["df", 2]]);

  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
