import { test, after, before } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { serve, type ServingHandle } from "../../../lib/serving/index.js";

/** Writes a model the way Experiment exports it: BASE/<version>/model.json + weights.bin. */
async function exportVersion(model: tf.LayersModel, base: string, version: number): Promise<void> {
  const dir = path.join(base, String(version));
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(artifacts.weightData as ArrayBuffer));
      const json = { modelTopology: artifacts.modelTopology, format: "layers-model", weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }] };
      fs.writeFileSync(path.join(dir, "model.json.tmp"), JSON.stringify(json));
      fs.renameSync(path.join(dir, "model.json.tmp"), path.join(dir, "model.json"));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
}

function denseModel(seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 3, inputShape: [4], activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }), name: "hidden" }));
  model.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: "out" }));
  return model;
}

function expected(model: tf.LayersModel, rows: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
}

async function call(url: string, method = "GET", body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

function assertClose(actual: number[][], want: number[][]): void {
  assert.equal(actual.length, want.length);
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-5, `[${i}][${j}] ${v} vs ${want[i][j]}`)));
}

let base: string;
let v1: tf.LayersModel;
let handle: ServingHandle;

before(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "serve-test-"));
  v1 = denseModel(1);
  await exportVersion(v1, base, 1);
  handle = await serve(base, { modelName: "dense", port: 0, pollIntervalMs: 50, maxBodyBytes: 64 * 1024 });
});

after(async () => {
  await handle.close();
  fs.rmSync(base, { recursive: true, force: true });
});

test("binds 127.0.0.1 by default and reports the model's status", async () => {
  assert.equal(handle.host, "127.0.0.1");
  assert.match(handle.url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/models\/dense$/);
  const { status, json } = await call(handle.url);
  assert.equal(status, 200);
  assert.deepEqual(json, { model_version_status: [{ version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }] });
  const one = await call(`${handle.url}/versions/1`);
  assert.equal(one.json.model_version_status[0].version, "1");
});

test("metadata gives the serving_default signature with names, dtypes and shapes", async () => {
  const { status, json } = await call(`${handle.url}/metadata`);
  assert.equal(status, 200);
  assert.deepEqual(json.model_spec, { name: "dense", signature_name: "", version: "1" });
  const sig = json.metadata.signature_def.signature_def.serving_default;
  assert.equal(sig.method_name, "tensorflow/serving/predict");
  const [inName] = Object.keys(sig.inputs);
  assert.equal(inName, v1.inputs[0].sourceLayer.name);
  assert.equal(sig.inputs[inName].dtype, "DT_FLOAT");
  assert.deepEqual(sig.inputs[inName].tensor_shape.dim.map((d: { size: string }) => d.size), ["-1", "4"]);
  const [outName] = Object.keys(sig.outputs);
  assert.deepEqual(sig.outputs[outName].tensor_shape.dim.map((d: { size: string }) => d.size), ["-1", "2"]);
});

test("row format: instances → predictions equal to model.predict", async () => {
  const rows = [[1, 2, 3, 4], [-1, 0.5, 2, -3]];
  const { status, json } = await call(`${handle.url}:predict`, "POST", { instances: rows });
  assert.equal(status, 200);
  assertClose(json.predictions, expected(v1, rows));
  const pinned = await call(`${handle.url}/versions/1:predict`, "POST", { signature_name: "serving_default", instances: rows });
  assertClose(pinned.json.predictions, expected(v1, rows));
});

test("columnar format: inputs → outputs, also keyed by input name", async () => {
  const rows = [[0, 1, 0, 1], [2, 2, 2, 2], [3, -1, 0, 5]];
  const plain = await call(`${handle.url}:predict`, "POST", { inputs: rows });
  assert.equal(plain.status, 200);
  assertClose(plain.json.outputs, expected(v1, rows));
  const named = await call(`${handle.url}:predict`, "POST", { inputs: { [v1.inputs[0].sourceLayer.name]: rows } });
  assertClose(named.json.outputs, expected(v1, rows));
});

test("b64 values carry raw little-endian float32 bytes", async () => {
  const row = [0.25, -1.5, 3, 7];
  const b64 = Buffer.from(new Float32Array(row).buffer).toString("base64");
  const { status, json } = await call(`${handle.url}:predict`, "POST", { instances: [{ b64 }] });
  assert.equal(status, 200, JSON.stringify(json));
  assertClose(json.predictions, expected(v1, [row]));
});

