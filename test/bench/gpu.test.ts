import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../helpers/paths.js";

// The GPU machine's check, run here on Mesa's software adapter (the issue's "ready and tested
// here"): each backend in its own child, the webgpu row must come back (it did not while Dawn's
// instance could be collected mid-run), and the adapter is named.
test("bench/gpu.mjs measures a model on webgpu and on the CPU backend and names the adapter", { timeout: 180_000 }, () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bench", "gpu.mjs"), "--software", "--seconds", "0.2", "--models", "MLP"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 170_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  assert.match(out, /^adapter: (?!none).+/m, out);
  assert.match(out, /^\| backend \| MLP 784-256-256-10 \|$/m, out);
  for (const backend of ["webgpu", "wasm"]) assert.match(out, new RegExp(`^\\| ${backend} \\| \\d+(\\.\\d+)?( \\(\\d+\\.\\d+×\\))? \\|$`, "m"), out);
});
