import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { CategoricalGeneralizedCrossEntropy, categoricalGeneralizedCrossEntropy } from "../../../../lib/keras/losses/probabilistic_losses.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends } from "../backends.js";

const values = (t: tf.Tensor) => Array.from(t.dataSync());

onBackends(() => {
  test("categorical_generalized_cross_entropy: [batch] and [batch, 1] targets give the same per-sample values", () => {
    const p = tf.tensor2d([[0.7, 0.3], [0.2, 0.8]]);
    const flat = values(categoricalGeneralizedCrossEntropy(tf.tensor1d([0, 1]), p, 0.5));
    const column = values(categoricalGeneralizedCrossEntropy(tf.tensor2d([[0], [1]]), p, 0.5));
    const want = [0.7, 0.8].map((v) => (1 - Math.sqrt(v)) / 0.5);
    [flat, column].forEach((got) => want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) < 1e-6, `${got} vs ${want}`)));
  });

  test("its gradient is −p^(q−1) on the true class's probability, 0 on the others", () => {
    const p = tf.tensor2d([[0.7, 0.3], [0.2, 0.8]]);
    const g = values(tf.grad((x) => tf.sum(categoricalGeneralizedCrossEntropy(tf.tensor1d([0, 1]), x, 0.5)))(p));
    const want = [-Math.pow(0.7, -0.5), 0, 0, -Math.pow(0.8, -0.5)];
    want.forEach((w, i) => assert.ok(Math.abs(g[i]! - w) < 1e-5, `${g} vs ${want}`));
  });

  test("compile takes it by name with class-index targets, evaluates to the loss object's value and trains", async () => {
    const x = tf.tensor2d([[1, 2], [0, 1], [3, -1], [1, 1]]);
    const y = tf.tensor1d([0, 1, 2, 1]);
    const model = keras.Sequential([keras.layers.Dense(3, { inputShape: [2], activation: "softmax", kernelInitializer: "ones" })]);
    model.compile({ optimizer: keras.optimizers.SGD(0.5), loss: "categorical_generalized_cross_entropy", metrics: ["accuracy"] });
    const [loss] = model.evaluate(x, y) as tf.Scalar[];
    const expected = CategoricalGeneralizedCrossEntropy()(y, model.predict(x) as tf.Tensor).dataSync()[0]!;
    assert.ok(Math.abs(loss!.dataSync()[0]! - expected) < 1e-5);
    const history = await model.fit(x, y, { epochs: 10, verbose: 0 });
    const curve = history.history.loss as number[];
    assert.ok(curve[9]! < curve[0]!, `the loss falls: ${curve[0]} → ${curve[9]}`);
  });
});
