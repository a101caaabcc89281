/**
 * Bidirectional over a recurrent layer given a function activation: tfjs clones the layer through
 * its config, which such a layer refuses; ours clones it with the function, and the wrapper's own
 * config is refused by name, as the layer's is.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";

onBackends(() => {
  test("Bidirectional(LSTM({ activation: fn })) runs the function both ways and refuses its config by name", async () => {
    const x = tf.tensor3d([[[0.5, -1], [1, 2], [-0.3, 0.7]]]);
    const half = (t: tf.Tensor) => tf.mul(tf.tanh(t), 0.5);
    const withFunction = layers.LSTM(3, { activation: half, kernelInitializer: "ones", recurrentInitializer: "ones" });
    const named = layers.LSTM(3, { kernelInitializer: "ones", recurrentInitializer: "ones" });
    const bi = layers.Bidirectional(withFunction);
    const biNamed = layers.Bidirectional(named);
    const out = bi.apply(x) as tf.Tensor;
    const outNamed = biNamed.apply(x) as tf.Tensor;
    assert.deepEqual(out.shape, [1, 6]);
    const [a, b] = await Promise.all([out.data(), outNamed.data()]);
    // The same weights, a different activation: each direction's output differs from tanh's.
    for (const [from, to] of [[0, 3], [3, 6]]) {
      assert.ok(Array.from(a.slice(from, to)).some((v, i) => Math.abs(v - b[from + i]!) > 1e-3), `direction ${from / 3} used the function`);
    }
    assert.throws(() => bi.getConfig(), /Bidirectional layer ".*" cannot be serialized: its `activation` is a JavaScript function/);
    assert.throws(() => withFunction.getConfig(), /LSTM layer ".*" cannot be serialized: its `activation` is a JavaScript function/);
  });
});
