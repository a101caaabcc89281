import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { h5wasmLoaded, loadH5wasm, loadKerasH5Weights, readKerasH5Weights } from "../../../../lib/keras/applications/keras_h5_weights.js";
import { assertWeightsMatch, makeTempDir, writeKerasH5 } from "./fixtures.js";

let dir: string;
before(() => {
  dir = makeTempDir("h5");
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The model the script's "small_*" modes describe, with names unlike the file's, so loading goes by position. */
function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: "pixels" });
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, name: "features" }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: "norm" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "flat" }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, name: "scores" }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

test("reading before h5wasm is loaded says how to load it", () => {
  assert.equal(h5wasmLoaded(), false);
  assert.throws(() => readKerasH5Weights(path.join(dir, "any.h5")), /needs h5wasm.*await keras\.applications\.loadH5wasm\(\)/);
});

test("a Keras 2 whole-model file loads by position, chunked layer_names included", async () => {
  await loadH5wasm();
  const file = path.join(dir, "small_keras2.h5");
  const manifest = writeKerasH5("small_keras2", file);
  const saved = readKerasH5Weights(file);
  assert.deepEqual(
    saved.map((l) => l.layerName),
    ["conv2d_1", "batch_normalization_1", "dense_1"],
  );
  assert.deepEqual(saved[1]!.weightNames, [
    "batch_normalization_1/gamma:0",
    "batch_normalization_1/beta:0",
    "batch_normalization_1/moving_mean:0",
    "batch_normalization_1/moving_variance:0",
  ]);
  const model = smallModel();
  try {
    loadKerasH5Weights(model, file);
    assert.equal(assertWeightsMatch(model.layers.filter((l) => l.weights.length > 0), manifest), 8);
  } finally {
    model.dispose();
  }
});

test("mismatched files fail with Keras's errors and leave the model unchanged", () => {
  const model = smallModel();
  try {
    const before = model.getLayer("features").getWeights()[0]!.dataSync().slice();
    const badShape = path.join(dir, "small_bad_shape.h5");
    writeKerasH5("small_bad_shape", badShape);
    assert.throws(
      () => loadKerasH5Weights(model, badShape),
      /Shape mismatch in layer #2 \(named scores\) for weight .*expects shape \[144, 5\].*dense_1\/dense_1\/kernel:0 with shape \[144, 7\]/,
    );
    assert.deepEqual(model.getLayer("features").getWeights()[0]!.dataSync(), before);

    const tooFew = path.join(dir, "small_too_few.h5");
    writeKerasH5("small_too_few", tooFew);
    assert.throws(() => loadKerasH5Weights(model, tooFew), /Layer count mismatch .* expected 3 layers with weights, found 2 saved layers/);

    const keras3 = path.join(dir, "keras3_format.h5");
    writeKerasH5("keras3_format", keras3);
    assert.throws(() => loadKerasH5Weights(model, keras3), /not a Keras HDF5 weights file: it has no "layer_names" attribute/);

    const notHdf5 = path.join(dir, "notes.h5");
    fs.writeFileSync(notHdf5, "these are not weights\n");
    assert.throws(() => loadKerasH5Weights(model, notHdf5), /is not an HDF5 file/);

    const truncated = path.join(dir, "truncated.h5");
    fs.writeFileSync(truncated, fs.readFileSync(badShape).subarray(0, 1500));
    assert.throws(() => loadKerasH5Weights(model, truncated), /HDF5 file|not a Keras HDF5 weights file/);

    assert.throws(() => loadKerasH5Weights(model, path.join(dir, "missing.h5")), /Keras weights file not found/);
  } finally {
    model.dispose();
  }
});
