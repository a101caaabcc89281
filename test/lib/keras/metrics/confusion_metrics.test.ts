import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as keras from "../../../../lib/keras/api.js";
import { Precision, Recall, type StatefulMetric } from "../../../../lib/keras/metrics/confusion_metrics.js";
import * as metrics from "../../../../lib/keras/metrics/get.js";
import { onBackends, onCpuOnly } from "../backends.js";

const value = (t: tf.Tensor) => t.dataSync()[0];

/**
 * Three batches of two where the per-batch ratios average to something else than the global
 * ratio. The model is sigmoid(x) (frozen by a vanishing learning rate), so x = 1 predicts
 * positive and x = -1 negative:
 *   batch 0: predictions P P, labels 1 0 → TP 1, FP 1         precision 1/2, recall 1
 *   batch 1: predictions N N, labels 1 0 → FN 1               precision 0,   recall 0
 *   batch 2: predictions P P, labels 1 1 → TP 2               precision 1,   recall 1
 * Global: TP 3, FP 1, FN 1 → precision 0.75, recall 0.75; the batch means would be 0.5 and 2/3.
 */
const X = [[1], [1], [-1], [-1], [1], [1]];
const Y = [[1], [0], [1], [0], [1], [1]];

function frozenModel(kernel = 1, outputs = 1) {
  const input = keras.Input({ shape: [1] });
  const heads = Array.from({ length: outputs }, (_, i) =>
    keras.layers.Dense(1, {
      activation: "sigmoid",
      kernelInitializer: tf.initializers.constant({ value: i === 0 ? kernel : -kernel }),
      biasInitializer: "zeros",
      name: `out${i}`,
    }).apply(input) as tf.SymbolicTensor,
  );
  return keras.Model({ inputs: input, outputs: heads.length === 1 ? heads[0] : heads });
}

