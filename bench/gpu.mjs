// GPU check for the device machine: the bench/train models on webgpu (hardware adapter), on the
// best CPU backend, and on PyTorch CUDA, in one run; prints the adapter so we know it was the GPU.
// Pack it with bench/gpu/pack.sh (after npm run build); bench/gpu/on_device.sh runs it there.
// There: `node bench/gpu.mjs [--seconds 3] [--models MLP,CNN,EmbeddingLSTM,VideoQA]`.
// Here: `node bench/gpu.mjs --software` checks it on Mesa's software adapter.
// `--profile-steps [--steps 2,6]`: instead of speed, what each training step asks of the device
// (lib/backend/webgpu_counters.ts), one JSON line per model and view: through model.fit, verbose 0
// and again with the kernel's live view (LivePlot). Per step = the difference between a fit of
// the larger and of the smaller step count, divided by their difference, so what happens once
// per fit (start, epoch end) is not spread over the steps; both run after a warm-up fit of each.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import backendModule from "../dist/lib/backend/index.js";
import modelsModule from "../dist/bench/train/models.js";
import countersModule from "../dist/lib/backend/webgpu_counters.js";
import livePlotModule from "../dist/lib/keras/callbacks/live_plot.js";

const { backend } = backendModule;
// `--models MLP,CNN` (bench/train's peer keys) measures only those, as the test here does.
const modelsIndex = process.argv.indexOf("--models");
const wanted = modelsIndex >= 0 ? process.argv[modelsIndex + 1].split(",") : null;
const trainModels = modelsModule.trainModels.filter((m) => !wanted || wanted.includes(m.peerKey));
if (trainModels.length === 0) throw new Error(`--models names none of ${modelsModule.trainModels.map((m) => m.peerKey).join(", ")}`);
const argIndex = process.argv.indexOf("--seconds");
const seconds = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 3;
const software = process.argv.includes("--software");

async function samplesPerSecond(spec) {
  const model = spec.build();
  const { x, y } = spec.batch();
  // trainOnBatch awaits the loss, so each step ends with the GPU work done.
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await model.trainOnBatch(x, y);
    steps++;
  }
  const result = (steps * spec.batchSize) / ((performance.now() - start) / 1000);
  tf.dispose([x, y].flat());
  model.dispose();
  return result;
}

async function measure(name) {
  const info = await backend.use(name);
  console.log(backend.describe());
  const values = {};
  for (const spec of trainModels) values[spec.name] = await samplesPerSecond(spec);
  return { name, device: info.device, values };
}

const stepsIndex = process.argv.indexOf("--steps");
const [fewSteps, moreSteps] = (stepsIndex >= 0 ? process.argv[stepsIndex + 1] : "2,6").split(",").map(Number);

/** One epoch of `steps` batches: the bench batch repeated (the data is not what we measure). */
function repeated(spec, steps) {
  const { x, y } = spec.batch();
  const tile = (t) => tf.concat(new Array(steps).fill(t));
  const data = { x: Array.isArray(x) ? x.map(tile) : tile(x), y: tile(y) };
  tf.dispose([x, y].flat());
  return data;
}

async function countsOfFit(model, spec, steps, liveView) {
  const { x, y } = repeated(spec, steps);
  const callbacks = liveView ? [new livePlotModule.LivePlot()] : [];
  countersModule.resetWebGpuCounts();
  await model.fit(x, y, { batchSize: spec.batchSize, epochs: 1, verbose: 0, shuffle: false, callbacks });
  const counts = countersModule.webGpuCounts();
  tf.dispose([x, y].flat());
  return counts;
}

async function profileSteps() {
  await backend.use("webgpu");
  if (!countersModule.installWebGpuCounters()) throw new Error("webgpu counters: no webgpu backend running");
  for (const spec of trainModels) {
    for (const liveView of [false, true]) {
      const model = spec.build();
      // Warm-up with both data sizes, twice: shaders are keyed by shape (slicing batches out of a
      // 2- or 6-batch tensor compiles its own), pipelines are compiled, and tfjs's buffer pool
      // (keyed by size) holds what each fit needs once the other size has run too.
      for (let round = 0; round < 2; round++) {
        await countsOfFit(model, spec, fewSteps, liveView);
        await countsOfFit(model, spec, moreSteps, liveView);
      }
      const few = await countsOfFit(model, spec, fewSteps, liveView);
      const more = await countsOfFit(model, spec, moreSteps, liveView);
      const perStep = (key) => Number(((more[key] - few[key]) / (moreSteps - fewSteps)).toFixed(2));
      console.log(JSON.stringify({
        model: spec.peerKey,
        backend: `webgpu (${backend.info().device})`,
        liveView,
        dispatchesPerStep: perStep("dispatches"),
        submitsPerStep: perStep("submits"),
        readbacksPerStep: perStep("readbacks"),
        cpuHandoffsPerStep: perStep("cpuHandoffs"),
        buffersCreatedPerStep: perStep("buffersCreated"),
        pipelinesCompiledPerStep: perStep("pipelinesCompiled"),
        bindGroupsCreatedPerStep: perStep("bindGroupsCreated"),
        bufferWritesPerStep: perStep("bufferWrites"),
      }));
      model.dispose();
    }
  }
}

