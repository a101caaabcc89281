/**
 * keras.layers.GaussianDropout (lib/keras/layers/gaussian_dropout.ts): x · N(1, rate/(1 − rate))
 * only while training, seeded draws (tfjs's class takes no seed), Keras's `rate` in [0, 1].
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const L = keras.layers;

onBackends(() => {
  test("multiplicative noise of mean 1 and std √(rate/(1 − rate)) while training; the input otherwise", () => {
    const x = tf.fill([50, 200], 2);
    const y = L.GaussianDropout(0.2, { seed: 3 }).apply(x, { training: true }) as tf.Tensor;
    const { mean, variance } = tf.moments(tf.div(y, x));
    assert.ok(Math.abs(mean.dataSync()[0]! - 1) < 0.02);
    assert.ok(Math.abs(Math.sqrt(variance.dataSync()[0]!) - 0.5) < 0.02);
    assert.deepEqual((L.GaussianDropout(0.2).apply(x) as tf.Tensor).arraySync(), x.arraySync());
    assert.deepEqual((L.GaussianDropout(0).apply(x, { training: true }) as tf.Tensor).arraySync(), x.arraySync());
  });

  test("a seed repeats the draws across layers, not across calls", () => {
    const x = tf.ones([4, 5]);
    const a = L.GaussianDropout(0.3, { seed: 9 });
    const a1 = (a.apply(x, { training: true }) as tf.Tensor).arraySync();
    assert.notDeepEqual((a.apply(x, { training: true }) as tf.Tensor).arraySync(), a1);
    assert.deepEqual((L.GaussianDropout(0.3, { seed: 9 }).apply(x, { training: true }) as tf.Tensor).arraySync(), a1);
  });
});

onCpuOnly(() => {
  test("config rate and seed under Keras's class name; loads back", () => {
    const layer = L.GaussianDropout(0.4, { seed: 5 });
    assert.match(layer.name, /^gaussian_dropout/);
    const config = layer.getConfig();
    assert.equal(config.rate, 0.4);
    assert.equal(config.seed, 5);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["GaussianDropout"]!;
    const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    assert.equal(again.constructor, layer.constructor);
    assert.deepEqual(again.getConfig(), config);
  });

  test("refuses a rate outside [0, 1] in Keras's words", () => {
    assert.throws(() => L.GaussianDropout(2), /Invalid value received for argument `rate`\. Expected a float value between 0 and 1\. Received: rate=2/);
  });
});