onBackends(() => {
  test("Precision and Recall by updateState/result/resetState give Keras's documented values", () => {
    const p = Precision();
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    assert.ok(Math.abs(value(p.result()) - 2 / 3) < 1e-6);
    const r = Recall();
    r.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    assert.ok(Math.abs(value(r.result()) - 2 / 3) < 1e-6);
    // State accumulates across calls until reset.
    p.updateState([1, 1], [0.9, 0.6]);
    assert.ok(Math.abs(value(p.result()) - 4 / 5) < 1e-6);
    p.resetState();
    assert.equal(value(p.result()), 0, "no positive prediction: 0, as Keras's divide_no_nan");
    const strict = Precision({ thresholds: 0.75 });
    strict.updateState([1, 0, 1], [0.9, 0.7, 0.8]);
    assert.equal(value(strict.result()), 1);
  });

  test("topK and classId follow Keras (top-k entries count as positive; one class measured)", () => {
    const top2 = Precision({ topK: 2 });
    top2.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    assert.equal(value(top2.result()), 0, "Keras doc: ties keep the first indices");
    const top4 = Precision({ topK: 4 });
    top4.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    assert.equal(value(top4.result()), 0.5);
    const topRecall = Recall({ topK: 2 });
    topRecall.updateState([[0, 0, 1, 1]], [[1, 0.5, 0.2, 0.9]]);
    assert.equal(value(topRecall.result()), 0.5);
    const yTrue = [[1, 0], [0, 1], [1, 1]];
    const yPred = [[0.9, 0.1], [0.8, 0.7], [0.2, 0.6]];
    const p1 = Precision({ classId: 1 });
    p1.updateState(yTrue, yPred);
    assert.equal(value(p1.result()), 1);
    const p0 = Precision({ classId: 0 });
    p0.updateState(yTrue, yPred);
    assert.equal(value(p0.result()), 0.5);
    const r0 = Recall({ classId: 0 });
    r0.updateState(yTrue, yPred);
    assert.equal(value(r0.result()), 0.5);
  });

  test("fit logs the global ratio for the epoch, not the mean of per-batch ratios; evaluate too", async () => {
    const model = frozenModel();
    model.compile({ optimizer: keras.optimizers.SGD({ learningRate: 1e-12 }), loss: "binary_crossentropy", metrics: [Precision(), "recall"] });
    const batchLogs: number[][] = [];
    const history = await model.fit(tf.tensor2d(X), tf.tensor2d(Y), {
      batchSize: 2,
      epochs: 2,
      shuffle: false,
      verbose: 0,
      validationData: [tf.tensor2d(X.slice(0, 2)), tf.tensor2d(Y.slice(0, 2))],
      callbacks: { onBatchEnd: async (_batch, logs) => void batchLogs.push([logs!.precision, logs!.recall]) },
    });
    const near = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-6);
    assert.ok(near(history.history.precision as number[], [0.75, 0.75]), `precision ${history.history.precision}`);
    assert.ok(near(history.history.recall as number[], [0.75, 0.75]), `recall ${history.history.recall}`);
    // Validation has its own state: batch 0 alone, TP 1 FP 1 (were it sharing the training
    // counts, training would read 4/6 and validation something else than 1/2).
    assert.ok(near(history.history.val_precision as number[], [0.5, 0.5]));
    assert.ok(near(history.history.val_recall as number[], [1, 1]));
    // Batch logs show the running value, starting afresh each epoch (Keras resets per epoch).
    const running = [[0.5, 1], [0.5, 0.5], [0.75, 0.75]];
    assert.ok(near(batchLogs.flat(), [...running, ...running].flat()), JSON.stringify(batchLogs));
    // evaluate: global over all batches, whatever the batch size.
    for (const batchSize of [2, 4]) {
      const [, precision, recall] = model.evaluate(tf.tensor2d(X), tf.tensor2d(Y), { batchSize }) as tf.Scalar[];
      assert.ok(Math.abs(value(precision) - 0.75) < 1e-6 && Math.abs(value(recall) - 0.75) < 1e-6, `batchSize ${batchSize}`);
    }
  });

  test("fit and evaluate with stateful metrics leave no tensors behind", async () => {
    const model = frozenModel();
    model.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: [Precision(), Recall()] });
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y);
    const fit = () => model.fit(x, y, { batchSize: 2, epochs: 2, verbose: 0, validationSplit: 0.5 });
    await fit();
    const before = tf.memory().numTensors;
    await fit();
    tf.dispose(model.evaluate(x, y, { batchSize: 2 }) as tf.Scalar[]);
    assert.equal(tf.memory().numTensors, before);
  });

  test("fitDataset and evaluateDataset report the global ratio as well", async () => {
    const model = frozenModel();
    model.compile({ optimizer: keras.optimizers.SGD({ learningRate: 1e-12 }), loss: "binary_crossentropy", metrics: ["precision"] });
    const data = (n: number) => tf.data.zip({ xs: tf.data.array(X.slice(0, n)), ys: tf.data.array(Y.slice(0, n)) }).batch(2) as any;
    const history = await model.fitDataset(data(6), { epochs: 1, verbose: 0, validationData: data(2) });
    assert.ok(Math.abs((history.history.precision[0] as number) - 0.75) < 1e-6, `${history.history.precision}`);
    assert.ok(Math.abs((history.history.val_precision[0] as number) - 0.5) < 1e-6, `${history.history.val_precision}`);
    const [, precision] = (await model.evaluateDataset(data(6), {})) as tf.Scalar[];
    assert.ok(Math.abs(value(precision) - 0.75) < 1e-6);
  });

  test("one metric object on a two-output model keeps one state per output", async () => {
    const model = frozenModel(1, 2);
    model.compile({ optimizer: keras.optimizers.SGD({ learningRate: 1e-12 }), loss: "binary_crossentropy", metrics: [Precision()] });
    const history = await model.fit(tf.tensor2d(X), [tf.tensor2d(Y), tf.tensor2d(Y)], { batchSize: 2, epochs: 1, shuffle: false, verbose: 0 });
    // out1 = sigmoid(-x) predicts positive only in batch 1: TP 1, FP 1.
    assert.ok(Math.abs((history.history.out0_precision[0] as number) - 0.75) < 1e-6, JSON.stringify(history.history));
    assert.ok(Math.abs((history.history.out1_precision[0] as number) - 0.5) < 1e-6, JSON.stringify(history.history));
  });
});

onCpuOnly(() => {
  test("Precision and Recall name bad arguments and take Keras's names", () => {
    assert.equal(Precision().name, "precision");
    assert.equal(Recall({ name: "rec" }).kerasName, "rec");
    assert.throws(() => Precision({ thresholds: [0.3, 1.5] }), /Precision: `thresholds`\[1\] must be a number ≥ 0 and ≤ 1; got 1.5/);
    assert.throws(() => Precision({ thresholds: [] }), /Precision: `thresholds` must hold at least one threshold/);
    assert.throws(() => Precision({ thresholds: 1.5 }), /Precision: `thresholds` must be a number ≥ 0 and ≤ 1; got 1.5/);
    assert.throws(() => Recall({ topK: 0 }), /Recall: `topK`/);
    assert.throws(() => Recall({ top_k: 2 } as any), /Recall: unknown argument `top_k`; accepted: classId, name, thresholds, topK/);
    // By name, as Keras 3's compile takes them; on logits the threshold moves to 0 as for "accuracy".
    const onLogits = metrics.get("precision", "binary", true) as StatefulMetric;
    onLogits.updateState([1, 0, 1], [0.3, -0.2, -1]);
    assert.equal(value(onLogits.result()), 1);
    assert.equal((metrics.get("recall") as StatefulMetric).kerasName, "recall");
    const p = Precision({ classId: 3 });
    assert.throws(() => p.updateState([[1, 0]], [[0.5, 0.5]]), /Precision: `classId` 3 is outside the 2 classes of the predictions/);
  });
});
