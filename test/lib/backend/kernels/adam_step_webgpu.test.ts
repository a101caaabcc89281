import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { adamStepKernelName } from "../../../../lib/backend/kernels/adam_step.js";
import { installWebGpuCounters, resetWebGpuCounts, webGpuCounts } from "../../../../lib/backend/webgpu_counters.js";
import { KerasAdamOptimizer } from "../../../../lib/keras/optimizers/keras_adam.js";

/** Five Keras Adam steps on two variables from fixed values and gradients; their final values and slots. */
async function train(amsgrad: boolean): Promise<Float32Array[]> {
  // A large epsilon and weight decay, so a formula that differs from Keras's shows.
  const optimizer = new KerasAdamOptimizer(0.05, 0.9, 0.999, 0.3, { amsgrad, weightDecay: 0.01 });
  const a = tf.variable(tf.randomUniform([70, 3], -1, 1, "float32", 1));
  const b = tf.variable(tf.randomUniform([3], -1, 1, "float32", 2));
  for (let step = 0; step < 5; step++) {
    tf.tidy(() => optimizer.applyGradients([
      { name: a.name, tensor: tf.randomUniform([70, 3], -1, 1, "float32", 10 + step) },
      { name: b.name, tensor: tf.randomUniform([3], -1, 1, "float32", 20 + step) },
    ]));
  }
  const weights = (await optimizer.getWeights()).map((w) => w.tensor);
  const values = await Promise.all([a, b, ...weights.slice(1)].map((t) => t.data() as Promise<Float32Array>));
  tf.dispose([a, b]);
  optimizer.dispose();
  return values;
}

test("Keras's Adam step on webgpu (our kernel) equals the cpu kernel's, with AMSGrad and weight decay, in 3 dispatches a variable", { timeout: 120_000 }, async () => {
  for (const amsgrad of [false, true]) {
    await backend.use("cpu");
    const reference = await train(amsgrad);
    await backend.use("webgpu");
    assert.ok(tf.getKernel(adamStepKernelName, "webgpu"), "the kernel is registered on webgpu");
    const gpu = await train(amsgrad);
    assert.equal(gpu.length, amsgrad ? 8 : 6, "values, m, v (and v̂) of both variables");
    reference.forEach((expected, k) => expected.forEach((e, i) => assert.ok(Math.abs(gpu[k]![i]! - e) <= 1e-6 * (1 + Math.abs(e)), `amsgrad=${amsgrad} [${k}][${i}]: ${gpu[k]![i]} vs ${e}`)));
  }
  // One step of one variable, once warm: m', v', the value (weight decay is its own op).
  const optimizer = new KerasAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
  const x = tf.variable(tf.ones([8]));
  const g = tf.fill([8], 0.5);
  const step = () => optimizer.applyGradients([{ name: x.name, tensor: g }]);
  step();
  step();
  assert.equal(installWebGpuCounters(), true);
  resetWebGpuCounts();
  step();
  await x.data();
  assert.equal(webGpuCounts().dispatches, 3, JSON.stringify(webGpuCounts()));
  tf.dispose([x, g]);
  optimizer.dispose();
  await backend.use("cpu");
});
