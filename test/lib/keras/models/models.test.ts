import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

let dir: string;

function classifier() {
  const inputs = keras.Input({ shape: [4], name: "features" });
  const hidden = keras.layers.Dense(8, { activation: "relu" }).apply(inputs);
  const outputs = keras.layers.Dense(3).apply(hidden);
  return keras.Model({ inputs, outputs, name: "classifier" });
}

const xs = tf.randomNormal([32, 4], 0, 1, "float32", 1);
const labels = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), "int32");

onBackends(() => {
  tempDirPerSuite("keras-models-", (d) => (dir = d));

  test("compile by Keras names; fit with integer labels of shape [batch]; loss falls; accuracy named as Keras", async () => {
    const model = classifier();
    model.compile({ optimizer: keras.optimizers.Adam({ learningRate: 0.05 }), loss: keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
    const history = await model.fit(xs, labels, { epochs: 8, batchSize: 8, verbose: 0, validationSplit: 0.25, shuffle: true });
    const loss = history.history.loss as number[];
    assert.ok(loss[loss.length - 1] < loss[0], `loss should fall: ${loss}`);
    assert.ok("accuracy" in history.history && "val_accuracy" in history.history, Object.keys(history.history).join(","));
    const [evalLoss] = model.evaluate(xs, labels, { verbose: 0 }) as tf.Scalar[];
    assert.ok(Number.isFinite(evalLoss.dataSync()[0]));
    const byName = classifier();
    byName.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["acc"] });
    await byName.fit(xs, labels, { epochs: 1, verbose: 0 });
    assert.throws(() => byName.compile({ optimizer: "adam", loss: "crossentropy" as any }), /compile: `loss` must be a loss object .*got "crossentropy"/);
    assert.throws(() => byName.compile({ optimizer: "adam", loss: "mse", metric: ["mae"] } as any), /compile: unknown argument `metric`/);
  });

  test("fit takes dicts by input name, classWeight, initialEpoch and validationData (multi-input, multi-output)", async () => {
    const a = keras.Input({ shape: [2], name: "a" });
    const b = keras.Input({ shape: [3], name: "b" });
    const shared = keras.layers.Dense(4, { activation: "tanh" });
    const merged = keras.layers.concatenate([shared.apply(keras.layers.Dense(2).apply(a)), shared.apply(keras.layers.Dense(2).apply(b))]);
    const cls = keras.layers.Dense(2, { name: "cls" }).apply(merged);
    const reg = keras.layers.Dense(1, { name: "reg" }).apply(merged);
    const model = keras.Model([a, b], [cls, reg] as tf.SymbolicTensor[]);
    model.compile({ optimizer: "adam", loss: { cls: "sparse_categorical_crossentropy", reg: "mse" } as any });
    const x = { a: tf.randomNormal([8, 2]), b: tf.randomNormal([8, 3]) };
    const y = { cls: tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], "int32"), reg: tf.randomNormal([8, 1]) };
    const history = await model.fit(x as any, y as any, { epochs: 3, initialEpoch: 1, verbose: 0, validationData: [x, y] as any });
    assert.deepEqual(history.epoch, [1, 2]);
    assert.ok("val_loss" in history.history);
    const single = classifier();
    // classifier() ends in logits: with from_logits false a loss could take the log of a negative "probability".
    single.compile({ optimizer: "adam", loss: keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const h = await single.fit(xs, labels, { epochs: 1, verbose: 0, classWeight: { 0: 1, 1: 5, 2: 1 } });
    assert.ok(Number.isFinite((h.history.loss as number[])[0]));
  });

  test("save → loadModel gives identical predictions; files are complete; corrupt files fail clearly", async () => {
    const model = classifier();
    model.compile({ optimizer: "adam", loss: keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const target = path.join(dir, "clf");
    await model.save(target);
    assert.deepEqual(fs.readdirSync(target).sort(), ["model.json", "weights.bin"]);
    const loaded = await keras.models.loadModel(target);
    const diff = tf.max(tf.abs(tf.sub(model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor))).dataSync()[0];
    assert.equal(diff, 0);
    const fromJson = await keras.models.modelFromJSON(model.toJSON(null, true) as string);
    assert.deepEqual(fromJson.outputs[0].shape, [null, 3]);
    fs.writeFileSync(path.join(target, "weights.bin"), Buffer.alloc(10));
    await assert.rejects(keras.models.loadModel(target), /weights.bin holds 10 bytes but the model's weights need/);
    await assert.rejects(keras.models.loadModel(path.join(dir, "missing")), /model.json does not exist/);
    const weightsDir = path.join(dir, "w");
    await model.saveWeights(weightsDir);
    const fresh = classifier();
    (fresh as any).loadWeights(weightsDir);
    assert.equal(tf.max(tf.abs(tf.sub(model.predict(xs) as tf.Tensor, fresh.predict(xs) as tf.Tensor))).dataSync()[0], 0);
  });

  test("a model built with plain tf.model gets the same Keras behaviour", async () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor });
    model.compile({ optimizer: keras.optimizers.AdamW(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] } as any);
    const h = await model.fit(xs, labels, { epochs: 1, verbose: 0 });
    assert.ok("accuracy" in h.history);
    const lines: string[] = [];
    model.summary(undefined, undefined, (l: string) => lines.push(l));
    // Keras 3 counts a built optimizer into the total: 15 weights + AdamW's m, v, iterations, learning rate.
    assert.match(lines.join("\n"), /Total params: 47 \(.*\n Trainable params: 15 \(.*\n Non-trainable params: 0 \(.*\n Optimizer params: 32 \(/);
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("Model and Sequential are tf.LayersModel instances with Keras names", () => {
    const model = classifier();
    assert.ok(model instanceof tf.LayersModel);
    assert.equal(model.name, "classifier");
    const seq = keras.Sequential([keras.layers.Dense(2, { inputShape: [3] })]);
    assert.ok(seq instanceof tf.LayersModel);
    assert.match(seq.name, /^sequential(_\d+)?$/);
    assert.throws(() => keras.Model([tf.ones([1])] as any, keras.Input({ shape: [1] })), /`inputs`\[0\] must be a symbolic tensor/);
  });

  test("trainable = false on a nested model moves its weights to non-trainable and the summary counts them", () => {
    const inner = classifier();
    inner.trainable = false;
    const input = keras.Input({ shape: [4] });
    const outer = keras.Model(input, keras.layers.Dense(1).apply(inner.apply(input)));
    assert.equal(outer.trainableWeights.length, 2);
    const lines: string[] = [];
    outer.summary({ printFn: (l: string) => lines.push(l) });
    const text = lines.join("\n");
    assert.match(text, /Model: "functional(_\d+)?"/);
    assert.match(text, /Layer \(type\)/);
    assert.match(text, / Total params: 71 \(284\.00 B\)/);
    assert.match(text, / Trainable params: 4 \(16\.00 B\)/);
    assert.match(text, / Non-trainable params: 67 \(268\.00 B\)/);
  });
});
