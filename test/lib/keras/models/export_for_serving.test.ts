import { test, beforeEach, afterEach } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { exportForServing } from "../../../../lib/keras/models/export_for_serving.js";
import { loadModelDir } from "../../../../lib/serving/load_model_dir.js";
import { serve } from "../../../../lib/serving/index.js";

function denseModel(seed: number): tf.LayersModel {
  const inputs = keras.Input({ shape: [4] });
  const hidden = keras.layers.Dense(3, { activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(inputs);
  const outputs = keras.layers.Dense(2, { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden);
  const model = keras.Model({ inputs, outputs });
  model.compile({ optimizer: "adam", loss: "mse" });
  return model;
}

const rows = [[0.1, -0.2, 0.3, 0.4], [1, 2, -3, 0.5]];

function predicted(model: tf.LayersModel): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
}

function assertClose(actual: number[][], want: number[][]): void {
  assert.equal(actual.length, want.length);
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-6, `[${i}][${j}] ${v} vs ${want[i][j]}`)));
}

let base: string;
beforeEach(() => {
  base = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "export-serving-")), "models", "dense");
});
afterEach(() => fs.rmSync(path.dirname(path.dirname(base)), { recursive: true, force: true }));

test("writes basePath/<version>/ (model.json + weights.bin), which the server loads and serves with model.predict's numbers", async () => {
  const model = denseModel(1);
  const exported = await exportForServing(model, base, { version: 3 });
  assert.deepEqual(exported, { version: 3, path: path.join(path.resolve(base), "3") });
  assert.deepEqual(fs.readdirSync(base), ["3"], "nothing but the version folder is left in the base path");
  assert.deepEqual(fs.readdirSync(exported.path).sort(), ["model.json", "weights.bin"]);
  const json = JSON.parse(fs.readFileSync(path.join(exported.path, "model.json"), "utf8"));
  assert.equal(json.format, "layers-model");
  assert.deepEqual(json.weightsManifest[0].paths, ["./weights.bin"]);
  assert.ok(json.weightsManifest[0].weights.every((w: { group?: string }) => w.group !== "optimizer"), "no optimizer state");

  const loaded = await loadModelDir(exported.path);
  assertClose(predicted(loaded), predicted(model));
  loaded.dispose();

  const server = await serve(base, { modelName: "dense", port: 0, pollIntervalMs: 0 });
  try {
    const res = await fetch(`${server.url}:predict`, { method: "POST", body: JSON.stringify({ instances: rows }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { predictions: number[][] };
    assertClose(body.predictions, predicted(model));
    const status = (await (await fetch(server.url)).json()) as { model_version_status: { version: string }[] };
    assert.deepEqual(status.model_version_status.map((s) => s.version), ["3"]);
  } finally {
    await server.close();
  }
});

test("the default version is one more than the highest numbered folder, or 1; the server then serves the newest", async () => {
  const first = denseModel(1);
  const second = denseModel(7);
  assert.equal((await exportForServing(first, base)).version, 1);
  assert.equal((await keras.models.exportForServing(second, base)).version, 2);
  fs.mkdirSync(path.join(base, "10"));
  fs.mkdirSync(path.join(base, "not-a-version"));
  fs.writeFileSync(path.join(base, "99"), "a file, not a version folder");
  assert.equal((await exportForServing(first, base)).version, 11);
  fs.rmSync(path.join(base, "10"), { recursive: true });
  fs.rmSync(path.join(base, "11"), { recursive: true });
  const server = await serve(base, { port: 0, pollIntervalMs: 0 });
  try {
    const body = (await (await fetch(`${server.url}:predict`, { method: "POST", body: JSON.stringify({ instances: rows }) })).json()) as { predictions: number[][] };
    assertClose(body.predictions, predicted(second));
  } finally {
    await server.close();
  }
});

test("an existing version is refused, naming its folder, and left as it was", async () => {
  const model = denseModel(1);
  const { path: dir } = await exportForServing(model, base, { version: 1 });
  const before = fs.readFileSync(path.join(dir, "weights.bin"));
  await assert.rejects(exportForServing(denseModel(5), base, { version: 1 }), (e: Error) => {
    assert.match(e.message, /^exportForServing: version 1 already exists at /);
    assert.ok(e.message.includes(dir), e.message);
    return true;
  });
  // An empty folder of that number counts too (renameSync would silently replace it).
  fs.mkdirSync(path.join(base, "2"));
  await assert.rejects(exportForServing(model, base, { version: 2 }), /version 2 already exists/);
  assert.deepEqual(fs.readFileSync(path.join(dir, "weights.bin")), before);
  assert.deepEqual(fs.readdirSync(base).sort(), ["1", "2"]);
});

test("bad arguments throw errors naming the argument", async () => {
  const model = denseModel(1);
  await assert.rejects(exportForServing({} as tf.LayersModel, base), /exportForServing: `model` must be a Keras model.*got an object \(Object\)/);
  await assert.rejects(exportForServing(tf.zeros([1]) as unknown as tf.LayersModel, base), /`model` must be a Keras model/);
  await assert.rejects(exportForServing(model, 42 as unknown as string), /exportForServing: `basePath` must be .*got 42/);
  await assert.rejects(exportForServing(model, ""), /`basePath` must be/);
  for (const version of [0, -1, 1.5, NaN, Infinity, "2"]) {
    await assert.rejects(exportForServing(model, base, { version: version as number }), /exportForServing: `version` must be a positive integer/, String(version));
  }
  await assert.rejects(exportForServing(model, base, { verison: 2 } as never), /unknown option\(s\) `verison`/);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  fs.writeFileSync(base, "");
  await assert.rejects(exportForServing(model, base), /basePath .* exists and is not a folder/);
  fs.rmSync(base);
  assert.ok(!fs.existsSync(base), "nothing was written");
});

test("a failure part-way (the save throws after writing its files) leaves no version folder and no temporary folder", async () => {
  const model = denseModel(1);
  await exportForServing(model, base, { version: 1 });
  const save = model.save.bind(model);
  model.save = (async (handler: tf.io.IOHandler, config?: tf.io.SaveConfig) => {
    await save(handler, config);
    assert.ok(fs.readdirSync(base).some((n) => n.startsWith(".")), "the files go to a temporary folder first");
    throw new Error("disk full");
  }) as typeof model.save;
  await assert.rejects(exportForServing(model, base), /disk full/);
  model.save = (async () => {
    throw new Error("cannot read weights");
  }) as typeof model.save;
  await assert.rejects(exportForServing(model, base, { version: 5 }), /cannot read weights/);
  assert.deepEqual(fs.readdirSync(base), ["1"]);
});
