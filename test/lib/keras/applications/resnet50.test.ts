import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ResNet50, preprocessInput } from "../../../../lib/keras/applications/resnet50.js";

test("ResNet50 has Keras's layer names and pooling layers", () => {
  const model = ResNet50({ weights: null, includeTop: false, pooling: "max" });
  try {
    const names = model.layers.map((l) => l.name);
    assert.deepEqual(names.slice(1, 7), ["conv1_pad", "conv1_conv", "conv1_bn", "conv1_relu", "pool1_pad", "pool1_pool"]);
    for (const n of ["conv2_block1_0_conv", "conv2_block1_0_bn", "conv3_block4_out", "conv4_block6_add", "conv5_block3_3_bn", "conv5_block3_out"]) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    assert.ok(!names.includes("conv2_block2_0_conv"), "only the first block of a stack has a convolution shortcut");
    assert.equal(names.at(-1), "max_pool");
    assert.equal((model.getLayer("conv1_bn").getConfig()["epsilon"] as number), 1.001e-5);
    assert.deepEqual(model.outputs[0]!.shape, [null, 2048]);
  } finally {
    model.dispose();
  }
});

test("ResNet50 accepts an inputTensor and builds from its source inputs, as Keras's get_source_inputs", () => {
  const pixels = tf.input({ shape: [64, 64, 3], name: "pixels" });
  const scaled = tf.layers.rescaling({ scale: 1 }).apply(pixels) as tf.SymbolicTensor;
  const model = ResNet50({ weights: null, includeTop: true, inputTensor: scaled, classes: 3 });
  try {
    assert.equal(model.inputs[0], pixels);
    assert.deepEqual(model.outputs[0]!.shape, [null, 3]);
    const y = model.predict(tf.ones([2, 64, 64, 3])) as tf.Tensor;
    const rowSums = Array.from(y.sum(1).dataSync());
    rowSums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5, "softmax rows sum to 1"));
    y.dispose();
  } finally {
    model.dispose();
  }
  assert.throws(() => ResNet50({ weights: null, inputTensor: tf.zeros([1, 2]) as unknown as tf.SymbolicTensor }), /inputTensor must be a symbolic tensor/);
  assert.throws(() => ResNet50({ weights: null, includeTop: false, inputShape: [224, 31, 3] }), /at least 32x32; received inputShape=\[224, 31, 3\]/);
});

test("resnet50.preprocessInput: caffe mode on a batch, channels_first too", () => {
  const batch = tf.tensor4d([0, 0, 0, 255, 255, 255], [2, 1, 1, 3]);
  const out = preprocessInput(batch);
  const mean = [103.939, 116.779, 123.68];
  Array.from(out.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - ((i < 3 ? 0 : 255) - mean[i % 3]!)) < 1e-4));
  const first = preprocessInput(tf.tensor4d([1, 2, 3], [1, 3, 1, 1]), { dataFormat: "channels_first" });
  const got = Array.from(first.dataSync());
  [3 - mean[0]!, 2 - mean[1]!, 1 - mean[2]!].forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-4));
  assert.throws(() => preprocessInput(tf.zeros([1, 2, 2, 4])), /needs 3 colour channels/);
  assert.throws(() => preprocessInput(batch, { dataFormat: "nhwc" as "channels_last" }), /dataFormat must be "channels_first" or "channels_last"/);
  tf.dispose([batch, out, first]);
});
