import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";
import { installWebGpuCounters, resetWebGpuCounts, webGpuCounts } from "../../../lib/backend/webgpu_counters.js";

// On Mesa's software adapter here, on the GPU when there is one: what a training step uploads
// (its batch, a dozen scalars) must come from tfjs's buffer pool, not a staging buffer per upload,
// and small ops on CPU values run on the GPU too.
test("uploads to webgpu reuse pooled buffers and keep every value exact, and small ops stay on the GPU", { timeout: 120_000 }, async () => {
  await backend.use("webgpu");
  assert.equal(installWebGpuCounters(), true);
  const upload = (round: number) => {
    const floats = tf.tensor1d([1.5, -2.25, 3e-8, round]);
    const ints = tf.tensor1d([7, -8, 2 ** 30, round], "int32");
    const bools = tf.tensor1d([true, false, true, round % 2 === 0], "bool");
    const scalar = tf.scalar(0.001 * round);
    const outputs = tf.tidy(() => [tf.add(floats, tf.cast(ints, "float32")), tf.where(bools, ints, tf.neg(ints)), tf.mul(floats, scalar)]);
    return { inputs: [floats, ints, bools, scalar], outputs };
  };
  // Warm-up: the pools fill and every pipeline is compiled.
  for (let round = 1; round <= 2; round++) {
    const { inputs, outputs } = upload(round);
    await Promise.all(outputs.map((t) => t.data()));
    tf.dispose([...inputs, ...outputs]);
  }
  resetWebGpuCounts();
  const { inputs, outputs } = upload(3);
  const [sum, picked, scaled] = await Promise.all(outputs.map((t) => t.data()));
  const counts = webGpuCounts();
  assert.deepEqual(Array.from(sum!), Array.from(new Float32Array([1.5 + 7, -2.25 - 8, 3e-8 + 2 ** 30, 6])));
  assert.deepEqual(Array.from(picked!), [7, 8, 2 ** 30, -3]);
  assert.deepEqual(Array.from(scaled!), Array.from(new Float32Array([1.5, -2.25, 3e-8, 3].map((v) => Math.fround(v) * Math.fround(0.003)))));
  assert.equal(counts.buffersCreated, 0, `no buffer created once warm (readback staging buffers are pooled too): ${JSON.stringify(counts)}`);
  assert.equal(counts.cpuHandoffs, 0, `no op ran on the CPU: ${JSON.stringify(counts)}`);
  assert.ok(counts.bufferWrites >= 4, `the values went in with queue.writeBuffer: ${JSON.stringify(counts)}`);
  tf.dispose([...inputs, ...outputs]);
  await backend.use("cpu");
});
