import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as losses from "../../../../lib/keras/losses/losses.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const close = (a: tf.Tensor, b: number[], tol = 1e-5) => {
  const got = Array.from(a.dataSync());
  assert.equal(got.length, b.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - b[i]) < tol, `${g} vs ${b[i]}`));
};

onBackends(() => {
  test("fromLogits cross-entropies equal the reference formulas", () => {
    const logits = [[2, -1, 0.5], [0, 0, 3]];
    const softmax = logits.map((row) => {
      const e = row.map(Math.exp);
      const s = e.reduce((a, b) => a + b);
      return e.map((v) => v / s);
    });
    const labels = [2, 0];
    const expected = labels.map((c, i) => -Math.log(softmax[i][c]));
    close(losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" })(tf.tensor1d(labels, "int32"), tf.tensor2d(logits)), expected);
    close(losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" })(tf.tensor2d([[2], [0]]), tf.tensor2d(logits)), expected);
    close(losses.SparseCategoricalCrossentropy({ reduction: "none" })(tf.tensor1d(labels), tf.tensor2d(softmax)), expected);
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), 3);
    close(losses.CategoricalCrossentropy({ fromLogits: true, reduction: "none" })(oneHot, tf.tensor2d(logits)), expected);
    const z = [[1.5], [-2]];
    const y = [[1], [0]];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const bce = z.map((r, i) => -(y[i][0] * Math.log(sig(r[0])) + (1 - y[i][0]) * Math.log(1 - sig(r[0]))));
    close(losses.BinaryCrossentropy({ fromLogits: true, reduction: "none" })(tf.tensor2d(y), tf.tensor2d(z)), bce);
    close(losses.BinaryCrossentropy({ reduction: "none" })(tf.tensor2d(y), tf.sigmoid(tf.tensor2d(z))), bce, 1e-4);
  });

  test("regression losses and Huber", () => {
    const t = tf.tensor2d([[0, 0], [1, 1]]);
    const p = tf.tensor2d([[1, 3], [1, 0.5]]);
    close(losses.MeanSquaredError({ reduction: "none" })(t, p), [5, 0.125]);
    close(losses.MeanAbsoluteError({ reduction: "none" })(t, p), [2, 0.25]);
    // Huber(delta=1): 0.5·e² for |e| ≤ 1, |e| − 0.5 beyond.
    close(losses.Huber({ reduction: "none" })(t, p), [(0.5 + 2.5) / 2, 0.125 / 2]);
  });

  test("SparseCategoricalCrossentropy ignoreClass: compile trains on the mean over the targets kept, as Keras's loss call", async () => {
    const scce = () => losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    const model = keras.Sequential([keras.layers.Dense(3, { inputShape: [2], kernelInitializer: "ones" })]);
    model.compile({ optimizer: "sgd", loss: scce() });
    const x = tf.tensor2d([[1, 2], [0, 1], [3, -1], [1, 1]]);
    const y = tf.tensor1d([0, -1, 2, -1]);
    const logits = model.predict(x) as tf.Tensor;
    // Two targets kept of four: their mean, not the mean of four with two zeros.
    const kept = losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" })(tf.tensor1d([0, 2]), tf.gather(logits, [0, 2]));
    const expected = tf.mean(kept).dataSync()[0]!;
    close(scce()(y, logits), [expected]);
    close(model.evaluate(x, y) as tf.Scalar, [expected]);
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("losses by Keras name, and a clear error for an unknown one", () => {
    assert.equal(losses.get("mse").name, "mean_squared_error");
    // As Keras's get: a name gives the per-sample function.
    assert.deepEqual(losses.get("mse")(tf.tensor2d([[0, 0], [1, 1]]), tf.tensor2d([[1, 3], [1, 0.5]])).shape, [2]);
    assert.equal(losses.get("sparse_categorical_crossentropy").name, "sparse_categorical_crossentropy");
    assert.throws(() => losses.get("msee" as any), /unknown loss "msee"; accepted: .*mse/);
    assert.throws(() => losses.BinaryCrossentropy({ fromLogits: "yes" } as any), /`fromLogits` must be true or false/);
  });
});