test("errors are {error} with TF-Serving's statuses", async () => {
  const cases: [string, string, unknown, number, RegExp][] = [
    [`${handle.url}:predict`, "POST", "{not json", 400, /JSON Parse error/],
    [`${handle.url}:predict`, "POST", { instances: [[1, 2, 3, 4]], inputs: [[1, 2, 3, 4]] }, 400, /both/],
    [`${handle.url}:predict`, "POST", { foo: 1 }, 400, /Missing 'inputs' or 'instances' key/],
    [`${handle.url}:predict`, "POST", { instances: [[1, 2, 3]] }, 400, /shape \[4\].*\[3\]/],
    [`${handle.url}:predict`, "POST", { instances: [[1, 2, 3, 4], [1, 2]] }, 400, /shape/],
    [`${handle.url}:predict`, "POST", { instances: [["a", 2, 3, 4]] }, 400, /not a number/],
    [`${handle.url}:predict`, "POST", { instances: [[1, 2, 3, 4]], signature_name: "other" }, 400, /signature/],
    [handle.url.replace("/dense", "/nope") + ":predict", "POST", { instances: [[1, 2, 3, 4]] }, 404, /Servable not found for request: Latest\(nope\)/],
    [handle.url.replace("/dense", "/nope"), "GET", undefined, 404, /Could not find any versions of model nope/],
    [`${handle.url}/versions/7:predict`, "POST", { instances: [[1, 2, 3, 4]] }, 404, /Specific\(dense, 7\)/],
    [`${handle.url}/versions/7/metadata`, "GET", undefined, 404, /Specific\(dense, 7\)/],
    [`${handle.url.replace("/v1/models/dense", "")}/v2/whatever`, "GET", undefined, 404, /Malformed request/],
    [`${handle.url}:predict`, "POST", { instances: Array(20000).fill([1, 2, 3, 4]) }, 413, /exceeds the limit/],
  ];
  for (const [url, method, body, status, pattern] of cases) {
    const res = await call(url, method, body);
    assert.equal(res.status, status, `${method} ${url} ${JSON.stringify(body)?.slice(0, 60)} → ${JSON.stringify(res.json).slice(0, 200)}`);
    assert.equal(typeof res.json.error, "string");
    assert.match(res.json.error, pattern);
  }
  // The server is still up after every error.
  assert.equal((await call(handle.url)).status, 200);
});

test("a concurrent burst of 200 requests: none lost or mixed up", async () => {
  const n = 200;
  const rows = Array.from({ length: n }, (_, i) => [i, -i / 10, (i % 7) - 3, 1]);
  const want = expected(v1, rows);
  const results = await Promise.all(rows.map((row) => call(`${handle.url}:predict`, "POST", { instances: [row] })));
  results.forEach((r, i) => {
    assert.equal(r.status, 200);
    assertClose(r.json.predictions, [want[i]]);
  });
});

test("a newly exported version is served without a restart", async () => {
  const v2 = denseModel(42);
  await exportVersion(v2, base, 2);
  const deadline = Date.now() + 10_000;
  let status;
  do {
    await new Promise((r) => setTimeout(r, 50));
    status = await call(handle.url);
  } while (status.json.model_version_status.length < 2 && Date.now() < deadline);
  assert.deepEqual(status.json.model_version_status.map((s: { version: string }) => s.version), ["2", "1"]);
  const rows = [[1, 2, 3, 4]];
  assertClose((await call(`${handle.url}:predict`, "POST", { instances: rows })).json.predictions, expected(v2, rows));
  assertClose((await call(`${handle.url}/versions/1:predict`, "POST", { instances: rows })).json.predictions, expected(v1, rows));
  assert.equal((await call(`${handle.url}/metadata`)).json.model_spec.version, "2");
  v2.dispose();
});

test("multi-input, multi-output models take inputs and give outputs by name", async () => {
  const a = tf.input({ shape: [2], name: "a" });
  const b = tf.input({ shape: [3], name: "b" });
  const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
  const sum = tf.layers.dense({ units: 1, name: "sum", kernelInitializer: "ones", useBias: false }).apply(joined) as tf.SymbolicTensor;
  const twice = tf.layers.dense({ units: 2, name: "pair", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [a, b], outputs: [sum, twice] });
  const h = await serve(model, { modelName: "multi", port: 0 });
  try {
    const row = await call(`${h.url}:predict`, "POST", { instances: [{ a: [1, 2], b: [3, 4, 5] }, { a: [0, 0], b: [1, 1, 1] }] });
    assert.equal(row.status, 200, JSON.stringify(row.json));
    assert.deepEqual(row.json.predictions.map((p: { sum: number[] }) => p.sum), [[15], [3]]);
    assert.equal(row.json.predictions[0].pair.length, 2);
    const col = await call(`${h.url}:predict`, "POST", { inputs: { a: [[1, 2]], b: [[3, 4, 5]] } });
    assert.deepEqual(col.json.outputs.sum, [[15]]);
    const missing = await call(`${h.url}:predict`, "POST", { instances: [{ a: [1, 2] }] });
    assert.equal(missing.status, 400);
    assert.match(missing.json.error, /missing input 'b'/);
    const meta = await call(`${h.url}/metadata`);
    assert.deepEqual(Object.keys(meta.json.metadata.signature_def.signature_def.serving_default.inputs), ["a", "b"]);
  } finally {
    await h.close();
  }
  model.dispose();
});

test("serve validates its arguments", async () => {
  await assert.rejects(serve(path.join(base, "missing"), { port: 0 }), /is not a folder/);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "serve-empty-"));
  await assert.rejects(serve(empty, { port: 0 }), /no servable version/);
  fs.rmSync(empty, { recursive: true });
  await assert.rejects(serve(v1, { port: 70000 }), /port must be/);
  await assert.rejects(serve(v1, { modelName: "a/b" }), /modelName/);
});
