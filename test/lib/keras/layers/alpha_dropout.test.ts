/**
 * keras.layers.AlphaDropout (lib/keras/layers/alpha_dropout.ts). By hand (Keras's formula): with
 * α′ = −αλ, a = ((1 − p)(1 + p α′²))^−½, b = −a α′ p, a kept x gives a·x + b and a dropped one
 * a·α′ + b. `null` in the noise shape takes the input's size (tfjs's class could not draw such a
 * shape), and the config keeps `noiseShape` and `seed` (tfjs's kept only `rate`).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const L = keras.layers;
const alphaP = -1.6732632423543772 * 1.0507009873554805;

onBackends(() => {
  test("kept units map to a·x + b, dropped ones to a·α′ + b; a null noise axis takes the input's size", () => {
    const p = 0.25;
    const a = ((1 - p) * (1 + p * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * p;
    const x = tf.fill([8, 3, 6], 2);
    const y = L.AlphaDropout(p, { noiseShape: [null, 1, null], seed: 11 }).apply(x, { training: true }) as tf.Tensor;
    const kept = a * 2 + b;
    const dropped = a * alphaP + b;
    const values = Array.from(y.dataSync());
    assert.ok(values.every((v) => Math.abs(v - kept) < 1e-5 || Math.abs(v - dropped) < 1e-5), JSON.stringify([...new Set(values)]));
    assert.ok(values.some((v) => Math.abs(v - dropped) < 1e-5) && values.some((v) => Math.abs(v - kept) < 1e-5));
    // Shared over axis 1.
    assert.equal(tf.max(tf.sub(tf.max(y, 1), tf.min(y, 1))).dataSync()[0], 0);
  });

  test("the input in inference and at rate 0; a seed repeats across layers", () => {
    const x = tf.randomNormal([4, 5], 0, 1, "float32", 1);
    assert.deepEqual((L.AlphaDropout(0.5).apply(x) as tf.Tensor).arraySync(), x.arraySync());
    assert.deepEqual((L.AlphaDropout(0).apply(x, { training: true }) as tf.Tensor).arraySync(), x.arraySync());
    const first = (L.AlphaDropout(0.5, { seed: 2 }).apply(x, { training: true }) as tf.Tensor).arraySync();
    assert.deepEqual((L.AlphaDropout(0.5, { seed: 2 }).apply(x, { training: true }) as tf.Tensor).arraySync(), first);
  });
});

onCpuOnly(() => {
  test("config rate, seed, noiseShape under Keras's class name; loads back", () => {
    const layer = L.AlphaDropout(0.1, { noiseShape: [null, 1], seed: 4 });
    assert.match(layer.name, /^alpha_dropout/);
    const config = layer.getConfig();
    assert.deepEqual([config.rate, config.seed, config.noiseShape], [0.1, 4, [null, 1]]);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["AlphaDropout"]!;
    const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    assert.equal(again.constructor, layer.constructor);
    assert.deepEqual(again.getConfig(), config);
  });

  test("refuses a bad noise shape and seed", () => {
    assert.throws(() => L.AlphaDropout(0.1, { noiseShape: [0, 1] }), /noiseShape/);
    assert.throws(() => L.AlphaDropout(0.1, { seed: "x" } as never), /seed/);
  });
});
