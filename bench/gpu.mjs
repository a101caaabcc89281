// GPU check for the device machine: the bench/train models on webgpu (hardware adapter), on the
// best CPU backend, and on PyTorch CUDA, in one run; prints the adapter so we know it was the GPU.
// Pack it with bench/gpu/pack.sh (after npm run build); bench/gpu/on_device.sh runs it there.
// There: `node bench/gpu.mjs [--seconds 3] [--models MLP,CNN,EmbeddingLSTM,VideoQA]`.
// Here: `node bench/gpu.mjs --software` checks it on Mesa's software adapter.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import backendModule from "../dist/lib/backend/index.js";
import modelsModule from "../dist/bench/train/models.js";

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
