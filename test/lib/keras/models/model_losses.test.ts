/**
 * Keras's model losses (lib/keras/models/model_losses.ts): `model.losses` lists every layer's,
 * nested models' too, and `fit` trains on them.
 *
 * By hand, one SGD(0.1) step of a bias-free Dense(1) with kernel [1, 1] and an L2(0.01) activity
 * regularizer, on x = [[1, 2], [0, 1]], y = [[0], [0]]: outputs o = [3, 1]; mse = (9 + 1) / 2 = 5;
 * activity loss 0.01 · 10 / 2 = 0.05, so the step's loss is 5.05. The gradient of
 * mean(o²) + 0.01 · sum(o²) / 2 is 1.01 · (3·[1, 2] + 1·[0, 1]) = [3.03, 7.07], so the kernel
 * becomes [0.697, 0.293] (without the activity term: [0.7, 0.3]).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends } from "../backends.js";

const values = (layer: tf.layers.Layer) => (layer.losses as unknown as tf.Scalar[]).map((t) => t.dataSync()[0]!);
const near = (got: number[], want: number[], what: string, tol = 1e-5) => {
  assert.equal(got.length, want.length, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < tol, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`));
};

const x = () => tf.tensor2d([[1, 2], [0, 1]]);
const y = () => tf.tensor2d([[0], [0]]);

function regularizedDense(): tf.layers.Layer {
  return keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", activityRegularizer: "l2" });
}

function compiled(outputs: (input: tf.SymbolicTensor) => tf.SymbolicTensor): tf.LayersModel {
  const input = keras.Input({ shape: [2] });
  const m = keras.Model({ inputs: input, outputs: outputs(input) });
  m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  return m;
}

onBackends(() => {
  test("fit trains on the activity loss: the step's loss and update, by hand", async () => {
    const dense = regularizedDense();
    const m = compiled((i) => dense.apply(i));
    const history = await m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0 });
    near([history.history.loss![0] as number], [5.05], "mse 5 + activity 0.05");
    near(Array.from(m.getWeights()[0]!.dataSync()), [0.697, 0.293], "kernel after one step");
    near(values(m), [0.05], "model.losses after fit: the step's activity loss (of the kernel before the update)");
  });

  test("trainOnBatch and a Sequential model do the same", async () => {
    const seq = keras.Sequential([keras.Input({ shape: [2] }), regularizedDense()]);
    seq.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    const loss = (await seq.trainOnBatch(x(), y())) as number;
    near([loss], [5.05], "trainOnBatch's loss");
    near(Array.from(seq.getWeights()[0]!.dataSync()), [0.697, 0.293], "kernel");
  });

  test("model.losses lists a nested model's layers' losses; predict refreshes them", () => {
    const inner = keras.Sequential([keras.Input({ shape: [2] }), regularizedDense()]);
    const outer = keras.Sequential([keras.Input({ shape: [2] }), inner]);
    assert.equal(outer.losses.length, 0, "no call yet");
    outer.apply(x());
    near(values(outer), [0.05], "0.01 · (9 + 1) / 2");
    outer.predict(tf.tensor2d([[1, 0]]));
    near(values(outer), [0.01], "predict's call: 0.01 · 1 / 1");
  });

  test("a layer shared by two branches: both calls' activity losses in the step, its kernel penalty once", async () => {
    // Dense(1) with kernel [1, 1], L2(0.5) kernel regularizer, called on x and on 2x; output the sum.
    // Outputs per sample: 3 + 6 = 9 and 1 + 2 = 3; mse = (81 + 9) / 2 = 45; kernel penalty 0.5 · 2 = 1;
    // activity: 0.01 · (9 + 1) / 2 + 0.01 · (36 + 4) / 2 = 0.05 + 0.2. Step loss 46.25 (taken before the update).
    const dense = keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", activityRegularizer: "l2", kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) });
    const m = compiled((i) => keras.layers.Add().apply([dense.apply(i), dense.apply(keras.layers.Rescaling(2).apply(i))]));
    const history = await m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0 });
    near([history.history.loss![0] as number], [46.25], "45 + 1 + 0.05 + 0.2");
  });

  test("an LSTM's kernel regularizer reaches fit's loss (tfjs left the cell's penalties out)", async () => {
    const make = (kernelRegularizer?: ReturnType<typeof tf.regularizers.l2>) => {
      const m = keras.Sequential([keras.Input({ shape: [3, 2] }), keras.layers.LSTM(2, { kernelInitializer: "ones", recurrentInitializer: "zeros", ...(kernelRegularizer ? { kernelRegularizer } : {}) })]);
      m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
      return m;
    };
    const xs = tf.ones([1, 3, 2]);
    const ys = tf.zeros([1, 2]);
    const plain = (await make().fit(xs, ys, { epochs: 1, verbose: 0 })).history.loss![0] as number;
    const regularized = (await make(tf.regularizers.l2({ l2: 0.5 })).fit(xs, ys, { epochs: 1, verbose: 0 })).history.loss![0] as number;
    // The loss of the first step is taken before its update. Kernel of ones [2, 8]: 0.5 · 16 = 8.
    near([regularized - plain], [8], "the kernel penalty", 1e-4);
  });
});
