/**
 * A model saved with its optimizer (`includeOptimizer`) keeps its compiled losses as Keras saves
 * them, in the tfjs model folder and in Keras .h5, and trains after loading. Before, every loss
 * compiled through the keras namespace was saved as `{}` and the loaded model's fit threw
 * "lossFunction is not a function"; .h5 kept only the loss's name (a from-logits loss came back
 * on probabilities).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { lossFromIdentifiers, lossIdentifiers } from "../../../../lib/keras/models/training_config.js";
import { onCpuOnly, tempDirPerSuite } from "../backends.js";

const readTrainingConfig = (folder: string) => JSON.parse(fs.readFileSync(path.join(folder, "model.json"), "utf8")).trainingConfig;

function classifier(): tf.LayersModel {
  const model = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(3, { kernelInitializer: "ones" })]);
  model.compile({ loss: keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), optimizer: keras.optimizers.SGD(0.1), metrics: ["accuracy"] });
  return model;
}

onCpuOnly(() => {
  let dir = "";
  tempDirPerSuite("tk-training-config-", (d) => (dir = d));
  const x = () => tf.tensor2d([[1, 0], [0, 1], [1, 1], [0.5, -1]]);
  const y = () => tf.tensor1d([0, 2, 1, 2]);

  test("a model compiled with loss \"mse\" is saved with it and trains after loadModel", async () => {
    const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(2)]);
    model.compile({ loss: "mse", optimizer: "adam", metrics: ["mae"] });
    const folder = path.join(dir, "mse");
    await model.save(folder, { includeOptimizer: true });
    assert.equal(readTrainingConfig(folder).loss, "mse");
    const loaded = await keras.models.loadModel(folder);
    const history = await loaded.fit(tf.ones([4, 1]), tf.zeros([4, 2]), { verbose: 0 });
    assert.ok(Number.isFinite(history.history.loss![0] as number));
    assert.ok("mae" in history.history);
  });

  test("a loss object keeps its options through the model folder: the loaded model's loss is the same number", async () => {
    const model = classifier();
    const folder = path.join(dir, "logits");
    await model.save(folder, { includeOptimizer: true });
    const saved = readTrainingConfig(folder).loss;
    assert.equal(saved.class_name, "SparseCategoricalCrossentropy");
    assert.equal(saved.config.from_logits, true);
    const loaded = await keras.models.loadModel(folder);
    const [a, b] = [model.evaluate(x(), y()) as tf.Scalar[], loaded.evaluate(x(), y()) as tf.Scalar[]];
    assert.ok(Math.abs(a[0]!.dataSync()[0]! - b[0]!.dataSync()[0]!) < 1e-6, "same loss on logits");
    await loaded.fit(x(), y(), { verbose: 0 });
  });

  test("the same through Keras .h5", async () => {
    const model = classifier();
    const file = path.join(dir, "logits.h5");
    await saveKerasH5(model, file);
    const loaded = await loadKerasH5(file);
    const [a, b] = [model.evaluate(x(), y()) as tf.Scalar[], loaded.evaluate(x(), y()) as tf.Scalar[]];
    assert.ok(Math.abs(a[0]!.dataSync()[0]! - b[0]!.dataSync()[0]!) < 1e-6, `same loss on logits: ${a[0]!.dataSync()[0]} vs ${b[0]!.dataSync()[0]}`);
  });

  test("per-output losses (a dict of a name and an object) round-trip", async () => {
    const input = keras.Input({ shape: [2] });
    const a = keras.layers.Dense(1, { name: "a" }).apply(input);
    const b = keras.layers.Dense(3, { name: "b" }).apply(input);
    const model = keras.Model(input, [a, b]);
    model.compile({ loss: { a: "mae", b: keras.losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }) }, optimizer: "sgd" });
    const folder = path.join(dir, "two");
    await model.save(folder, { includeOptimizer: true });
    const saved = readTrainingConfig(folder).loss;
    assert.equal(saved.a, "mae");
    assert.equal(saved.b.config.label_smoothing, 0.1);
    const loaded = await keras.models.loadModel(folder);
    const ys = [tf.zeros([4, 1]), tf.oneHot(tf.tensor1d([0, 1, 2, 0], "int32"), 3)];
    const before = model.evaluate(x(), ys) as tf.Scalar[];
    const after = loaded.evaluate(x(), ys) as tf.Scalar[];
    for (let i = 0; i < before.length; i++) assert.ok(Math.abs(before[i]!.dataSync()[0]! - after[i]!.dataSync()[0]!) < 1e-6, `output ${i}`);
  });

  test("a plain function loss has no saved form: the model loads uncompiled, with a warning naming why", async () => {
    const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(1)]);
    model.compile({ loss: (t: tf.Tensor, p: tf.Tensor) => tf.mean(tf.abs(tf.sub(t, p)), -1), optimizer: "sgd" });
    const folder = path.join(dir, "custom");
    await model.save(folder, { includeOptimizer: true });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(String(m));
    try {
      const loaded = await keras.models.loadModel(folder);
      assert.equal(loaded.optimizer, undefined);
      assert.equal(loaded.predict(tf.ones([1, 1])) instanceof tf.Tensor, true, "the model itself loaded");
    } finally {
      console.warn = warn;
    }
    assert.ok(warnings.some((w) => /uncompiled \(the loss was not saved \(a plain function has no saved form\)\)/.test(w)), warnings.join("\n"));
  });

  test("lossIdentifiers / lossFromIdentifiers: names kept, keras.losses.get functions by name, an older empty save reported", () => {
    assert.deepEqual(lossIdentifiers(["mse", keras.losses.get("mae")]), ["mse", "mean_absolute_error"]);
    assert.deepEqual(lossFromIdentifiers({}), { missing: "the file holds no loss (an older save lost it)" });
    assert.deepEqual(lossFromIdentifiers(["mse", null]), { missing: "loss[1] was not saved (a plain function has no saved form)" });
  });
});