if (process.argv.includes("--profile-steps")) {
  await profileSteps();
  process.exit(0);
}

// Each backend runs in a child process of this same script: Dawn on a broken driver (Mesa's
// software GL here segfaults at the MLP's first 128×784×256 matmul) must not take the CPU and
// PyTorch figures down with it.
const only = process.argv.indexOf("--only");
if (only >= 0) {
  const result = await measure(process.argv[only + 1]);
  console.log(`RESULT ${JSON.stringify({ ...result, details: backend.info().details })}`);
  process.exit(0);
}

function measureInChild(name) {
  const args = [process.argv[1], "--only", name, "--seconds", String(seconds), ...(wanted ? ["--models", wanted.join(",")] : [])];
  const child = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120_000 });
  const line = child.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  for (const l of child.stdout.split("\n")) if (l.startsWith("backend:")) console.log(l);
  if (!line) {
    const why = child.signal ? `killed by ${child.signal}` : `exit ${child.status}`;
    console.log(`${name}: no result (${why}); last output: ${(child.stderr || child.stdout).trim().split("\n").slice(-2).join(" ")}`);
    return null;
  }
  return JSON.parse(line.slice("RESULT ".length));
}

const rows = [];
const gpu = measureInChild("webgpu");
if (gpu) {
  // On the GPU machine a software adapter means Dawn did not reach the NVIDIA driver: say so.
  if (!software && gpu.details.includes("software adapter")) console.log("WARNING: webgpu ran on a software adapter, not the GPU");
  rows.push(gpu);
}
rows.push(measureInChild("wasm") ?? measureInChild("cpu"));

const peerScript = path.resolve("bench/train/torch_peer.py");
// Here Debian's /usr/bin/python3 has torch and the pyenv python3 first on PATH does not; on the
// GPU machine the python3 on PATH (a venv) has it and /usr/bin/python3 may not.
const python = ["python3", "/usr/bin/python3"].find((p) => spawnSync(p, ["-c", "import torch"]).status === 0) ?? "python3";
const peer = spawnSync(python, [peerScript, String(seconds), software ? "cpu" : "cuda"], { encoding: "utf8" });
let torchRow = null;
if (peer.status === 0) {
  const parsed = JSON.parse(peer.stdout);
  for (const [key, why] of Object.entries(parsed.skipped ?? {})) console.log(`PyTorch peer skipped ${key}: ${why}`);
  const best = (key) => (key in (parsed.skipped ?? {}) ? undefined : Math.max(...Object.values(parsed.threads).map((t) => t[key])));
  torchRow = { name: `PyTorch ${parsed.torch} (${parsed.device})`, values: Object.fromEntries(trainModels.map((m) => [m.name, best(m.peerKey)])) };
} else {
  console.log(`PyTorch peer failed: ${peer.stderr.split("\n").slice(-3).join(" ")}`);
}

console.log(`\nadapter: ${gpu ? gpu.device : "none (webgpu gave no result)"}`);
console.log(`| backend | ${trainModels.map((m) => m.name).join(" | ")} |`);
console.log(`|---|${trainModels.map(() => "---:").join("|")}|`);
for (const row of [...rows, ...(torchRow ? [torchRow] : [])].filter(Boolean)) {
  const cells = trainModels.map((m) => {
    const v = row.values[m.name];
    if (v === undefined) return "skipped";
    const peerValue = torchRow?.values[m.name];
    const ratio = peerValue === undefined ? "" : ` (${(v / peerValue).toFixed(2)}×)`;
    return `${v.toFixed(v < 10 ? 2 : 1)}${ratio}`;
  });
  console.log(`| ${row.name} | ${cells.join(" | ")} |`);
}
process.exit(0);
