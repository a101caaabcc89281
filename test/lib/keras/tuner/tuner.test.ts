import { test } from "node:test";
import * as assert from "node:assert/strict";
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { GridSearch, HyperParameters, Hyperband, Objective, RandomSearch } from "../../../../lib/keras/tuner/index.js";
import { buildModel, makeData, randomSearch } from "./search_fixture.js";

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tuner-test-"));
}

test("RandomSearch: the best trial is the one with the best objective, and its model reproduces that score", async () => {
  const dir = tmpdir();
  try {
    const { x, y, xVal, yVal } = makeData();
    const tuner = randomSearch(dir);
    await tuner.search(x, y, { epochs: 5, validationData: [xVal, yVal], verbose: 0 });
    const trials = tuner.trials;
    assert.equal(trials.length, 4);
    assert.ok(trials.every((t) => t.status === "COMPLETED"));
    const minLoss = Math.min(...trials.map((t) => t.score!));
    const [best] = tuner.bestTrials(1);
    assert.equal(best.score, minLoss);
    assert.deepEqual(tuner.getBestHyperparameters(1)[0].values, best.hyperparameters);
    // Distinct draws inside the declared ranges.
    assert.equal(new Set(trials.map((t) => JSON.stringify(t.hyperparameters))).size, 4);
    for (const t of trials) {
      const { units, activation, learning_rate: lr } = t.hyperparameters as { units: number; activation: string; learning_rate: number };
      assert.ok(units >= 2 && units <= 16 && units % 2 === 0);
      assert.ok(activation === "relu" || activation === "tanh");
      assert.ok(lr >= 1e-3 && lr <= 1e-1);
    }
    // The best model carries the weights of the best epoch: evaluating it gives the trial's score.
    const [model] = await tuner.getBestModels(1);
    const loss = (model.evaluate(xVal, yVal) as tf.Scalar[])[0].dataSync()[0];
    assert.ok(Math.abs(loss - best.score!) < 1e-4, `${loss} vs ${best.score}`);
    // The table and the plot cover every trial.
    const table = tuner.summaryBundle();
    assert.match(table["text/plain"] as string, /4 trials completed/);
    assert.match(table["text/html"] as string, new RegExp(`<td>${best.trialId}</td>`));
    const figure = tuner.plotTrials();
    const dims = (figure.data[0] as { dimensions: { label: string; values: number[] }[] }).dimensions;
    assert.deepEqual(dims.map((d) => d.label), ["units", "activation", "learning_rate", "val_loss"]);
    assert.equal(dims[3].values.length, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an interrupted search resumes where it stopped and proposes what the uninterrupted one would", async () => {
  const dir = tmpdir();
  const reference = tmpdir();
  try {
    const child = fork(path.join(__dirname, "search_fixture.js"), ["--child", dir], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before the third trial`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const { x, y, xVal, yVal } = makeData();
    let builds = 0;
    const counting = (hp: HyperParameters) => {
      builds++;
      return buildModel(hp);
    };
    const resumed = randomSearch(dir, counting);
    const before = resumed.trials;
    assert.deepEqual(before.map((t) => t.status), ["COMPLETED", "COMPLETED", "RUNNING"]);
    await resumed.search(x, y, { epochs: 5, validationData: [xVal, yVal], verbose: 0 });
    assert.equal(builds, 2, "only the interrupted trial and the last one are built (the space came from oracle.json)");
    const after = resumed.trials;
    assert.equal(after.length, 4);
    assert.ok(after.every((t) => t.status === "COMPLETED"));
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2), "completed trials are kept as they were");

    const uninterrupted = randomSearch(reference);
    await uninterrupted.search(x, y, { epochs: 5, validationData: [xVal, yVal], verbose: 0 });
    assert.deepEqual(after.map((t) => t.hyperparameters), uninterrupted.trials.map((t) => t.hyperparameters));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(reference, { recursive: true, force: true });
  }
});

test("GridSearch covers the grid in order; Hyperband promotes the best of each round", async () => {
  const dir = tmpdir();
  try {
    const { x, y, xVal, yVal } = makeData();
    const build = (hp: HyperParameters) => {
      const units = hp.Choice("units", [2, 8]);
      const relu = hp.Boolean("relu");
      const model = tf.sequential();
      model.add(tf.layers.dense({ units, activation: relu ? "relu" : "tanh", inputShape: [2] }));
      model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
      model.compile({ optimizer: tf.train.adam(0.05), loss: "binaryCrossentropy", metrics: ["accuracy"] });
      return model;
    };
    const grid = new GridSearch(build, { objective: new Objective("val_accuracy", "max"), directory: dir, projectName: "grid" });
    await grid.search(x, y, { epochs: 2, validationData: [xVal, yVal], verbose: 0 });
    assert.deepEqual(grid.trials.map((t) => [t.hyperparameters.units, t.hyperparameters.relu]), [[2, false], [2, true], [8, false], [8, true]]);

    const hb = new Hyperband(build, { objective: "val_loss", maxEpochs: 3, factor: 3, directory: dir, projectName: "hb", seed: 1 });
    await hb.search(x, y, { validationData: [xVal, yVal], verbose: 0 });
    const trials = hb.trials;
    // s_max = 1: bracket 1 has 3 configs at 1 epoch then the best 1 at 3 epochs; bracket 0 has 2 configs at 3 epochs.
    assert.deepEqual(trials.map((t) => [t.schedule!.bracket, t.schedule!.round, t.schedule!.epochs]), [[1, 0, 1], [1, 0, 1], [1, 0, 1], [1, 1, 3], [0, 0, 3], [0, 0, 3]]);
    const round0 = trials.slice(0, 3);
    const bestOfRound0 = round0.reduce((a, b) => (b.score! < a.score! ? b : a));
    assert.equal(trials[3].schedule!.parentId, bestOfRound0.trialId);
    assert.deepEqual(trials[3].hyperparameters, bestOfRound0.hyperparameters);
    assert.equal(trials[3].schedule!.initialEpoch, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("HyperParameters validate arguments and sample within range", () => {
  const hp = new HyperParameters();
  assert.throws(() => hp.Int("n", 5, 1), /minValue/);
  assert.throws(() => hp.Float("lr", 0, 1, { sampling: "log" }), /log sampling needs minValue > 0/);
  assert.throws(() => hp.Choice("c", []), /non-empty/);
  assert.equal(hp.Int("n", 1, 4), 1);
  assert.equal(hp.Boolean("b", { default: true }), true);
  assert.throws(() => hp.get("missing"), /not defined/);
  assert.throws(() => new RandomSearch(buildModel, { objective: "val_loss", maxTrials: 0 }), /maxTrials/);
});
