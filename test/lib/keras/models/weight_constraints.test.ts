/**
 * Constraints are applied after every optimizer update, as Keras does, on each of tfjs's training
 * paths. One SGD step on a bias-free Dense(2) fed x = 1 moves its kernel [1, 1] towards the target
 * [-10, 0.5] (mse gradient w − t, learning rate 0.1) to [-0.1, 0.95]; "non_neg" makes it [0, 0.95].
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends } from "../backends.js";

function model(constraint: "non_neg" | null, kernelInitializer: "ones" | ReturnType<typeof tf.initializers.constant> = "ones"): tf.LayersModel {
  const m = keras.Sequential([
    keras.Input({ shape: [1] }),
    keras.layers.Dense(2, { useBias: false, kernelInitializer, ...(constraint ? { kernelConstraint: constraint } : {}) }),
  ]);
  m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  return m;
}

const x = () => tf.ones([1, 1]);
const y = () => tf.tensor2d([[-10, 0.5]]);
const kernel = (m: tf.LayersModel) => Array.from(m.getWeights()[0]!.dataSync());

function assertKernel(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${what}: kernel ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`));
}

onBackends(() => {
  test("fit applies a kernel constraint after the update", async () => {
    const m = model("non_neg");
    await m.fit(x(), y(), { epochs: 1, batchSize: 1, verbose: 0 });
    assertKernel(kernel(m), [0, 0.95], "non_neg after fit");
  });

  test("without a constraint the same step goes negative (the update itself is unchanged)", async () => {
    const m = model(null);
    await m.fit(x(), y(), { epochs: 1, batchSize: 1, verbose: 0 });
    assertKernel(kernel(m), [-0.1, 0.95], "unconstrained");
  });

  test("trainOnBatch and fitDataset apply it too", async () => {
    const a = model("non_neg");
    await a.trainOnBatch(x(), y());
    assertKernel(kernel(a), [0, 0.95], "trainOnBatch");
    const b = model("non_neg");
    const data = tf.data.zip({ xs: tf.data.array([[1]]), ys: tf.data.array([[-10, 0.5]]) }).batch(1);
    await b.fitDataset(data as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>, { epochs: 1, verbose: 0 });
    assertKernel(kernel(b), [0, 0.95], "fitDataset");
  });

  test("a frozen layer's constrained weights are left alone", async () => {
    // (setWeights would project: tfjs's LayerVariable.write applies the constraint.)
    const m = model("non_neg", tf.initializers.constant({ value: -1 }));
    m.layers[0]!.trainable = false;
    m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    await m.fit(x(), y(), { epochs: 1, batchSize: 1, verbose: 0 });
    assertKernel(kernel(m), [-1, -1], "frozen");
  });
});

onBackends(() => {
  test("setWeights stores a value as given, as Keras's assign does (tfjs projected it); the next step projects it", async () => {
    const m = model("non_neg");
    m.setWeights([tf.tensor2d([[-1, 2]])]);
    assertKernel(kernel(m), [-1, 2], "after setWeights");
    await m.trainOnBatch(x(), tf.tensor2d([[-1, 2]]));
    assertKernel(kernel(m), [0, 2], "after a step at the target");
  });
});
