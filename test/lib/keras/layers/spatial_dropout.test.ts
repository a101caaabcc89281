/**
 * keras.layers.SpatialDropout1D/2D/3D (lib/keras/layers/spatial_dropout.ts): one mask entry per
 * sample and channel, kept entries scaled by 1/(1 − rate), rate 1 gives zeros while training
 * (tfjs's SpatialDropout1D returned its input), identity in inference, a seeded layer's draws
 * repeat across layers made with that seed but not across calls, Keras's configs and checks.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const L = keras.layers;

onBackends(() => {
  test("kept entries are 1/(1 − rate), shared over the spatial axes (channels_first too)", () => {
    const y = L.SpatialDropout2D(0.5, { dataFormat: "channels_first", seed: 4 }).apply(tf.ones([6, 8, 3, 3]), { training: true }) as tf.Tensor;
    const values = new Set(y.dataSync());
    assert.ok([...values].every((v) => v === 0 || v === 2), JSON.stringify([...values]));
    // Each [sample, channel] map is constant.
    assert.equal(tf.max(tf.sub(tf.max(y, [2, 3]), tf.min(y, [2, 3]))).dataSync()[0], 0);
    assert.ok(values.has(0) && values.has(2));
  });

  test("rate 1 gives zeros while training; inference and rate 0 give the input", () => {
    const x = tf.add(tf.ones([2, 3, 4]), 1);
    assert.deepEqual((L.SpatialDropout1D(1).apply(x, { training: true }) as tf.Tensor).arraySync(), tf.zeros([2, 3, 4]).arraySync());
    assert.deepEqual((L.SpatialDropout1D(0.7).apply(x) as tf.Tensor).arraySync(), x.arraySync());
    assert.deepEqual((L.SpatialDropout1D(0).apply(x, { training: true }) as tf.Tensor).arraySync(), x.arraySync());
    assert.deepEqual((L.SpatialDropout3D(1).apply(tf.ones([1, 2, 2, 2, 3]), { training: true }) as tf.Tensor).arraySync(), tf.zeros([1, 2, 2, 2, 3]).arraySync());
  });

  test("a seed repeats the sequence of masks across layers, not across calls", () => {
    const x = tf.ones([16, 2, 16]);
    const a = L.SpatialDropout1D(0.5, { seed: 7 });
    const b = L.SpatialDropout1D(0.5, { seed: 7 });
    const a1 = (a.apply(x, { training: true }) as tf.Tensor).arraySync();
    const a2 = (a.apply(x, { training: true }) as tf.Tensor).arraySync();
    assert.deepEqual((b.apply(x, { training: true }) as tf.Tensor).arraySync(), a1);
    assert.notDeepEqual(a2, a1);
  });
});

onCpuOnly(() => {
  test("configs and class names as Keras's; they load back", () => {
    const one = L.SpatialDropout1D(0.25, { seed: 1 });
    assert.match(one.name, /^spatial_dropout1d/);
    const c1 = one.getConfig();
    assert.equal(c1.rate, 0.25);
    assert.equal(c1.seed, 1);
    assert.equal("dataFormat" in c1, false);
    const two = L.SpatialDropout2D(0.5, { dataFormat: "channels_first" });
    assert.equal(two.getConfig().dataFormat, "channels_first");
    assert.equal(L.SpatialDropout3D(0.5).getConfig().dataFormat, "channels_last");
    for (const layer of [one, two]) {
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
      const again = fromConfig(cls, JSON.parse(JSON.stringify(layer.getConfig()))) as tf.layers.Layer;
      assert.equal(again.constructor, layer.constructor);
      assert.deepEqual(again.getConfig(), layer.getConfig());
    }
  });

  test("refuses a rate outside [0, 1], a bad data format, a bad seed and the wrong rank", () => {
    assert.throws(() => L.SpatialDropout1D(1.5), /SpatialDropout1D: Invalid value received for argument `rate`\. Expected a float value between 0 and 1\. Received: rate=1\.5/);
    assert.throws(() => L.SpatialDropout2D(0.5, { dataFormat: "nhwc" as never }), /dataFormat/);
    assert.throws(() => L.SpatialDropout3D(0.5, { seed: 1.5 }), /seed/);
    assert.throws(() => L.SpatialDropout1D(0.5, { noiseShape: [1] } as never), /unknown argument `noiseShape`/);
    assert.throws(() => L.SpatialDropout2D(0.5).apply(tf.ones([2, 3, 4])), /ndim=4/);
  });
});
