import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { adamStepKernelName } from "../../../../lib/backend/kernels/adam_step.js";
import { KerasAdamOptimizer } from "../../../../lib/keras/optimizers/keras_adam.js";
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

/** Runs `body` with the one-pass kernel taken off the cpu backend, as on a backend without it. */
function withoutKernel<T>(body: () => T): T {
  const kernel = tf.getKernel(adamStepKernelName, "cpu")!;
  tf.unregisterKernel(adamStepKernelName, "cpu");
  try {
    return body();
  } finally {
    tf.registerKernel(kernel);
  }
}

onBackends((name) => {
  test("with a tiny epsilon KerasAdamOptimizer's steps match tf.AdamOptimizer's, and it keeps tfjs's state for getWeights/setWeights", async () => {
    const ours = new KerasAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const reference = new tf.AdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const [oursA, oursB] = train(ours);
    const [refA, refB] = train(reference);
    for (const [got, expected] of [[oursA!, refA!], [oursB!, refB!]] as const) {
      expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) <= 2e-6 * (1 + Math.abs(e)), `${name} [${i}]: ${got[i]} vs ${e}`));
    }
    const weights = await ours.getWeights();
    const referenceWeights = await reference.getWeights();
    assert.deepEqual(weights.map((w) => w.tensor.shape), referenceWeights.map((w) => w.tensor.shape));
    assert.equal(ours.iterations, 5);
    const restored = new KerasAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    await restored.setWeights(weights);
    assert.equal(restored.iterations, 5);
    assert.equal(KerasAdamOptimizer.className, "Adam", "serialised under tfjs's name, so saved training configs load");
  });
});

test("without the one-pass kernel on a backend (e.g. webgpu), KerasAdamOptimizer's tensor-op step gives the kernel's numbers", async () => {
  await tf.setBackend("cpu");
  for (const amsgrad of [false, true]) {
    const make = () => new KerasAdamOptimizer(0.05, 0.9, 0.999, 0.3, { amsgrad, weightDecay: 0.01 });
    const fused = train(make());
    const ops = withoutKernel(() => train(make()));
    fused.forEach((values, j) => values.forEach((v, i) => assert.ok(Math.abs(v - ops[j]![i]!) <= 1e-6, `amsgrad=${amsgrad} [${j}][${i}]: ${v} vs ${ops[j]![i]}`)));
  }
});

test("a step reads nothing back from the device: the β powers come from the step count", async () => {
  await tf.setBackend("cpu");
  const optimizer = new KerasAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
  const x = tf.variable(tf.ones([4]));
  optimizer.applyGradients([{ name: x.name, tensor: tf.ones([4]) }]);
  const proto = tf.Tensor.prototype as unknown as { dataSync: () => unknown };
  const dataSync = proto.dataSync;
  let reads = 0;
  proto.dataSync = function (this: tf.Tensor) {
    reads++;
    return dataSync.call(this);
  };
  try {
    optimizer.applyGradients([{ name: x.name, tensor: tf.ones([4]) }]);
    withoutKernel(() => optimizer.applyGradients([{ name: x.name, tensor: tf.ones([4]) }]));
  } finally {
    proto.dataSync = dataSync;
  }
  assert.equal(reads, 0);
  x.dispose();
});
