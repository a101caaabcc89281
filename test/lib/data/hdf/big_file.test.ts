import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { readHdf } from "../../../../lib/data/read_hdf.js";
import { typedColumnsOf } from "../../../../lib/data/typed_columns.js";
import { repoRoot } from "../../../helpers/paths.js";

// 95M rows × (int64 index + 2 float64) = 2.28 GB of row data: more than the 2 GiB wasm heap
// h5wasm runs in, so only slicing the reads (lib/data/hdf/row_slices.ts) can read it.
const ROWS = 95_000_000;
const script = path.join(repoRoot, "test", "lib", "data", "hdf", "write_big_table.py");
const python = "/usr/bin/python3";

test("a pandas table bigger than the 2 GiB wasm heap reads whole and by row range", { timeout: 600_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-big-hdf-"));
  const file = path.join(dir, "big.h5");
  try {
    const made = spawnSync(python, [script, file, String(ROWS)], { encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    assert.ok(fs.statSync(file).size > 2 ** 31, `${fs.statSync(file).size} bytes`);

    // A range at the far end: offsets past 2^31 bytes into the dataset.
    const tail = await readHdf(file, "big", { start: ROWS - 1000, stop: ROWS });
    const tailCols = typedColumnsOf(tail as never)!;
    const x = tailCols.columns.get("x") as Float64Array;
    assert.equal(x.length, 1000);
    assert.equal(x[0], ROWS - 1000);
    assert.equal(x[999], ROWS - 1);
    assert.equal((tailCols.columns.get("y") as Float64Array)[999], (ROWS - 1) / 2);

    // The whole table: every row, in order.
    const whole = await readHdf(file, "big");
    assert.deepEqual(whole.shape, [ROWS, 2]);
    const all = typedColumnsOf(whole as never)!.columns.get("x") as Float64Array;
    let wrong = -1;
    for (let i = 0; i < all.length; i++) {
      if (all[i] !== i) {
        wrong = i;
        break;
      }
    }
    assert.equal(wrong, -1, `row ${wrong} holds ${all[wrong]}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
