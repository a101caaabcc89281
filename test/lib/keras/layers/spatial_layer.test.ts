import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onCpuOnly } from "../backends.js";

onCpuOnly(() => {
  test("a masked input is taken and its mask dropped, as Keras's layers without masking support do (tfjs's base Layer throws)", () => {
    const input = layers.Input({ shape: [6] });
    const embedded = layers.Embedding(5, 4, { maskZero: true }).apply(input) as tf.SymbolicTensor;
    for (const layer of [layers.ZeroPadding1D(1), layers.Cropping1D(1), layers.UpSampling1D(2)]) {
      const out = layer.apply(embedded) as tf.SymbolicTensor;
      const model = Model(input, out);
      const y = model.predict(tf.tensor2d([[1, 2, 0, 0, 3, 4]])) as tf.Tensor;
      assert.equal(y.shape.length, 3, layer.getClassName());
      assert.equal(layer.computeMask(embedded as never, tf.ones([1, 6]) as never), null, layer.getClassName());
    }
    // tfjs's own layer refuses the same mask: the behaviour these replace.
    assert.throws(() => tf.layers.zeroPadding2d({ padding: 1 }).computeMask(tf.ones([1, 2, 2, 1]), tf.ones([1, 2, 2])), /does not support masking/);
  });

  test("the classes check their data format and rank", () => {
    assert.throws(() => new layers.ZeroPadding2DLayer({ dataFormat: "channels_last" as never }), /dataFormat must be "channelsFirst" or "channelsLast"/);
    assert.throws(() => layers.UpSampling3D().apply(tf.ones([1, 2, 2, 1])), /ndim=5|expected ndim/i);
  });
});
