/**
 * Keras's compiled loss (lib/keras/models/compiled_loss.ts): the loss numbers fit and evaluate
 * report, and train on, are Keras's: the model's losses in evaluation too, each loss object's own
 * reduction, and `lossWeights`.
 *
 * By hand, a bias-free Dense(1) with kernel [1, 1] on x = [[1, 2], [0, 1]], y = [[0], [0]]:
 * outputs o = [3, 1], per-sample squared errors [9, 1]. Mean: 5; sum: 10. An L2(0.01) kernel
 * regularizer adds 0.01 · (1 + 1) = 0.02; an L2(0.01) activity regularizer 0.01 · (9 + 1) / 2 =
 * 0.05 (Keras's activity penalty is divided by the batch size). One SGD(0.1) step on the mean
 * (gradient 3·[1, 2] + 1·[0, 1] = [3, 7]) gives [0.7, 0.3]; on the sum (gradient [6, 14]),
 * [0.4, -0.4].
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

const near = (got: number[], want: number[], what: string, tol = 1e-5) => {
  assert.equal(got.length, want.length, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < tol, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`));
};
const numbers = (out: tf.Scalar | tf.Scalar[]) => (Array.isArray(out) ? out : [out]).map((t) => t.dataSync()[0]!);

const x = () => tf.tensor2d([[1, 2], [0, 1]]);
const y = () => tf.tensor2d([[0], [0]]);
const sgd = (learningRate = 0.1) => keras.optimizers.SGD({ learningRate });

function denseModel(options: Record<string, unknown>, loss: unknown, compileExtra: Record<string, unknown> = {}): tf.LayersModel {
  const input = keras.Input({ shape: [2] });
  const m = keras.Model({ inputs: input, outputs: keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", ...options }).apply(input) as tf.SymbolicTensor });
  m.compile({ optimizer: sgd(), loss: loss as "mse", ...compileExtra });
  return m;
}
const kernel = (m: tf.LayersModel) => Array.from(m.getWeights()[0]!.dataSync());

// Two outputs: "a" (kernel [1, 1], target 0: mse 5) and "b" (kernel [0, 0], target 1: mse 1).
function twoOutputs(compileExtra: Record<string, unknown>): tf.LayersModel {
  const input = keras.Input({ shape: [2] });
  const a = keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", name: "a" }).apply(input) as tf.SymbolicTensor;
  const b = keras.layers.Dense(1, { useBias: false, kernelInitializer: "zeros", name: "b" }).apply(input) as tf.SymbolicTensor;
  const m = keras.Model({ inputs: input, outputs: [a, b] });
  m.compile({ optimizer: sgd(), loss: "mse", ...compileExtra });
  return m;
}
const ys = () => [tf.tensor2d([[0], [0]]), tf.tensor2d([[1], [1]])];

onBackends(() => {
  test("evaluate adds the kernel regularizer's penalty (Keras's test step adds model.losses): 5 + 0.02", () => {
    const m = denseModel({ kernelRegularizer: "l2" }, "mse");
    near(numbers(m.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [5.02], "mse 5 + L2 0.02");
    // Batch by batch, each batch's loss has the penalty: (9 + 0.02 + 1 + 0.02) / 2.
    near(numbers(m.evaluate(x(), y(), { batchSize: 1 }) as tf.Scalar), [5.02], "batches of 1");
  });

  test("a Sequential model's evaluate adds it too", () => {
    const seq = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", kernelRegularizer: "l2" })]);
    seq.compile({ optimizer: sgd(), loss: keras.losses.MeanSquaredError({ reduction: "sum" }) });
    near(numbers(seq.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [10.02], "sum 10 + L2 0.02");
  });

  test("evaluateDataset (fitDataset's validation) adds it too", async () => {
    const m = denseModel({ kernelRegularizer: "l2" }, "mse");
    const data = () => tf.data.zip({ xs: tf.data.array([[1, 2], [0, 1]]).map((v) => tf.tensor1d(v as unknown as number[])), ys: tf.data.array([[0], [0]]).map((v) => tf.tensor1d(v as unknown as number[])) }).batch(2);
    near(numbers((await m.evaluateDataset(data() as tf.data.Dataset<{}>, {})) as tf.Scalar), [5.02], "evaluateDataset");
  });

  test("evaluate adds the activity regularizer's penalty: 5 + 0.05", () => {
    const m = denseModel({ activityRegularizer: "l2" }, "mse");
    near(numbers(m.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [5.05], "mse 5 + activity 0.05");
  });

  test("fit's validation loss includes the model's losses", async () => {
    const m = denseModel({ kernelRegularizer: "l2" }, "mse");
    const h = await m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0, validationData: [x(), y()] });
    // The step: gradient [3, 7] + 0.02 · [1, 1], so the kernel is [0.698, 0.298]; validation runs after it.
    const [k0, k1] = [1 - 0.1 * 3.02, 1 - 0.1 * 7.02];
    const o = [k0 + 2 * k1, k1];
    const valLoss = (o[0]! ** 2 + o[1]! ** 2) / 2 + 0.01 * (k0 ** 2 + k1 ** 2);
    near([h.history.loss![0] as number, h.history.val_loss![0] as number], [5.02, valLoss], "loss and val_loss");
  });

  for (const [reduction, batchLoss, afterStep] of [
    ["sum_over_batch_size", 5, [0.7, 0.3]],
    ["mean", 5, [0.7, 0.3]],
    ["sum", 10, [0.4, -0.4]],
  ] as const) {
    test(`a loss object's reduction "${reduction}": fit and evaluate report ${batchLoss} and train on it`, async () => {
      const m = denseModel({}, keras.losses.MeanSquaredError({ reduction }));
      near(numbers(m.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [batchLoss], "evaluate");
      const h = await m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0 });
      near([h.history.loss![0] as number], [batchLoss], "fit's loss (before the update)");
      near(kernel(m), [...afterStep], "kernel after one SGD step");
    });
  }

  test('reduction "sum" in batches of 1: each batch\'s sum, averaged over batches by their size, as Keras\'s loss tracker: (9 + 1) / 2', () => {
    const m = denseModel({}, keras.losses.MeanSquaredError({ reduction: "sum" }));
    near(numbers(m.evaluate(x(), y(), { batchSize: 1 }) as tf.Scalar), [5], "evaluate");
  });

  test('reduction "none": the gradient of the values\' sum (TensorFlow\'s of a non-scalar loss), the mean reported', async () => {
    const m = denseModel({}, keras.losses.MeanSquaredError({ reduction: "none" }));
    near(numbers(m.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [5], "evaluate");
    const h = await m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0 });
    near([h.history.loss![0] as number], [5], "fit's loss");
    near(kernel(m), [0.4, -0.4], "kernel after one SGD step on the sum");
  });

  test('reduction "none" with a regularizer throws, as Keras cannot add them', async () => {
    const m = denseModel({ kernelRegularizer: "l2" }, keras.losses.MeanSquaredError({ reduction: "none" }));
    await assert.rejects(m.fit(x(), y(), { epochs: 1, batchSize: 2, verbose: 0 }), /reduction "none"/);
    assert.throws(() => m.evaluate(x(), y(), { batchSize: 2 }), /reduction "none"/);
  });

  // Class weights are sample weights to the loss (Keras's data adapter, tfjs's standardizeWeights).
  // x = [[1, 2], [0, 2]], y = [[0], [1]]: o = [3, 2], squared errors [9, 1], weights [1, 3] → [9, 3].
  for (const [reduction, want] of [
    ["sum_over_batch_size", (9 + 3) / 2],
    ["sum", 12],
    ["mean_with_sample_weight", 12 / 4],
  ] as const) {
    test(`class weights with reduction "${reduction}": fit reports ${want}`, async () => {
      const m = denseModel({}, keras.losses.MeanSquaredError({ reduction }));
      const h = await m.fit(tf.tensor2d([[1, 2], [0, 2]]), tf.tensor2d([[0], [1]]), { epochs: 1, batchSize: 2, verbose: 0, classWeight: { 0: 1, 1: 3 } });
      near([h.history.loss![0] as number], [want], "fit's loss");
    });
  }

  test("two outputs: evaluate reports the total and each output's loss (tfjs reported running sums)", () => {
    const m = twoOutputs({});
    near(numbers(m.evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [6, 5, 1], "[loss, a_loss, b_loss]");
  });

  // As Keras, weights per output need a loss per output (one loss given for all is one loss).
  for (const [loss, lossWeights] of [
    [["mse", "mse"], [2, 0.5]],
    [{ a: "mse", b: "mse" }, { a: 2, b: 0.5 }],
  ]) {
    test(`lossWeights ${JSON.stringify(lossWeights)}: the total is 2 · 5 + 0.5 · 1, each output's loss unweighted, the step on the weighted total`, async () => {
      const m = twoOutputs({ loss, lossWeights });
      near(numbers(m.evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [10.5, 5, 1], "evaluate: [loss, a_loss, b_loss]");
      const h = await m.fit(x(), ys(), { epochs: 1, batchSize: 2, verbose: 0, validationData: [x(), ys()] });
      near([h.history.loss![0], h.history.a_loss![0], h.history.b_loss![0]] as number[], [10.5, 5, 1], "fit's logs");
      // After the step (kernels below): a's outputs [-0.4, -0.4], mse 0.16; b's [0.35, 0.15] against 1, mse (0.65² + 0.85²) / 2.
      const [va, vb] = [0.16, (0.65 ** 2 + 0.85 ** 2) / 2];
      near([h.history.val_loss![0], h.history.val_a_loss![0], h.history.val_b_loss![0]] as number[], [2 * va + 0.5 * vb, va, vb], "validation logs (tfjs's val_loss was a's alone)");
      // a: 2 · [3, 7] · 0.1 off [1, 1]. b: o = [0, 0], gradient of mean((o - 1)²) = -(1·[1, 2] + 1·[0, 1]) = [-1, -3], times 0.5.
      near(kernel(m), [0.4, -0.4], "a's kernel");
      near(Array.from(m.getWeights()[1]!.dataSync()), [0.05, 0.15], "b's kernel");
    });
  }

  test("lossWeights: a list for a dict of losses follows the dict's sorted names, as Keras's tree.pack_sequence_as", () => {
    const input = keras.Input({ shape: [2] });
    const b = keras.layers.Dense(1, { useBias: false, kernelInitializer: "zeros", name: "b" }).apply(input) as tf.SymbolicTensor;
    const a = keras.layers.Dense(1, { useBias: false, kernelInitializer: "ones", name: "a" }).apply(input) as tf.SymbolicTensor;
    const m = keras.Model({ inputs: input, outputs: [b, a] });
    m.compile({ optimizer: sgd(), loss: { b: "mse", a: "mse" }, lossWeights: [2, 0.5] });
    // a (mse 5) gets 2, b (mse 1) gets 0.5; in output order it would be 2 · 1 + 0.5 · 5 = 4.5.
    near(numbers(m.evaluate(x(), [tf.tensor2d([[1], [1]]), tf.tensor2d([[0], [0]])], { batchSize: 2 }) as tf.Scalar[]), [10.5, 1, 5], "[loss, b_loss, a_loss]");
  });

  test("lossWeights: one loss for all outputs takes one weight, which weighs every output", () => {
    near(numbers(twoOutputs({ lossWeights: [2] }).evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [12, 5, 1], "2 · 5 + 2 · 1");
    near(numbers(twoOutputs({ lossWeights: { a: 2 } }).evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [12, 5, 1], "by name, still every output");
  });

  test("lossWeights: one number weighs the one output's loss", () => {
    const m = denseModel({}, "mse");
    // Typed as tfjs's compile arguments with ours added.
    m.compile({ optimizer: sgd(), loss: "mse", lossWeights: 2 });
    near(numbers(m.evaluate(x(), y(), { batchSize: 2 }) as tf.Scalar), [10], "2 · 5");
  });

  test("lossWeights: Keras's errors for a wrong count or an unknown output", () => {
    assert.throws(() => twoOutputs({ lossWeights: [1, 2] }), /`lossWeights` must match the number of losses, got 1 losses and 2 weights/);
    assert.throws(() => twoOutputs({ loss: { a: "mse", b: "mse" }, lossWeights: { a: 2 } }), /got 2 losses and 1 weights/);
    assert.throws(() => twoOutputs({ loss: ["mse", "mse"], lossWeights: [1] }), /got 2 losses and 1 weights/);
    assert.throws(() => twoOutputs({ lossWeights: { a: 1, c: 2 } }), /names output "c"/);
    assert.throws(() => twoOutputs({ lossWeights: "heavy" }), /`lossWeights` must be a number/);
  });
});

onCpuOnly(() => {
  let dir = "";
  tempDirPerSuite("tk-compiled-loss-", (d) => (dir = d));

  test("lossWeights are saved as Keras's loss_weights and compile the loaded model (model folder and .h5)", async () => {
    const model = twoOutputs({ loss: { a: "mse", b: "mse" }, lossWeights: { a: 2, b: 0.5 } });
    const folder = path.join(dir, "weighted");
    await model.save(folder, { includeOptimizer: true });
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(folder, "model.json"), "utf8")).trainingConfig.loss_weights, { a: 2, b: 0.5 });
    const loaded = await keras.models.loadModel(folder);
    near(numbers(loaded.evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [10.5, 5, 1], "the loaded model's evaluate");
    const file = path.join(dir, "weighted.h5");
    await saveKerasH5(model, file);
    const fromH5 = await loadKerasH5(file);
    near(numbers(fromH5.evaluate(x(), ys(), { batchSize: 2 }) as tf.Scalar[]), [10.5, 5, 1], "the .h5 model's evaluate");
  });
});
