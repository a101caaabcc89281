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

// Issue #15's proxies, which hold on any adapter, counted on Mesa's: after warm-up a verbose-0
// training step reads nothing back, runs nothing on the CPU, creates no buffer and compiles no
// pipeline; the Embedding+LSTM runs the fused sequence kernels (2625 dispatches a step with
// tfjs's per-step cell, before them: bench/RESULTS.md); the counters see real work.
test("bench/gpu.mjs --profile-steps prints per-step device counts per model and view", { timeout: 240_000 }, () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bench", "gpu.mjs"), "--profile-steps", "--software", "--models", "MLP,EmbeddingLSTM", "--steps", "1,2"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 230_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.model, l.liveView]), [["MLP", false], ["MLP", true], ["EmbeddingLSTM", false], ["EmbeddingLSTM", true]], run.stdout);
  for (const line of lines) {
    assert.match(line.backend, /^webgpu \(.+\)$/);
    for (const key of ["dispatchesPerStep", "submitsPerStep", "readbacksPerStep", "cpuHandoffsPerStep", "buffersCreatedPerStep", "pipelinesCompiledPerStep"]) assert.equal(typeof line[key], "number", key);
    assert.ok(line.dispatchesPerStep > 10 && line.submitsPerStep >= 1, `an MLP step dispatches work: ${JSON.stringify(line)}`);
    assert.equal(line.pipelinesCompiledPerStep, 0, "every pipeline is compiled once, in warm-up");
  }
  for (const line of lines.filter((l) => !l.liveView)) {
    assert.equal(line.readbacksPerStep, 0, `verbose 0: no readback per step: ${JSON.stringify(line)}`);
    assert.equal(line.cpuHandoffsPerStep, 0, `no op runs on the CPU: ${JSON.stringify(line)}`);
  }
  // With the live view, when a readback is due depends on the clock (its throttle), so how many
  // staging buffers are in flight at once varies: the pool proxy is pinned for verbose 0.
  for (const line of lines.filter((l) => !l.liveView)) assert.equal(line.buffersCreatedPerStep, 0, `buffers come from the pool once warm: ${JSON.stringify(line)}`);
  const lstm = lines.find((l) => l.model === "EmbeddingLSTM" && !l.liveView)!;
  assert.ok(lstm.dispatchesPerStep <= 2625 / 5, `the LSTM's dispatches are at least 5× fewer than tfjs's per-step cell's 2625: ${JSON.stringify(lstm)}`);
});
