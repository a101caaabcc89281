import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { Experiment, exportModel } from "../../../lib/train/experiment.js";
import { readSavedWeights } from "../../../lib/train/model_files.js";
import { loadModelDir } from "../../../lib/serving/load_model_dir.js";
import { pandasInputFn } from "../../../lib/data/pandas_input_fn.js";
import { makeExperiment, makeFrame, makeModel } from "./experiment_child.js";

const child = path.join(__dirname, "experiment_child.js");
const made: string[] = [];
const tmpDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "experiment-"));
  made.push(dir);
  return dir;
};
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});
const state = (dir: string): { modelCheckpointPath: string; allModelCheckpointPaths: string[]; globalStep: number } =>
  JSON.parse(fs.readFileSync(path.join(dir, "checkpoint"), "utf8"));

test("train counts steps globally, checkpoints atomically and does nothing once trainSteps is reached", async () => {
  const dir = tmpDir();
  const experiment = makeExperiment(dir, 12);
  assert.equal(await experiment.train(), 12);
  const s = state(dir);
  assert.equal(s.globalStep, 12);
  assert.equal(s.modelCheckpointPath, "ckpt-12");
  assert.deepEqual(s.allModelCheckpointPaths, ["ckpt-5", "ckpt-10", "ckpt-12"]);
  assert.ok(fs.existsSync(path.join(dir, "ckpt-12", "model.json")) && fs.existsSync(path.join(dir, "ckpt-12", "weights.bin")));
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith(".tmp-")), []);
  const saved = await readSavedWeights(path.join(dir, "ckpt-12"));
  assert.ok(saved.optimizer.length > 0, "optimizer state is checkpointed");
  const current = experiment.model.getWeights();
  saved.model.forEach((w, i) => assert.deepEqual(Array.from(w.tensor.dataSync()), Array.from(current[i].dataSync())));
  const before = experiment.model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(await experiment.train(), 12);
  assert.deepEqual(experiment.model.getWeights().map((w) => Array.from(w.dataSync())), before);
});

test("a train input that runs out ends training early, as TF's OutOfRange does", async () => {
  const dir = tmpDir();
  const df = makeFrame();
  const experiment = new Experiment(makeModel(), {
    trainInputFn: pandasInputFn(df, undefined, { batchSize: 128, shuffle: true, numEpochs: 1, targetColumn: "label", concatFeatures: true }),
    evalInputFn: pandasInputFn(df, undefined, { batchSize: 128, shuffle: false, targetColumn: "label", concatFeatures: true }),
    trainSteps: 100,
    modelDir: dir,
  });
  assert.equal(await experiment.train(), 4);
  assert.equal(state(dir).globalStep, 4);
});

test("evaluate keeps metrics per checkpoint; trainAndEvaluate evaluates every minEvalFrequency and exports the best", async () => {
  const dir = tmpDir();
  const df = makeFrame();
  const experiment = new Experiment(makeModel(), {
    trainInputFn: pandasInputFn(df, undefined, { batchSize: 32, shuffle: true, numEpochs: null, targetColumn: "label", concatFeatures: true, seed: 5 }),
    evalInputFn: pandasInputFn(df, undefined, { batchSize: 128, shuffle: false, targetColumn: "label", concatFeatures: true }),
    trainSteps: 60,
    evalSteps: null,
    minEvalFrequency: 20,
    modelDir: dir,
    exportBest: true,
  });
  const { evalResult, exportDir } = await experiment.trainAndEvaluate();
  assert.equal(evalResult.globalStep, 60);
  assert.equal(evalResult.checkpoint, "ckpt-60");
  assert.deepEqual(Object.keys(evalResult.metrics), ["loss", "acc"]);
  assert.deepEqual(fs.readdirSync(path.join(dir, "eval")).sort(), ["ckpt-20.json", "ckpt-40.json", "ckpt-60.json"]);
  const at20 = JSON.parse(fs.readFileSync(path.join(dir, "eval", "ckpt-20.json"), "utf8"));
  assert.equal(at20.globalStep, 20);
  assert.ok(at20.metrics.loss > evalResult.metrics.loss, "loss fell from step 20 to 60");
  // Full eval over the 512 rows: the metrics equal model.evaluate on the whole data.
  const all = await experiment.model.evaluateDataset(
    pandasInputFn(df, undefined, { batchSize: 512, shuffle: false, targetColumn: "label", concatFeatures: true })(),
    {},
  ) as tf.Scalar[];
  assert.ok(Math.abs(all[0].dataSync()[0] - evalResult.metrics.loss) < 1e-5);
  const versions = fs.readdirSync(path.join(dir, "export")).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  assert.ok(versions.length >= 1 && versions[versions.length - 1] === 60, `versions ${versions}`);
  assert.equal(exportDir, path.join(dir, "export", "60"));
  const served = await loadModelDir(exportDir as string);
  const probe = tf.tensor2d([[0.3, -0.2]]);
  assert.ok(Math.abs((served.predict(probe) as tf.Tensor).dataSync()[0] - (experiment.model.predict(probe) as tf.Tensor).dataSync()[0]) < 1e-6);
});

