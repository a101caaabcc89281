import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ZeroPadding1DLayer, ZeroPadding2DLayer, ZeroPadding3DLayer } from "../../../../lib/keras/layers/zero_padding.js";
import { onBackends, onCpuOnly } from "../backends.js";

const fromRegistry = (className: string, config: tf.serialization.ConfigDict) => {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
  return fromConfig(cls, config) as unknown as tf.layers.Layer;
};

onBackends(() => {
  test("ZeroPadding1D: Keras's docstring example (padding 2 on arange(12) of shape (2, 2, 3))", () => {
    const y = new ZeroPadding1DLayer({ padding: [2, 2] }).apply(tf.reshape(tf.range(0, 12), [2, 2, 3])) as tf.Tensor;
    const z = [0, 0, 0];
    assert.deepEqual(y.arraySync(), [
      [z, z, [0, 1, 2], [3, 4, 5], z, z],
      [z, z, [6, 7, 8], [9, 10, 11], z, z],
    ]);
  });

  test("ZeroPadding3D channels_first pads axes 2-4 only, and its gradient is the input's window of ones", () => {
    const layer = new ZeroPadding3DLayer({ padding: [[1, 0], [0, 1], [2, 0]], dataFormat: "channelsFirst" });
    const x = tf.ones([1, 2, 1, 1, 1]);
    const y = layer.apply(x) as tf.Tensor;
    assert.deepEqual(y.shape, [1, 2, 2, 2, 3]);
    assert.deepEqual(Array.from(tf.sum(y, [0, 2, 3, 4]).dataSync()), [1, 1]);
    assert.equal(Array.from(y.dataSync()).indexOf(1), 8); // y[0, 0, 1, 0, 2]: after one row before, two zeros before
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(layer.apply(v) as tf.Tensor, tf.range(1, 25).reshape([1, 2, 2, 2, 3]))))(x);
    assert.deepEqual(Array.from(g.dataSync()), [9, 21]);
  });
});

onCpuOnly(() => {
  test("a config saved by tfjs's ZeroPadding2D loads into ours, unchanged", () => {
    const tfjs = tf.layers.zeroPadding2d({ padding: [[1, 2], [3, 4]], dataFormat: "channelsFirst", name: "zp" });
    const ours = fromRegistry("ZeroPadding2D", tfjs.getConfig());
    assert.ok(ours instanceof ZeroPadding2DLayer);
    assert.deepEqual(ours.getConfig(), tfjs.getConfig());
  });

  test("defaults: one zero on each side of every axis, channels last", () => {
    assert.deepEqual(new ZeroPadding1DLayer().computeOutputShape([null, 3, 2]), [null, 5, 2]);
    assert.deepEqual(new ZeroPadding3DLayer().computeOutputShape([null, 3, 2, 1, 4]), [null, 5, 4, 3, 4]);
  });
});
