import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Xception, preprocessInput } from "../../../../lib/keras/applications/xception.js";
import { resetKerasAutoNames } from "../../../../lib/keras/applications/layer_names.js";

test("Xception: Keras's names (auto-named residual branch), min size 71, pooling", () => {
  resetKerasAutoNames();
  assert.throws(() => Xception({ weights: null, includeTop: false, inputShape: [70, 100, 3] }), /at least 71x71/);
  const model = Xception({ weights: null, includeTop: false, pooling: "avg", inputShape: [71, 71, 3] });
  try {
    const names = model.layers.map((l) => l.name);
    for (const n of ["block1_conv1", "block2_sepconv1", "block4_pool", "block12_sepconv3_bn", "block14_sepconv2_act", "conv2d", "conv2d_3", "batch_normalization_3", "add", "add_11"]) {
      assert.ok(names.includes(n), `missing ${n}`);
    }
    assert.ok(!names.includes("block2_sepconv1_act"), "block 2 starts without an activation, as in Keras");
    assert.equal(names.at(-1), "global_average_pooling2d");
    assert.deepEqual(model.outputs[0]!.shape, [null, 2048]);
  } finally {
    model.dispose();
  }
});

test("xception.preprocessInput is mode tf", () => {
  const out = preprocessInput([[[255, 0, 63.75]]]);
  assert.deepEqual(Array.from(out.dataSync()), [1, -1, -0.5]);
  out.dispose();
});
