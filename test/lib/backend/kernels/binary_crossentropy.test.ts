import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { hasFusedBinaryCrossentropy } from "../../../../lib/backend/kernels/binary_crossentropy.js";
import { installWebGpuCounters, resetWebGpuCounts, webGpuCounts } from "../../../../lib/backend/webgpu_counters.js";
import { BinaryCrossentropy } from "../../../../lib/keras/losses/losses.js";

// A 0 and a 1 (both clipped: no gradient there), soft targets, rows of 3; [4, 3] and [2, 2, 3].
const yPred = [[0.2, 0.7, 0.5], [0, 0.4, 0.8], [1, 0.01, 0.99], [0.05, 0.9, 0.35]];
const yTrue = [[0, 1, 1], [0.1, 0.8, 0], [1, 0, 1], [0, 1, 0.5]];
const weights = [1, -2, 0.5, 3];

async function lossAndGradients(shape: number[], smoothing: number): Promise<Float32Array[]> {
  const loss = BinaryCrossentropy({ labelSmoothing: smoothing }).perSample;
  const pred = tf.tensor(yPred.flat(), shape);
  const target = tf.tensor(yTrue.flat(), shape);
  const w = tf.tensor(weights, shape.slice(0, -1));
  const perSample = loss(target, pred);
  const grads = tf.grads((yt: tf.Tensor, yp: tf.Tensor) => tf.sum(tf.mul(loss(yt, yp), w)))([target, pred]);
  const out = await Promise.all([perSample, ...grads].map((x) => x.data() as Promise<Float32Array>));
  tf.dispose([pred, target, w, perSample, ...grads]);
  return out;
}

test("the fused binary cross-entropy on webgpu gives the ops' loss and gradients (cpu), clipped entries and label smoothing included", { timeout: 120_000 }, async () => {
  for (const [shape, smoothing] of [[[4, 3], 0], [[2, 2, 3], 0.2]] as const) {
    await backend.use("cpu");
    assert.equal(hasFusedBinaryCrossentropy(tf.zeros([4, 3])), false, "cpu keeps the ops");
    const reference = await lossAndGradients([...shape], smoothing);
    await backend.use("webgpu");
    assert.equal(hasFusedBinaryCrossentropy(tf.zeros([4, 3])), true);
    const fused = await lossAndGradients([...shape], smoothing);
    reference.forEach((expected, k) => expected.forEach((e, i) => assert.ok(Math.abs(fused[k]![i]! - e) <= 1e-5 * (1 + Math.abs(e)), `shape ${shape} output ${k} [${i}]: ${fused[k]![i]} vs ${e}`)));
  }
  // The loss and its gradient: a few dispatches (the ops took ~30 on the bench's [64, 1]).
  assert.equal(installWebGpuCounters(), true);
  const pred = tf.tensor2d(yPred);
  const target = tf.tensor2d(yTrue);
  const loss = BinaryCrossentropy().perSample;
  const gradient = () => tf.grad((p: tf.Tensor) => tf.sum(loss(target, p)))(pred);
  const warm = gradient();
  await warm.data();
  resetWebGpuCounts();
  const grad = gradient();
  await grad.data();
  assert.ok(webGpuCounts().dispatches <= 6, JSON.stringify(webGpuCounts()));
  tf.dispose([pred, target, warm, grad]);
  await backend.use("cpu");
});
