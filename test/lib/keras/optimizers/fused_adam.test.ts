import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { adamStepKernelName } from "../../../../lib/backend/kernels/adam_step.js";
import { FusedAdamOptimizer } from "../../../../lib/keras/optimizers/fused_adam.js";
import { onBackends } from "../backends.js";

/** Five steps of `optimizer` on two variables from fixed values and gradients; their final values. */
function train(optimizer: tf.Optimizer): Float32Array[] {
  const a = tf.variable(tf.randomUniform([20, 3], -1, 1, "float32", 1));
  const b = tf.variable(tf.randomUniform([3], -1, 1, "float32", 2));
  for (let step = 0; step < 5; step++) {
    tf.tidy(() => optimizer.applyGradients({
      [a.name]: tf.randomUniform([20, 3], -1, 1, "float32", 10 + step),
      [b.name]: tf.randomUniform([3], -1, 1, "float32", 20 + step),
    }));
  }
  const values = [a.dataSync().slice(), b.dataSync().slice()] as Float32Array[];
  tf.dispose([a, b]);
  return values;
}

onBackends((name) => {
  test("FusedAdamOptimizer's steps equal tf.AdamOptimizer's, and it keeps tfjs's state for getWeights/setWeights", async () => {
    const ours = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const reference = new tf.AdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const [oursA, oursB] = train(ours);
    const [refA, refB] = train(reference);
    for (const [got, expected] of [[oursA!, refA!], [oursB!, refB!]] as const) {
      expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) <= 1e-6 * (1 + Math.abs(e)), `${name} [${i}]: ${got[i]} vs ${e}`));
    }
    const weights = await ours.getWeights();
    const referenceWeights = await reference.getWeights();
    assert.deepEqual(weights.map((w) => w.tensor.shape), referenceWeights.map((w) => w.tensor.shape));
    assert.equal(ours.iterations, 5);
    const restored = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    await restored.setWeights(weights);
    assert.equal(restored.iterations, 5);
    assert.equal(FusedAdamOptimizer.className, "Adam", "serialised under tfjs's name, so saved training configs load");
  });
});

test("without the one-pass kernel on a backend (e.g. webgpu), FusedAdamOptimizer takes tfjs's own step", async () => {
  await tf.setBackend("cpu");
  const kernel = tf.getKernel(adamStepKernelName, "cpu")!;
  tf.unregisterKernel(adamStepKernelName, "cpu");
  try {
    const [got] = train(new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7));
    const [expected] = train(new tf.AdamOptimizer(0.01, 0.9, 0.999, 1e-7));
    assert.deepEqual(Array.from(got!), Array.from(expected!));
  } finally {
    tf.registerKernel(kernel);
  }
});
