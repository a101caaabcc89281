import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { adamStepKernelName } from "../../../../lib/backend/kernels/adam_step.js";

/** Keras 3's Adam update_step for one variable, op by op in float32 tensors, as the reference. */
function kerasAdam(value: tf.Tensor, m: tf.Tensor, v: tf.Tensor, vHat: tf.Tensor | undefined, g: tf.Tensor, alpha: number, b1: number, b2: number, eps: number) {
  return tf.tidy(() => {
    const newM = tf.add(m, tf.mul(tf.sub(g, m), 1 - b1));
    const newV = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - b2));
    const newVHat = vHat ? tf.maximum(vHat, newV) : undefined;
    const newValue = tf.sub(value, tf.div(tf.mul(newM, alpha), tf.add(tf.sqrt(newVHat ?? newV), eps)));
    return [newValue, newM, newV, ...(newVHat ? [newVHat] : [])].map((t) => t.dataSync().slice());
  });
}

for (const name of ["cpu", "wasm"] as const) {
  test(`the one-pass Adam step on ${name} gives Keras's Adam arithmetic, with and without amsgrad (${name === "cpu" ? "bit for bit" : "within float rounding"})`, async () => {
    await backend.use(name);
    const shape = [37, 5];
    const [value, m, g] = [1, 2, 3].map((seed) => tf.randomUniform(shape, -1, 1, "float32", seed));
    const v = tf.randomUniform(shape, 0, 1, "float32", 4);
    const vHatOld = tf.randomUniform(shape, 0, 1, "float32", 5);
    const [lr, b1, b2] = [0.001, 0.9, 0.999];
    for (const eps of [1e-7, 0.5]) {
      for (const t of [1, 7]) {
        for (const vHat of [undefined, vHatOld]) {
          const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          const attrs = { alpha, beta1: b1, beta2: b2, epsilon: eps };
          const inputs: tf.NamedTensorMap = { value: value!, m: m!, v, grad: g!, ...(vHat ? { vHat } : {}) };
          const ours = (tf.engine().runKernel(adamStepKernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]).map((x) => x.dataSync());
          const reference = kerasAdam(value!, m!, v, vHat, g!, alpha, b1, b2, eps);
          assert.equal(ours.length, reference.length);
          ["value", "m", "v", "vHat"].slice(0, reference.length).forEach((label, j) => {
            reference[j]!.forEach((expected, i) => {
              const got = ours[j]![i]!;
              const where = `${label}[${i}] at t=${t}, ε=${eps}, amsgrad=${vHat != null}`;
              if (name === "cpu") assert.equal(got, expected, where);
              else assert.ok(Math.abs(got - expected) <= 1e-6 * (1 + Math.abs(expected)), `${where}: ${got} vs ${expected}`);
            });
          });
        }
      }
    }
  });
}
