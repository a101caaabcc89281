import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { CATEGORICAL_CROSSENTROPY, hasFusedCrossentropy } from "../../../../lib/backend/kernels/categorical_crossentropy.js";
import { installWebGpuCounters, resetWebGpuCounts, webGpuCounts } from "../../../../lib/backend/webgpu_counters.js";
import { CategoricalCrossentropy, SparseCategoricalCrossentropy } from "../../../../lib/keras/losses/losses.js";

// Rows that are not normalised, a 0 and a 1 (both clipped: no gradient there), soft targets, and
// a [batch, steps, classes] case.
const yPred = [[0.2, 0.3, 0.5], [0, 0.4, 0.8], [1, 0, 0], [0.05, 0.9, 0.05]];
const yTrue = [[0, 0, 1], [0.1, 0.8, 0.1], [1, 0, 0], [0, 1, 0]];
const weights = [1, -2, 0.5, 3];

/** The loss per sample and its gradients with respect to both inputs, read back. */
async function lossAndGradients(p: number[][], t: number[][], shape: number[]): Promise<Float32Array[]> {
  const loss = CategoricalCrossentropy().perSample;
  const pred = tf.tensor(p.flat(), shape);
  const target = tf.tensor(t.flat(), shape);
  const w = tf.tensor(weights.slice(0, shape.slice(0, -1).reduce((a, b) => a * b, 1)), shape.slice(0, -1));
  const perSample = loss(target, pred);
  const grads = tf.grads((yt: tf.Tensor, yp: tf.Tensor) => tf.sum(tf.mul(loss(yt, yp), w)))([target, pred]);
  const out = await Promise.all([perSample, ...grads].map((x) => x.data() as Promise<Float32Array>));
  tf.dispose([pred, target, w, perSample, ...grads]);
  return out;
}

test("the fused categorical cross-entropy on webgpu gives the ops' loss and gradients (cpu), clipped entries included, in 2 dispatches", { timeout: 120_000 }, async () => {
  for (const shape of [[4, 3], [2, 2, 3]]) {
    await backend.use("cpu");
    assert.equal(hasFusedCrossentropy(tf.zeros([4, 3])), false, "cpu keeps the ops");
    const reference = await lossAndGradients(yPred, yTrue, shape);
    await backend.use("webgpu");
    assert.equal(hasFusedCrossentropy(tf.zeros([4, 3])), true);
    const fused = await lossAndGradients(yPred, yTrue, shape);
    reference.forEach((expected, k) => expected.forEach((e, i) => assert.ok(Math.abs(fused[k]![i]! - e) <= 1e-5 * (1 + Math.abs(e)), `shape ${shape} output ${k} [${i}]: ${fused[k]![i]} vs ${e}`)));
  }
  // The loss and its gradient with respect to the predictions: one dispatch each.
  assert.equal(installWebGpuCounters(), true);
  const pred = tf.tensor2d(yPred);
  const target = tf.tensor2d(yTrue);
  const loss = CategoricalCrossentropy().perSample;
  const warm = tf.grad((p: tf.Tensor) => tf.sum(loss(target, p)))(pred);
  await warm.data();
  resetWebGpuCounts();
  let kernels = 0;
  const before = tf.engine().runKernel.bind(tf.engine());
  const spy = (name: string, ...rest: unknown[]) => {
    if (name.startsWith(CATEGORICAL_CROSSENTROPY)) kernels++;
    return (before as (...a: unknown[]) => unknown)(name, ...rest);
  };
  (tf.engine() as unknown as { runKernel: typeof spy }).runKernel = spy;
  try {
    const grad = tf.grad((p: tf.Tensor) => tf.sum(loss(target, p)))(pred);
    await grad.data();
    grad.dispose();
  } finally {
    (tf.engine() as unknown as { runKernel: unknown }).runKernel = before;
  }
  assert.equal(kernels, 2, "forward and backward kernels");
  assert.ok(webGpuCounts().dispatches <= 8, `the loss's gradient is a handful of dispatches, not ~20: ${JSON.stringify(webGpuCounts())}`);
  tf.dispose([pred, target, warm]);
  // Sparse labels take the same kernel (one-hot first), as Keras's loss does.
  const sparse = SparseCategoricalCrossentropy().perSample(tf.tensor1d([2, 1, 0, 1], "int32"), tf.tensor2d(yPred));
  await backend.use("cpu");
  const sparseReference = SparseCategoricalCrossentropy().perSample(tf.tensor1d([2, 1, 0, 1], "int32"), tf.tensor2d(yPred));
  const [a, b] = [Array.from(await sparse.data()), Array.from(await sparseReference.data())];
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= 1e-5 * (1 + Math.abs(b[i]!)), `sparse [${i}]: ${v} vs ${b[i]}`));
});
