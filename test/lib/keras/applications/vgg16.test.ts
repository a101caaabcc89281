import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { VGG16, preprocessInput } from "../../../../lib/keras/applications/vgg16.js";
import { loadH5wasm } from "../../../../lib/keras/applications/keras_h5_weights.js";
import { assertWeightsMatch, makeTempDir, ManifestEntry, writeKerasH5 } from "./fixtures.js";

let kerasHome: string;
let weightsFile: string;
let manifest: ManifestEntry[];

before(async () => {
  await loadH5wasm();
  kerasHome = makeTempDir("keras-home");
  process.env["KERAS_HOME"] = kerasHome;
  fs.mkdirSync(path.join(kerasHome, "models"));
  // Written straight into the Keras cache under Keras's file name, so the same file serves the
  // path test and the "imagenet" test.
  weightsFile = path.join(kerasHome, "models", "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
  manifest = writeKerasH5("vgg16_notop", weightsFile);
});
after(() => {
  delete process.env["KERAS_HOME"];
  fs.rmSync(kerasHome, { recursive: true, force: true });
});

test("VGG16 loads a Keras .h5 weights file given by path", () => {
  const model = VGG16({ weights: weightsFile, includeTop: false, inputShape: [32, 32, 3] });
  try {
    assert.equal(assertWeightsMatch(model.layers.filter((l) => l.weights.length > 0), manifest), 26);
    assert.deepEqual(
      model.layers.filter((l) => l.weights.length > 0).map((l) => l.name),
      [...new Set(manifest.map((m) => m.layer))],
    );
  } finally {
    model.dispose();
  }
});

test('weights "imagenet" loads Keras\'s cache file, or says which file to put where', () => {
  const model = VGG16({ includeTop: false, pooling: "avg" });
  try {
    assert.deepEqual(model.outputs[0]!.shape, [null, 512]);
    assertWeightsMatch(model.layers.filter((l) => l.weights.length > 0), manifest);
  } finally {
    model.dispose();
  }
  const expected = path.join(kerasHome, "models", "vgg16_weights_tf_dim_ordering_tf_kernels.h5");
  assert.throws(
    () => VGG16({ includeTop: true }),
    (err: Error) =>
      err.message.includes("vgg16_weights_tf_dim_ordering_tf_kernels.h5") && err.message.includes(`Put it at ${expected}`),
  );
});

test("VGG16 rejects weights that are neither null, imagenet nor an existing file, and non-softmax tops with weights", () => {
  assert.throws(() => VGG16({ weights: path.join(kerasHome, "nope.h5") }), /weights must be null .*received weights=".*nope\.h5" \(no such file\)/);
  assert.throws(() => VGG16({ weights: 3 as unknown as string }), /received weights=3\./);
  assert.throws(
    () => VGG16({ weights: weightsFile, classifierActivation: "relu" }),
    /classifierActivation must be "softmax" or null; received classifierActivation="relu"/,
  );
  assert.throws(() => VGG16({ weights: null, inputShape: [31, 64, 3], includeTop: false }), /at least 32x32/);
});

test("VGG16 with weights null: random init, Keras's top, classes", () => {
  const model = VGG16({ weights: null, includeTop: false, inputShape: [64, 48, 3] });
  try {
    assert.deepEqual(model.outputs[0]!.shape, [null, 2, 1, 512]);
    const kernel = model.getLayer("block1_conv1").getWeights()[0]!;
    const { variance } = tf.moments(kernel);
    // glorot_uniform: variance 2 / (fan_in + fan_out) = 2 / (27 + 576)
    assert.ok(Math.abs(variance.dataSync()[0]! - 2 / 603) < 0.0008);
  } finally {
    model.dispose();
  }
});

test("vgg16.preprocessInput is Keras's caffe mode: RGB to BGR, minus ImageNet's mean", () => {
  const out = preprocessInput(tf.tensor([[[10, 20, 30]]]));
  const got = Array.from(out.dataSync());
  [30 - 103.939, 20 - 116.779, 10 - 123.68].forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-4));
  out.dispose();
});
