/**
 * Training throughput of our backends against PyTorch (CPU) measured in the same run.
 * `node dist/bench/train/index.js [--seconds 3] [--backends wasm,cpu] [--blas-threads 1,2] [--peer-threads 1,2]`
 * With the native addon, wasm is measured once per BLAS thread count (default 1 and all cores),
 * as PyTorch is measured at each of its thread counts (default 1 and 2).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as os from "node:os";
import { backend, type BackendName } from "../../lib/backend/index.js";
import { nativeBlas, nativeBlasStatus } from "../../lib/backend/native/native_blas.js";
import { trainModels } from "./models.js";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const seconds = Number(option("seconds", "3"));
const backends = option("backends", "wasm,cpu").split(",") as BackendName[];
const blasThreads = [...new Set(option("blas-threads", `1,${os.availableParallelism()}`).split(",").map(Number))];
const peerThreads = option("peer-threads", "1,2");
// Debian's /usr/bin/python3 has torch here; elsewhere (the GPU machine) the python3 on PATH does.
const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import torch"]).status === 0) ?? "/usr/bin/python3";

interface ParamCounts {
  total: number;
  trainable: number;
}

async function samplesPerSecond(index: number): Promise<{ rate: number; params: ParamCounts }> {
  const spec = trainModels[index]!;
  const model = spec.build();
  const { x, y } = spec.batch();
  try {
    const trainable = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * b!, 1), 0);
    for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await model.trainOnBatch(x, y);
      steps++;
    }
    return { rate: (steps * spec.batchSize) / ((performance.now() - start) / 1000), params: { total: model.countParams(), trainable } };
  } finally {
    tf.dispose([x, y].flat());
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

interface PeerResult {
  torch: string;
  torchvision: string | null;
  params: Record<string, ParamCounts>;
  /** Models the peer could not build, with the reason (torchvision missing). */
  skipped: Record<string, string>;
  threads: Record<string, Record<string, number>>;
}

/**
 * PyTorch at its best: torch at each of `peerThreads`, each with OpenBLAS's own thread pool as it comes
 * (torch.set_num_threads does not size it) and with OPENBLAS_NUM_THREADS=1.
 */
function runPeer(): PeerResult {
  const script = path.join(__dirname, "..", "..", "..", "bench", "train", "torch_peer.py");
  const results: PeerResult[] = [];
  const runs: [string, Record<string, string>][] = [["", {}], [", OPENBLAS_NUM_THREADS=1", { OPENBLAS_NUM_THREADS: "1" }]];
  for (const [suffix, env] of runs) {
    const run = spawnSync(python, [script, String(seconds), "cpu", peerThreads], { encoding: "utf8", env: { ...process.env, ...env } });
    if (run.status !== 0) throw new Error(`PyTorch peer failed (Debian python3-torch installed?): ${run.stderr}`);
    const result = JSON.parse(run.stdout) as PeerResult;
    const threads = Object.fromEntries(Object.entries(result.threads).map(([n, values]) => [`${n} thread${n === "1" ? "" : "s"}${suffix}`, values]));
    results.push({ ...result, threads });
  }
  return { ...results[0]!, threads: Object.assign({}, ...results.map((r) => r.threads)) };
}

const count = (n: number): string => n.toLocaleString("en-US");
const rate = (v: number): string => v.toFixed(v < 10 ? 2 : 1);

async function main(): Promise<void> {
  const rows: { backend: string; device: string; values: number[] }[] = [];
  let params: ParamCounts[] = [];
  for (const name of backends) {
    const info = await backend.use(name);
    const blas = name === "wasm" ? nativeBlas() : null;
    for (const threads of blas ? blasThreads : [0]) {
      blas?.setThreads(threads);
      const values: number[] = [];
      params = [];
      for (let i = 0; i < trainModels.length; i++) {
        const measured = await samplesPerSecond(i);
        values.push(measured.rate);
        params.push(measured.params);
      }
      values.push(await matmulGflops());
      const details = info.details.map((d) => (d.startsWith("native BLAS") ? nativeBlasStatus() : d));
      rows.push({ backend: `${name} (${details.join(", ")})`, device: info.device, values });
      console.error(`measured ${name}${blas ? ` with ${threads} BLAS thread(s)` : ""}`);
    }
    blas?.setThreads(os.availableParallelism());
  }
  const peer = runPeer();
  const keys = [...trainModels.map((m) => m.peerKey), "matmul"];
  const peerValue = (t: Record<string, number>, key: string): number | undefined => (key in peer.skipped ? undefined : t[key]);
  const best = keys.map((key) => (key in peer.skipped ? undefined : Math.max(...Object.values(peer.threads).map((t) => t[key]!))));
  const header = [...trainModels.map((m) => `${m.name} (batch ${m.batchSize}) samples/s`), "1024² matmul GFLOP/s"];
  console.log(`device: ${rows[0]?.device}; PyTorch ${peer.torch} CPU (best of ${peerThreads} threads, OpenBLAS's threads as they come and 1); ${seconds} s per measure\n`);
  for (const [key, why] of Object.entries(peer.skipped)) console.log(`PyTorch peer skipped ${key}: ${why}`);
  console.log(`| backend | ${header.join(" | ")} |`);
  console.log(`|---|${header.map(() => "---:").join("|")}|`);
  for (const row of rows) {
    const cells = row.values.map((v, i) => `${rate(v)} (${best[i] === undefined ? "no peer" : `${(v / best[i]!).toFixed(2)}×`})`);
    console.log(`| ${row.backend} | ${cells.join(" | ")} |`);
  }
  for (const [threads, values] of Object.entries(peer.threads)) {
    const cells = keys.map((k) => peerValue(values, k)).map((v) => (v === undefined ? "skipped" : rate(v)));
    console.log(`| PyTorch, ${threads} | ${cells.join(" | ")} |`);
  }
  // The same models should have the same size; where they cannot (below), the counts show by how much.
  console.log("\nparameters (total / trainable; moving statistics counted as non-trainable in both):");
  trainModels.forEach((m, i) => {
    const ours = params[i]!;
    const theirs = peer.params[m.peerKey];
    console.log(`  ${m.name}: ours ${count(ours.total)} / ${count(ours.trainable)}; PyTorch ${theirs ? `${count(theirs.total)} / ${count(theirs.trainable)}` : "skipped"}`);
  });
  const cnn = peer.params["VideoQA.cnn"];
  const qa = trainModels.findIndex((m) => m.peerKey === "VideoQA");
  if (cnn && qa >= 0) {
    // The frozen CNN is the video-QA model's only non-trainable part.
    console.log(
      `  of which the frozen CNN: Keras InceptionV3 (notop, avg) ${count(params[qa]!.total - params[qa]!.trainable)}; torchvision ${peer.torchvision} inception_v3 without fc ${count(cnn.total)}` +
        " (its batch norm learns a scale, gamma; Keras's has scale=False)",
    );
  }
  console.log("  PyTorch's LSTMs have two bias vectors per gate where Keras's have one");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
