/**
 * Training throughput of our backends against PyTorch (CPU) measured in the same run.
 * `node dist/bench/train/index.js [--seconds 3] [--backends wasm,cpu]`
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { backend, type BackendName } from "../../lib/backend/index.js";
import { compile, trainModels } from "./models.js";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const seconds = Number(option("seconds", "3"));
const backends = option("backends", "wasm,cpu").split(",") as BackendName[];
const peerKeys = ["MLP", "CNN", "EmbeddingLSTM"] as const;

async function samplesPerSecond(index: number): Promise<number> {
  const spec = trainModels[index]!;
  const model = spec.build();
  compile(model, spec.name);
  const { x, y } = spec.batch();
  try {
    for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await model.trainOnBatch(x, y);
      steps++;
    }
    return (steps * spec.batchSize) / ((performance.now() - start) / 1000);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

async function matmulGflops(): Promise<number> {
  const a = tf.randomUniform([1024, 1024]);
  const b = tf.randomUniform([1024, 1024]);
  await tf.matMul(a, b).data();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    n++;
  }
  tf.dispose([a, b]);
  return (2 * 1024 ** 3 * n) / ((performance.now() - start) / 1000) / 1e9;
}

function runPeer(): { torch: string; threads: Record<string, Record<string, number>> } {
  const script = path.join(__dirname, "..", "..", "..", "bench", "train", "torch_peer.py");
  const run = spawnSync("/usr/bin/python3", [script, String(seconds)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`PyTorch peer failed (Debian python3-torch installed?): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function main(): Promise<void> {
  const rows: { backend: string; device: string; values: number[] }[] = [];
  for (const name of backends) {
    const info = await backend.use(name);
    const values: number[] = [];
    for (let i = 0; i < trainModels.length; i++) values.push(await samplesPerSecond(i));
    values.push(await matmulGflops());
    rows.push({ backend: `${name} (${info.details.join(", ")})`, device: info.device, values });
    console.error(`measured ${name}`);
  }
  const peer = runPeer();
  const best = [...peerKeys, "matmul"].map((key) => Math.max(...Object.values(peer.threads).map((t) => t[key]!)));
  const header = [...trainModels.map((m) => `${m.name} samples/s`), "1024² matmul GFLOP/s"];
  console.log(`device: ${rows[0]?.device}; PyTorch ${peer.torch} CPU (best of 1 and 2 threads); ${seconds} s per measure\n`);
  console.log(`| backend | ${header.join(" | ")} |`);
  console.log(`|---|${header.map(() => "---:").join("|")}|`);
  for (const row of rows) {
    console.log(`| ${row.backend} | ${row.values.map((v, i) => `${v.toFixed(1)} (${(v / best[i]!).toFixed(2)}×)`).join(" | ")} |`);
  }
  for (const [threads, values] of Object.entries(peer.threads)) {
    console.log(`| PyTorch, ${threads} thread${threads === "1" ? "" : "s"} | ${[...peerKeys, "matmul"].map((k) => values[k]!.toFixed(1)).join(" | ")} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
