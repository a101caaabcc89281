import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";
import { explainLoadFailure } from "../../../lib/backend/tfjs_node.js";

test("info() before the first choice names what to await", () => {
  assert.throws(() => backend.info(), /await backend\.ready\(\)/);
});

test("ready() chooses once; concurrent calls share the choice and skipped backends say why", async () => {
  delete process.env.TSLAB_KERAS_BACKEND;
  const [first, second] = await Promise.all([backend.ready(), backend.ready()]);
  assert.equal(first, second);
  assert.equal(await backend.ready(), first);
  assert.equal(backend.info(), first);
  // This machine: no tfjs-node (danfo's alias is plain tfjs), no GPU, so wasm with SIMD.
  assert.equal(first.name, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.ok(first.details.includes("SIMD"), first.details.join(", "));
  assert.deepEqual(first.skipped.map((s) => s.name), ["tfjs-node-gpu", "webgpu", "tfjs-node"]);
  assert.equal(first.skipped[0]!.reason, "not installed");
  assert.equal(first.skipped[2]!.reason, "not installed");
  assert.match(first.skipped[1]!.reason, /hardware adapter/);
  const line = backend.describe();
  assert.match(line, /^backend: wasm \(SIMD, 1 thread.*\) on .+; skipped: tfjs-node-gpu \(not installed\), webgpu \(.+\), tfjs-node \(not installed\)$/);
});

test("use() forces a backend, and rejects unknown names listing the accepted ones", async () => {
  const info = await backend.use("cpu");
  assert.equal(info.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.deepEqual(info.skipped, []);
  await assert.rejects(backend.use("tpu" as never), /backend\.use\(name\) must be one of tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu; got "tpu"/);
  await assert.rejects(backend.use("tfjs-node"), /backend "tfjs-node" cannot be used: not installed/);
  // A failed forced choice leaves the previous backend running.
  assert.equal(backend.info().name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
});

test("the cpu backend never prints tfjs's 'install tfjs-node' banner", async () => {
  await backend.use("cpu");
  const printed: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    tf.tidy(() => tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync());
  } finally {
    console.warn = original;
  }
  assert.deepEqual(printed.filter((line) => /tfjs-node/.test(line)), []);
});

test("CUDA library mismatches are explained with the versions tfjs-node-gpu needs", () => {
  const reason = explainLoadFailure(
    "@tensorflow/tfjs-node-gpu",
    new Error("libcudart.so.11.0: cannot open shared object file: No such file or directory"),
  );
  assert.match(reason, /^libcudart\.so\.11\.0 not found: .*CUDA 11\.2 and cuDNN 8\.1/);
});
