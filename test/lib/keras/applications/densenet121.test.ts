import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { DenseNet121, preprocessInput } from "../../../../lib/keras/applications/densenet121.js";

test("DenseNet121: Keras's names, transition widths and pooling", () => {
  const model = DenseNet121({ weights: null, includeTop: false, pooling: "avg", inputShape: [32, 32, 3] });
  try {
    const names = model.layers.map((l) => l.name);
    for (const n of ["conv1_conv", "pool1", "conv2_block6_concat", "pool2_conv", "conv4_block24_2_conv", "conv5_block16_concat", "bn", "relu", "avg_pool"]) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    assert.ok(names.some((n) => n.startsWith("zero_padding2d")));
    // Transition layers halve the channels: 64 + 6×32 = 256 → 128; 128 + 12×32 = 512 → 256; 256 + 24×32 = 1024 → 512.
    assert.deepEqual(
      ["pool2_conv", "pool3_conv", "pool4_conv"].map((n) => model.getLayer(n).getWeights()[0]!.shape[3]),
      [128, 256, 512],
    );
    assert.deepEqual(model.outputs[0]!.shape, [null, 1024]);
  } finally {
    model.dispose();
  }
});

test("densenet.preprocessInput is mode torch", () => {
  const out = preprocessInput(tf.tensor([[[255, 0, 127.5]]]));
  const want = [(1 - 0.485) / 0.229, (0 - 0.456) / 0.224, (0.5 - 0.406) / 0.225];
  Array.from(out.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5));
  out.dispose();
});
