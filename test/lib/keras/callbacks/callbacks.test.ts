import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, tempDirPerSuite } from "../backends.js";

let dir: string;

const xs = tf.randomNormal([16, 3], 0, 1, "float32", 3);
const ys = tf.randomNormal([16, 1], 0, 1, "float32", 4);

function regressor(lr = 0.05) {
  const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [3] })]);
  model.compile({ optimizer: keras.optimizers.SGD({ learningRate: lr }), loss: "mse" });
  return model;
}

onBackends(() => {
  tempDirPerSuite("keras-callbacks-", (d) => (dir = d));

  test("EarlyStopping stops after `patience` epochs without improvement and restores the best weights", async () => {
    const model = regressor(0.05);
    const seen: number[] = [];
    const weightsAt: tf.Tensor[][] = [];
    // Monitor a quantity we control: it improves at epoch 1 then gets worse.
    const script = [5, 1, 3, 4, 6, 7, 8];
    const inject = new keras.callbacks.LambdaCallback({
      onEpochEnd: (epoch, logs) => {
        logs!.score = script[epoch];
        seen.push(epoch);
        weightsAt.push(model.getWeights().map((w) => w.clone()));
      },
    });
    const early = new keras.callbacks.EarlyStopping({ monitor: "score", patience: 2, restoreBestWeights: true });
    await model.fit(xs, ys, { epochs: 7, verbose: 0, callbacks: [inject, early] });
    assert.deepEqual(seen, [0, 1, 2, 3]);
    assert.equal(early.stoppedEpoch, 3);
    assert.equal(early.bestEpoch, 1);
    const now = model.getWeights();
    now.forEach((w, i) => assert.equal(tf.max(tf.abs(tf.sub(w, weightsAt[1][i]))).dataSync()[0], 0));
    assert.throws(() => new keras.callbacks.EarlyStopping({ patience: -1 }), /EarlyStopping: `patience` must be an integer ≥ 0/);
  });

  test("ModelCheckpoint formats Keras file names and saves only improvements", async () => {
    assert.equal(keras.callbacks.formatCheckpointPath("m-{epoch:02d}-{val_loss:.2f}", { epoch: 3, val_loss: 0.12345 }), "m-03-0.12");
    assert.throws(() => keras.callbacks.formatCheckpointPath("{nope}", { epoch: 1 }), /uses \{nope\}/);
    const model = regressor();
    const best = path.join(dir, "best");
    const script = [3, 1, 2];
    const inject = new keras.callbacks.LambdaCallback({ onEpochEnd: (e, logs) => void (logs!.score = script[e]) });
    // The weights file's bytes after each epoch: they change when a checkpoint is written.
    const saves: string[] = [];
    const spy = new keras.callbacks.LambdaCallback({
      onEpochEnd: () => void saves.push(fs.readFileSync(path.join(best, "weights.bin")).toString("hex")),
    });
    const ckpt = new keras.callbacks.ModelCheckpoint(best, { monitor: "score", saveBestOnly: true });
    await model.fit(xs, ys, { epochs: 3, verbose: 0, callbacks: [inject, ckpt, spy] });
    assert.equal(ckpt.best, 1);
    assert.notEqual(saves[0], saves[1], "saved again at epoch 1 (improved)");
    assert.equal(saves[2], saves[1], "not saved at epoch 2 (worse)");
    const loaded = await keras.models.loadModel(best);
    assert.deepEqual(loaded.outputs[0].shape, [null, 1]);
    const weightsOnly = new keras.callbacks.ModelCheckpoint(path.join(dir, "w-{epoch}"), { saveWeightsOnly: true });
    await model.fit(xs, ys, { epochs: 1, verbose: 0, callbacks: [weightsOnly] });
    assert.deepEqual(fs.readdirSync(path.join(dir, "w-1")).sort(), ["weights.bin", "weights.json"]);
  });

  test("ReduceLROnPlateau and LearningRateScheduler change the optimizer's rate", async () => {
    const model = regressor(0.1);
    const inject = new keras.callbacks.LambdaCallback({ onEpochEnd: (_e, logs) => void (logs!.score = 1) });
    const reduce = new keras.callbacks.ReduceLROnPlateau({ monitor: "score", patience: 1, factor: 0.5, minLr: 0.02 });
    await model.fit(xs, ys, { epochs: 5, verbose: 0, callbacks: [inject, reduce] });
    assert.equal(keras.optimizers.getLearningRate((model as any).optimizer), 0.02);
    const scheduled = regressor(0.1);
    const rates: number[] = [];
    const scheduler = new keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2));
    const h = await scheduled.fit(xs, ys, { epochs: 3, verbose: 0, callbacks: [scheduler, new keras.callbacks.LambdaCallback({ onEpochEnd: () => void rates.push(keras.optimizers.getLearningRate((scheduled as any).optimizer)) })] });
    assert.deepEqual(rates, [0.1, 0.05, 0.025]);
    assert.deepEqual(h.history.learning_rate, [0.1, 0.05, 0.025]);
  });

  test("TerminateOnNaN stops at the first NaN loss; CSVLogger writes one row per epoch", async () => {
    const model = regressor(1e30);
    const bad = tf.fill([16, 3], 1e30);
    const epochs: number[] = [];
    await model.fit(bad, ys, { epochs: 5, verbose: 0, callbacks: [new keras.callbacks.TerminateOnNaN(), new keras.callbacks.LambdaCallback({ onEpochEnd: (e) => void epochs.push(e) })] });
    assert.ok(epochs.length <= 2, `stopped early: ${epochs}`);
    const csv = path.join(dir, "log.csv");
    await regressor().fit(xs, ys, { epochs: 3, verbose: 0, validationSplit: 0.25, callbacks: [new keras.callbacks.CSVLogger(csv)] });
    const lines = fs.readFileSync(csv, "utf8").trim().split("\n");
    assert.equal(lines[0], "epoch,loss,val_loss");
    assert.equal(lines.length, 4);
    assert.match(lines[3], /^2,[\d.e-]+,[\d.e-]+$/);
  });
});