test("exportModel writes a numbered version folder", async () => {
  const base = path.join(tmpDir(), "export");
  const dir = await exportModel(makeModel(), base, 7);
  assert.equal(dir, path.join(base, "7"));
  assert.deepEqual(fs.readdirSync(dir).sort(), ["model.json", "weights.bin"]);
  assert.deepEqual(fs.readdirSync(base), ["7"], "only version folders: no temp leftovers, no side files");
  await assert.rejects(exportModel(makeModel(), base, -1), /version must be a non-negative integer/);
});

test("bad arguments name the argument", () => {
  const model = makeModel();
  const fn = pandasInputFn(makeFrame(), undefined, { shuffle: false, targetColumn: "label", concatFeatures: true });
  assert.throws(() => new Experiment({} as tf.LayersModel, { trainInputFn: fn, evalInputFn: fn, modelDir: "m" }), /model must be a tf.LayersModel/);
  assert.throws(() => new Experiment(model, { trainInputFn: fn, evalInputFn: fn, modelDir: "" }), /modelDir must be a non-empty string/);
  assert.throws(() => new Experiment(model, { trainInputFn: 3 as unknown as typeof fn, evalInputFn: fn, modelDir: "m" }), /trainInputFn must be a function/);
  assert.throws(() => new Experiment(model, { trainInputFn: fn, evalInputFn: fn, modelDir: "m", trainSteps: 1.5 }), /trainSteps must be a positive integer/);
  assert.throws(() => new Experiment(model, { trainInputFn: fn, evalInputFn: fn, modelDir: "m", minEvalFrequency: 0 }), /minEvalFrequency must be a positive integer/);
});

test("a checkpoint of another architecture is refused, naming the checkpoint", async () => {
  const dir = tmpDir();
  await makeExperiment(dir, 5).train();
  const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
  other.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  await assert.rejects(makeExperiment(dir, 10, other).train(), /ckpt-5 holds 4 weights but the model has 2/);
});

function runChild(args: string[]): { globalStep: number; weights: number[][] } {
  const out = execFileSync(process.execPath, [child, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

test("resume after a killed process: same global step, same weights, training goes on from there", async () => {
  const dir = tmpDir();
  const proc = spawn(process.execPath, [child, dir, "100000", "train"], { stdio: "ignore" });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on("exit", (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    let step = -1;
    try {
      step = state(dir).globalStep;
    } catch {
      // not written yet
    }
    if (step >= 15) break;
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill("SIGKILL");
      throw new Error("the training child never reached step 15");
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  proc.kill("SIGKILL");
  assert.equal(await exited, "SIGKILL");

  const s = state(dir);
  assert.ok(s.globalStep >= 15 && s.globalStep % 5 === 0);
  const saved = await readSavedWeights(path.join(dir, s.modelCheckpointPath));
  const inspected = runChild([dir, "1", "inspect"]);
  assert.equal(inspected.globalStep, s.globalStep);
  assert.deepEqual(inspected.weights, saved.model.map((w) => Array.from(w.tensor.dataSync())));

  const target = s.globalStep + 7;
  const resumed = runChild([dir, String(target), "train"]);
  assert.equal(resumed.globalStep, target);
  assert.equal(state(dir).globalStep, target);
  assert.notDeepEqual(resumed.weights, inspected.weights, "training continued from the checkpoint");
});
