import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { wasmThreadsWanted } from "../../../lib/backend/wasm_threads.js";

const backendIndex = path.join(__dirname, "../../../lib/backend/index.js");

/**
 * A script that starts the wasm backend, survives a SIGINT (handled, as the kernel does), trains
 * a few steps of a small conv net, prints what it saw, and returns without calling exit:
 * the process must end by itself.
 */
const childScript = `
const tf = require("@tensorflow/tfjs");
const { backend } = require(${JSON.stringify(backendIndex)});
(async () => {
  await backend.ready();
  let interrupted = false;
  process.once("SIGINT", () => { interrupted = true; });
  process.kill(process.pid, "SIGINT");
  await new Promise((resolve) => setTimeout(resolve, 50));
  const threads = require("@tensorflow/tfjs-backend-wasm").getThreadsCount();
  const seeded = (shape, seed) => tf.randomUniform(shape, -1, 1, "float32", seed);
  const a = seeded([256, 300], 1), b = seeded([300, 200], 2);
  const product = Array.from(tf.matMul(a, b).dataSync().slice(0, 64));
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
  ] });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: "meanSquaredError" });
  const x = seeded([16, 12, 12, 3], 5), y = seeded([16, 4], 6);
  const losses = [];
  for (let i = 0; i < 3; i++) losses.push(await model.trainOnBatch(x, y));
  const weights = Array.from(model.layers[0].getWeights()[0].dataSync().slice(0, 32));
  console.log(JSON.stringify({ line: backend.describe(), threads, interrupted, product, losses, weights,
    listeners: process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length }));
})();
`;

interface ChildResult {
  line: string;
  threads: number;
  interrupted: boolean;
  product: number[];
  losses: number[];
  weights: number[];
  listeners: number;
}

function runChild(threads: string): ChildResult {
  const child = spawnSync(process.execPath, ["-e", childScript], {
    cwd: path.join(__dirname, "../../../.."),
    env: { ...process.env, TSLAB_KERAS_BACKEND: "wasm", TSLAB_KERAS_WASM_THREADS: threads },
    encoding: "utf8",
    timeout: 120_000,
  });
  // A worker that kept the process alive would end in the timeout's SIGTERM, not status 0.
  assert.equal(child.signal, null, `the child did not exit by itself: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  const last = child.stdout.trim().split("\n").pop()!;
  return JSON.parse(last) as ChildResult;
}

function assertClose(actual: number[], expected: number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => {
    assert.ok(Math.abs(value - expected[i]!) <= tolerance * (1 + Math.abs(expected[i]!)), `${what}[${i}]: ${value} vs ${expected[i]}`);
  });
}

test("TSLAB_KERAS_WASM_THREADS accepts a count or auto and names itself when wrong", () => {
  const saved = process.env.TSLAB_KERAS_WASM_THREADS;
  try {
    process.env.TSLAB_KERAS_WASM_THREADS = "3";
    assert.equal(wasmThreadsWanted(), 3);
    process.env.TSLAB_KERAS_WASM_THREADS = "auto";
    assert.equal(wasmThreadsWanted(), os.availableParallelism());
    process.env.TSLAB_KERAS_WASM_THREADS = "two";
    assert.throws(() => wasmThreadsWanted(), /TSLAB_KERAS_WASM_THREADS must be "auto" or a whole number of threads ≥ 1; got "two"/);
    process.env.TSLAB_KERAS_WASM_THREADS = "0";
    assert.throws(() => wasmThreadsWanted(), /got "0"/);
  } finally {
    if (saved === undefined) delete process.env.TSLAB_KERAS_WASM_THREADS;
    else process.env.TSLAB_KERAS_WASM_THREADS = saved;
  }
});

test("the threaded wasm build runs in Node, reports its threads, matches 1 thread, survives SIGINT and exits by itself", () => {
  const single = runChild("1");
  const threaded = runChild("2");
  assert.equal(single.threads, 1);
  assert.match(single.line, /^backend: wasm \(SIMD, 1 thread[,)]/);
  // Two threads even on one core: tfjs's own cap (half the cores) is what wasm_threads.ts lifts.
  assert.equal(threaded.threads, 2);
  assert.match(threaded.line, /^backend: wasm \(SIMD, 2 threads[,)]/);
  for (const result of [single, threaded]) assert.ok(result.interrupted, "the SIGINT handler ran and the process went on");
  // Emscripten's rethrowing uncaughtException/unhandledRejection listeners were removed.
  assert.equal(threaded.listeners, 0);
  assertClose(threaded.product, single.product, 1e-5, "matMul");
  assertClose(threaded.losses, single.losses, 1e-4, "loss");
  assertClose(threaded.weights, single.weights, 1e-4, "conv kernel after 3 steps");
});
