import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Cropping1DLayer, Cropping2DLayer, Cropping3DLayer } from "../../../../lib/keras/layers/cropping.js";
import { onBackends, onCpuOnly } from "../backends.js";

const fromRegistry = (className: string, config: tf.serialization.ConfigDict) => {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
  return fromConfig(cls, config) as unknown as tf.layers.Layer;
};

onBackends(() => {
  test("Cropping1D: Keras's docstring example (cropping 1 of arange(12) of shape (2, 3, 2))", () => {
    const y = new Cropping1DLayer({ cropping: [1, 1] }).apply(tf.reshape(tf.range(0, 12), [2, 3, 2])) as tf.Tensor;
    assert.deepEqual(y.arraySync(), [[[2, 3]], [[8, 9]]]);
  });

  test("Cropping3D channels_first crops axes 2-4; its gradient puts ones where the output came from", () => {
    const layer = new Cropping3DLayer({ cropping: [[1, 0], [0, 1], [0, 0]], dataFormat: "channelsFirst" });
    const x = tf.reshape(tf.range(0, 8), [1, 1, 2, 2, 2]);
    assert.deepEqual((layer.apply(x) as tf.Tensor).arraySync(), [[[[[4, 5]]]]]);
    assert.deepEqual(Array.from(tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v) as tf.Tensor))(x).dataSync()), [0, 0, 0, 0, 1, 1, 0, 0]);
  });
});

onCpuOnly(() => {
  test("a config saved by tfjs's Cropping2D loads into ours, unchanged", () => {
    const tfjs = tf.layers.cropping2D({ cropping: [[1, 2], [3, 4]], dataFormat: "channelsFirst", name: "crop" });
    const ours = fromRegistry("Cropping2D", tfjs.getConfig());
    assert.ok(ours instanceof Cropping2DLayer);
    assert.deepEqual(ours.getConfig(), tfjs.getConfig());
  });

  test("a crop of the whole axis throws at graph-build time, where tfjs's Cropping2D gave a shape of 0 or less", () => {
    const input = tf.input({ batchShape: [1, 3, 4, 1] });
    assert.deepEqual(tf.layers.cropping2D({ cropping: [[2, 2], [0, 0]] }).computeOutputShape(input.shape), [1, -1, 4, 1]);
    assert.throws(() => new Cropping2DLayer({ cropping: [[2, 2], [0, 0]] }).apply(input), /Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input\. Received: input_shape=\(1, 3, 4, 1\), cropping=\(\(2, 2\), \(0, 0\)\)/);
  });

  test("Cropping1D's config is Keras's: the flat pair, no data format", () => {
    const config = new Cropping1DLayer({ cropping: [1, 2] }).getConfig();
    assert.deepEqual(config.cropping, [1, 2]);
    assert.equal("dataFormat" in config, false);
  });
});
