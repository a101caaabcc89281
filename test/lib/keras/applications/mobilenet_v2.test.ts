import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { MobileNetV2, makeDivisible, preprocessInput } from "../../../../lib/keras/applications/mobilenet_v2.js";
import { loadH5wasm } from "../../../../lib/keras/applications/keras_h5_weights.js";
import { makeTempDir } from "./fixtures.js";

let kerasHome: string;
before(async () => {
  await loadH5wasm();
  kerasHome = makeTempDir("keras-home");
  process.env["KERAS_HOME"] = kerasHome;
});
after(() => {
  delete process.env["KERAS_HOME"];
  fs.rmSync(kerasHome, { recursive: true, force: true });
});

test("Keras's _make_divisible", () => {
  assert.equal(makeDivisible(32 * 0.35, 8), 16); // 8 would shrink 11.2 by more than 10%
  assert.equal(makeDivisible(32, 8), 32);
  assert.equal(makeDivisible(1280 * 1.4, 8), 1792);
  assert.equal(makeDivisible(Math.trunc(24 * 0.75), 8), 24);
});

test("MobileNetV2 with alpha: Keras's widths, names and ReLU6", () => {
  const model = MobileNetV2({ weights: null, alpha: 0.35, inputShape: [96, 96, 3] });
  try {
    assert.equal(model.name, "mobilenetv2_0.35_96");
    assert.equal(model.getLayer("Conv1").getWeights()[0]!.shape[3], 16);
    assert.equal(model.getLayer("block_16_project").getWeights()[0]!.shape[3], 112); // _make_divisible(int(320 * 0.35), 8)
    assert.equal(model.getLayer("Conv_1").getWeights()[0]!.shape[3], 1280);
    assert.equal(model.getLayer("out_relu").getConfig()["maxValue"], 6);
    const names = model.layers.map((l) => l.name);
    for (const n of ["expanded_conv_depthwise", "expanded_conv_project_BN", "block_1_pad", "block_2_add", "block_16_expand_relu", "predictions"]) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    assert.ok(!names.includes("block_1_add") && !names.includes("expanded_conv_add"));
    assert.deepEqual(model.getLayer("block_1_pad").getConfig()["padding"], [[0, 1], [0, 1]]);
  } finally {
    model.dispose();
  }
  const odd = MobileNetV2({ weights: null, includeTop: false, inputShape: [97, 97, 3] });
  try {
    // correct_pad on an odd size pads one pixel on each side.
    assert.deepEqual(odd.getLayer("block_1_pad").getConfig()["padding"], [[1, 1], [1, 1]]);
    assert.equal(odd.name, "mobilenetv2_1.00_97");
  } finally {
    odd.dispose();
  }
});

test("MobileNetV2 validates alpha and names Keras's ImageNet file for alpha and size", () => {
  assert.throws(() => MobileNetV2({ weights: null, alpha: 0 }), /alpha must be a positive number; received alpha=0/);
  assert.throws(() => MobileNetV2({ alpha: 0.6 }), /alpha must be one of 0\.35, 0\.50, 0\.75, 1\.0, 1\.3 or 1\.4; received alpha=0\.6/);
  const models = path.join(kerasHome, "models");
  assert.throws(
    () => MobileNetV2({ includeTop: false, inputShape: [160, 160, 3], alpha: 0.5 }),
    (err: Error) => err.message.includes(`Put it at ${path.join(models, "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_160_no_top.h5")}`),
  );
  assert.throws(
    () => MobileNetV2({}),
    (err: Error) => err.message.includes("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5"),
  );
});

test("mobilenet_v2.preprocessInput inside a functional model (Keras's preprocess_input on a symbolic input)", async () => {
  const input = tf.input({ shape: [2, 2, 3] });
  const out = preprocessInput(input);
  assert.ok(out instanceof tf.SymbolicTensor);
  const model = tf.model({ inputs: input, outputs: out });
  const y = model.predict(tf.fill([1, 2, 2, 3], 255)) as tf.Tensor;
  assert.deepEqual(Array.from(new Set(y.dataSync())), [1]);
  y.dispose();
  // The private layer survives serialization: the restored model computes the same.
  const restored = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON["modelTopology"] });
  const again = restored.predict(tf.fill([1, 2, 2, 3], 0)) as tf.Tensor;
  assert.deepEqual(Array.from(new Set(again.dataSync())), [-1]);
  again.dispose();
});
