/**
 * keras.layers.GaussianNoise (lib/keras/layers/gaussian_noise.ts): x + N(0, stddev²) only while
 * training, seeded draws (tfjs's class takes no seed), Keras's `stddev` in [0, 1] (tfjs took any).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const L = keras.layers;

onBackends(() => {
  test("noise of mean 0 while training; the input in inference and at stddev 0", () => {
    const x = tf.fill([50, 200], 3);
    const y = L.GaussianNoise(0.5, { seed: 2 }).apply(x, { training: true }) as tf.Tensor;
    const { mean, variance } = tf.moments(tf.sub(y, x));
    assert.ok(Math.abs(mean.dataSync()[0]!) < 0.02);
    assert.ok(Math.abs(Math.sqrt(variance.dataSync()[0]!) - 0.5) < 0.02);
    assert.deepEqual((L.GaussianNoise(0.5).apply(x) as tf.Tensor).arraySync(), x.arraySync());
    assert.deepEqual((L.GaussianNoise(0).apply(x, { training: true }) as tf.Tensor).arraySync(), x.arraySync());
  });

  test("a seed repeats the draws across layers, not across calls", () => {
    const x = tf.zeros([4, 5]);
    const a = L.GaussianNoise(0.1, { seed: 9 });
    const b = L.GaussianNoise(0.1, { seed: 9 });
    const a1 = (a.apply(x, { training: true }) as tf.Tensor).arraySync();
    assert.notDeepEqual((a.apply(x, { training: true }) as tf.Tensor).arraySync(), a1);
    assert.deepEqual((b.apply(x, { training: true }) as tf.Tensor).arraySync(), a1);
  });
});

onCpuOnly(() => {
  test("config stddev and seed under Keras's class name; loads back", () => {
    const layer = L.GaussianNoise(0.2, { seed: 5 });
    assert.match(layer.name, /^gaussian_noise/);
    const config = layer.getConfig();
    assert.equal(config.stddev, 0.2);
    assert.equal(config.seed, 5);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["GaussianNoise"]!;
    const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    assert.equal(again.constructor, layer.constructor);
    assert.deepEqual(again.getConfig(), config);
  });

  test("refuses stddev outside [0, 1] in Keras's words", () => {
    assert.throws(() => L.GaussianNoise(1.5), /Invalid value received for argument `stddev`\. Expected a float value between 0 and 1\. Received: stddev=1\.5/);
    assert.throws(() => L.GaussianNoise(-0.1), /argument `stddev`/);
    assert.throws(() => L.GaussianNoise(0.1, { rate: 1 } as never), /unknown argument `rate`/);
  });
});
