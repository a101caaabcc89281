import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { adamStepKernelName } from "../../../../lib/backend/kernels/adam_step.js";

/** tfjs's AdamOptimizer step for one variable, op by op, as the reference. */
function tfjsAdam(value: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, lr: number, b1: number, b2: number, eps: number, acc1: number, acc2: number) {
  return tf.tidy(() => {
    const oneMinusAcc1 = tf.sub(1, tf.scalar(acc1));
    const oneMinusAcc2 = tf.sub(1, tf.scalar(acc2));
    const newM = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
    const newV = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
    const newValue = tf.add(tf.mul(tf.div(tf.div(newM, oneMinusAcc1), tf.add(tf.sqrt(tf.div(newV, oneMinusAcc2)), eps)), -lr), value);
    return [newValue, newM, newV].map((t) => t.dataSync().slice());
  });
}

for (const name of ["cpu", "wasm"] as const) {
  test(`the one-pass Adam step on ${name} gives tfjs's Adam arithmetic (${name === "cpu" ? "bit for bit" : "within float rounding"})`, async () => {
    await backend.use(name);
    const shape = [37, 5];
    const [value, m, g] = [1, 2, 3].map((seed) => tf.randomUniform(shape, -1, 1, "float32", seed));
    const v = tf.randomUniform(shape, 0, 1, "float32", 4);
    const [lr, b1, b2, eps] = [0.001, 0.9, 0.999, 1e-7];
    for (const [acc1, acc2] of [[0.9, 0.999], [0.9 ** 7, 0.999 ** 7]]) {
      const attrs = { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, oneMinusAccBeta1: Math.fround(1 - Math.fround(acc1!)), oneMinusAccBeta2: Math.fround(1 - Math.fround(acc2!)) };
      const ours = (tf.engine().runKernel(adamStepKernelName, { value: value!, m: m!, v, grad: g! }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]).map((t) => t.dataSync());
      const reference = tfjsAdam(value!, m!, v, g!, lr, b1, b2, eps, acc1!, acc2!);
      ["value", "m", "v"].forEach((label, j) => {
        reference[j]!.forEach((expected, i) => {
          const got = ours[j]![i]!;
          if (name === "cpu") assert.equal(got, expected, `${label}[${i}] at β₁ᵗ=${acc1}`);
          else assert.ok(Math.abs(got - expected) <= 1e-6 * (1 + Math.abs(expected)), `${label}[${i}] at β₁ᵗ=${acc1}: ${got} vs ${expected}`);
        });
      });
    }
  });
}
