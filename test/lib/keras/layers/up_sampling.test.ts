import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { repeatAlong, UpSampling1DLayer, UpSampling2DLayer } from "../../../../lib/keras/layers/up_sampling.js";
import { onBackends, onCpuOnly } from "../backends.js";

const fromRegistry = (className: string, config: tf.serialization.ConfigDict) => {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
  return fromConfig(cls, config) as unknown as tf.layers.Layer;
};

onBackends(() => {
  test("repeatAlong is numpy's repeat on any axis, and its gradient sums the copies", () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    assert.deepEqual(repeatAlong(x, 0, 2).arraySync(), [[1, 2], [1, 2], [3, 4], [3, 4]]);
    assert.deepEqual(repeatAlong(x, 1, 3).arraySync(), [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(repeatAlong(v, 1, 2), tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]))))(x);
    assert.deepEqual(g.arraySync(), [[3, 7], [11, 15]]);
  });

  test("bilinear samples at half-pixel centres: [0, 1] up by 2 is [0, 0.25, 0.75, 1] (tfjs's UpSampling2D gives [0, 0.5, 1, 1])", () => {
    const x = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    const ours = new UpSampling2DLayer({ size: [1, 2], interpolation: "bilinear" }).apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(ours.dataSync()), [0, 0.25, 0.75, 1]);
    const tfjs = tf.image.resizeBilinear(x as tf.Tensor4D, [1, 4]);
    assert.deepEqual(Array.from(tfjs.dataSync()), [0, 0.5, 1, 1]);
  });
});

onCpuOnly(() => {
  test("a config saved by tfjs's UpSampling2D loads into ours, unchanged", () => {
    const tfjs = tf.layers.upSampling2d({ size: [2, 3], dataFormat: "channelsFirst", interpolation: "bilinear", name: "up" });
    const ours = fromRegistry("UpSampling2D", tfjs.getConfig());
    assert.ok(ours instanceof UpSampling2DLayer);
    assert.deepEqual(ours.getConfig(), tfjs.getConfig());
  });

  test("UpSampling1D's config is Keras's: an int size, no data format", () => {
    const config = new UpSampling1DLayer({ size: 3 }).getConfig();
    assert.equal(config.size, 3);
    assert.equal("dataFormat" in config, false);
    assert.equal("interpolation" in config, false);
  });
});
