import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../helpers/paths.js";

// bench/kernel's session mode runs here on a short session, so the benchmark that reports a
// long notebook's per-cell cost keeps working: every cell of both kernels' notebooks must run
// (it throws naming the cell otherwise) and each kind's row comes back. No time is asserted.
test("bench/kernel --session runs a mixed notebook on both kernels and reports p50 per 50 cells and the growth", { timeout: 240_000 }, () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "dist", "bench", "kernel.js"), "--session", "12"], { cwd: repoRoot, encoding: "utf8", timeout: 230_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  assert.match(out, /^kernel {6}kind {8} {6}1-12 {2}growth$/m, out);
  for (const kernel of ["tslab-keras", "ipykernel"]) {
    for (const kind of ["declaration", "model", "plot", "all"]) {
      assert.match(out, new RegExp(`^${kernel} +${kind} +\\d+\\.\\d +\\d+\\.\\d\\dx$`, "m"), `${kernel} ${kind}\n${out}`);
    }
  }
  assert.match(out, /^ratio {7}all {9} +\d+\.\d\dx {3}\(tslab-keras \/ ipykernel, lower is better\)$/m, out);
  assert.match(out, /^target: a cell's cost grows at most 2x from cell 10 to cell 12 \(tslab-keras worst kind \d+\.\d\dx: (met|NOT met)\)$/m);
});
