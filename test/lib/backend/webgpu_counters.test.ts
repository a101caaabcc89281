import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";
import { installWebGpuCounters, resetWebGpuCounts, webGpuCounts } from "../../../lib/backend/webgpu_counters.js";

test("the webgpu counters see dispatches, submits, readbacks, buffers, pipelines and CPU handoffs as they happen", { timeout: 120_000 }, async () => {
  assert.equal(installWebGpuCounters(), false, "no webgpu backend running yet");
  await backend.use("webgpu");
  assert.equal(installWebGpuCounters(), true);
  const a = tf.fill([64, 64], 2);
  const b = tf.fill([64, 64], 3);
  resetWebGpuCounts();
  const first = tf.matMul(a, b);
  assert.equal(webGpuCounts().readbacks, 0, "nothing read yet");
  assert.equal(((await first.data()) as Float32Array)[0], 2 * 3 * 64);
  const afterFirst = webGpuCounts();
  assert.ok(afterFirst.dispatches >= 1, JSON.stringify(afterFirst));
  assert.ok(afterFirst.submits >= 1, JSON.stringify(afterFirst));
  assert.equal(afterFirst.readbacks, 1, "one data() of GPU data is one mapAsync");
  assert.ok(afterFirst.buffersCreated >= 1, JSON.stringify(afterFirst));
  // The same op again reuses its pipeline.
  resetWebGpuCounts();
  const second = tf.matMul(a, b);
  await second.data();
  assert.equal(webGpuCounts().pipelinesCompiled, 0);
  assert.ok(webGpuCounts().dispatches >= 1);
  // A tiny op whose inputs are on the CPU runs there when tfjs's CPU handoff is on (our backend
  // turns it off: lib/backend/webgpu_uploads.ts), and the counter sees it.
  assert.equal(tf.env().getBool("WEBGPU_CPU_FORWARD"), false);
  tf.env().set("WEBGPU_CPU_FORWARD", true);
  resetWebGpuCounts();
  const tiny = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4]));
  assert.deepEqual(Array.from((await tiny.data()) as Float32Array), [4, 6]);
  assert.ok(webGpuCounts().cpuHandoffs >= 1, JSON.stringify(webGpuCounts()));
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  tf.dispose([a, b, first, second, tiny]);
  await backend.use("cpu");
});
