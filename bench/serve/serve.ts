/**
 * bench/serve: load on loopback against `tslab-keras serve` (a Dense 784→128→10 model exported
 * to a version folder) and, as the peer in the same run, a bare Node http server answering a
 * fixed JSON body of the same size — the ceiling of Node's http stack on this machine, so the
 * ratio shows what parsing, batching and predicting cost. Each target gets a fixed request count
 * (and a time cap) from autocannon with N connections.
 * Run: `node dist/bench/serve/serve.js [--requests 5000] [--connections 16] [--max-seconds 60]`.
 */
import { fork, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
// autocannon ships no types; it is used through the small surface below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (opts: object) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function childServe(base: string): Promise<void> {
  const { serve } = await import("../../lib/serving/index.js");
  const handle = await serve(base, { modelName: "mnist", port: 0, pollIntervalMs: 0 });
  process.send!({ port: handle.port });
}

function childBare(body: string): void {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
}

async function exportModel(base: string): Promise<void> {
  const tf = await import("@tensorflow/tfjs");
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 128, inputShape: [784], activation: "relu" }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  const dir = path.join(base, "1");
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(a.weightData as ArrayBuffer));
      fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
}

function start(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once("exit", (code) => reject(new Error(`bench child exited with ${code}`)));
  });
}

async function load(port: number, urlPath: string, body: string, requests: number, connections: number, maxSeconds: number): Promise<AutocannonResult> {
  return autocannon({
    url: `http://127.0.0.1:${port}${urlPath}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections,
    amount: requests,
    duration: maxSeconds,
    timeout: 10,
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child-serve") return childServe(process.argv[3]);
  if (process.argv[2] === "--child-bare") return childBare(fs.readFileSync(process.argv[3], "utf8"));
  const requests = arg("--requests", 5000);
  const connections = arg("--connections", 16);
  const maxSeconds = arg("--max-seconds", 60);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "bench-serve-"));
  await exportModel(base);
  const instance = Array.from({ length: 784 }, (_, i) => ((i * 37) % 255) / 255);
  const body = JSON.stringify({ instances: [instance] });

  const ours = await start(["--child-serve", base]);
  // The peer answers exactly what our server answers, so both move the same bytes.
  const answer = await (await fetch(`http://127.0.0.1:${ours.port}/v1/models/mnist:predict`, { method: "POST", body })).text();
  const answerFile = path.join(base, "answer.json");
  fs.writeFileSync(answerFile, answer);
  const bare = await start(["--child-bare", answerFile]);

  await load(ours.port, "/v1/models/mnist:predict", body, Math.min(500, requests), connections, maxSeconds); // warm-up
  const rOurs = await load(ours.port, "/v1/models/mnist:predict", body, requests, connections, maxSeconds);
  const rBare = await load(bare.port, "/", body, requests, connections, maxSeconds);
  ours.child.kill();
  bare.child.kill();
  fs.rmSync(base, { recursive: true, force: true });

  const row = (name: string, r: AutocannonResult) =>
    `| ${name} | ${r.requests.total} | ${(r.requests.total / r.duration).toFixed(0)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.errors + r.timeouts + r.non2xx} |`;
  console.log(`bench/serve: ${requests} POST :predict (1×784 floats) per target, ${connections} connections, loopback, ${os.cpus().length} CPUs ${os.cpus()[0]?.model ?? ""}`);
  console.log("| target | requests | requests/s | p50 | p99 | errors |");
  console.log("|---|---:|---:|---:|---:|---:|");
  console.log(row("tslab-keras serve", rOurs));
  console.log(row("bare node http (same body)", rBare));
  console.log(`ratio requests/s ours/bare: ${(rOurs.requests.total / rOurs.duration / (rBare.requests.total / rBare.duration)).toFixed(2)}`);
  const errors = rOurs.errors + rOurs.timeouts + rOurs.non2xx;
  if (errors > 0 || rOurs.requests.total < requests) {
    console.error(`FAIL: ${errors} errors, ${rOurs.requests.total}/${requests} requests answered`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
