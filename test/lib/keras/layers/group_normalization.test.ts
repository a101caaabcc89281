/**
 * keras.layers.GroupNormalization (lib/keras/layers/group_normalization.ts) against numpy (Keras's
 * formula written out in /usr/bin/python3, float64), with γ and β set and a channel axis in the
 * middle; its weights, regularizer losses and constraints; `groups: -1`; configs under Keras's
 * class name through a model's JSON.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const python = "/usr/bin/python3";

function numpyGroupNorm(x: tf.Tensor, gamma: number[], beta: number[], groups: number, axis: number, epsilon: number): number[] {
  const script = `
import json, sys, numpy as np
d = json.loads(sys.stdin.read())
x = np.array(d["x"], dtype=np.float64); ax = d["axis"]; g = d["groups"]
shape = list(x.shape); c = shape[ax]
gs = shape[:ax] + [g, c // g] + shape[ax + 1:]
xr = x.reshape(gs)
red = tuple(i for i in range(1, len(gs)) if i != ax)
mean = xr.mean(axis=red, keepdims=True); var = xr.var(axis=red, keepdims=True)
bs = [1] * len(gs); bs[ax] = g; bs[ax + 1] = c // g
y = (xr - mean) / np.sqrt(var + d["eps"]) * np.array(d["gamma"]).reshape(bs) + np.array(d["beta"]).reshape(bs)
print(json.dumps(y.reshape(shape).ravel().tolist()))
`;
  const input = JSON.stringify({ x: x.arraySync(), gamma, beta, groups, axis, eps: epsilon });
  return JSON.parse(execFileSync(python, ["-c", script], { input }).toString());
}

onBackends(() => {
  test("matches numpy with γ, β and the channel axis in the middle", () => {
    const x = tf.randomNormal([2, 6, 3, 4], 1, 2, "float32", 21);
    const layer = keras.layers.GroupNormalization({ groups: 3, axis: 1, epsilon: 0.01 });
    layer.build(x.shape);
    const gamma = [0.5, 1, 1.5, 2, -1, 0.25];
    const beta = [0, 0.1, -0.2, 0.3, 1, -1];
    layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta)]);
    const got = Array.from((layer.apply(x) as tf.Tensor).dataSync());
    const want = numpyGroupNorm(x, gamma, beta, 3, 1, 0.01);
    const diff = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
    assert.ok(diff < 1e-4, `max diff ${diff}`);
  });

  test("γ and β weights; their regularizers are the layer's losses; it trains in a model", async () => {
    const layer = keras.layers.GroupNormalization({ groups: 2, gammaRegularizer: tf.regularizers.l2({ l2: 0.5 }), betaConstraint: "non_neg" });
    const m = keras.Sequential([keras.Input({ shape: [4] }), layer, keras.layers.Dense(1)]);
    assert.deepEqual(layer.trainableWeights.map((w) => w.shape), [[4], [4]]);
    m.predict(tf.ones([1, 4]));
    // γ = 1: 0.5 · 4.
    assert.ok(Math.abs((layer.losses as unknown as tf.Scalar[]).reduce((s, l) => s + l.dataSync()[0]!, 0) - 2) < 1e-6);
    m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    await m.fit(tf.randomNormal([8, 4], 0, 1, "float32", 3), tf.ones([8, 1]), { epochs: 2, verbose: 0 });
    assert.ok(Math.min(...(layer.getWeights()[1]!.dataSync() as Float32Array)) >= 0, "β kept non-negative");
  });
});

onCpuOnly(() => {
  test("config as Keras's under \"GroupNormalization\"; a model's JSON loads back into it", async () => {
    const layer = keras.layers.GroupNormalization({ groups: -1, gammaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: 1 }), betaRegularizer: "l2" });
    assert.match(layer.name, /^group_normalization/);
    const m = keras.Sequential([keras.Input({ shape: [3, 6] }), layer]);
    const config = layer.getConfig();
    // groups −1 became the channel count at build, as in Keras.
    assert.equal(config.groups, 6);
    assert.deepEqual([config.axis, config.epsilon, config.center, config.scale], [-1, 1e-3, true, true]);
    assert.equal((config.gammaInitializer as { className: string }).className, "RandomNormal");
    assert.equal((config.betaRegularizer as { className: string }).className, "L1L2");
    assert.equal(config.gammaConstraint, null);
    const again = await tf.models.modelFromJSON({ modelTopology: m.toJSON(null, false) as tf.io.ModelJSON["modelTopology"] });
    const loaded = again.layers[0]!;
    assert.equal(loaded.getClassName(), "GroupNormalization");
    assert.deepEqual(loaded.getConfig(), config);
  });

  test("refuses unknown options, a bad axis and a bad epsilon", () => {
    assert.throws(() => keras.layers.GroupNormalization({ momentum: 0.9 } as never), /unknown argument `momentum`/);
    assert.throws(() => keras.layers.GroupNormalization({ axis: [1, 2] } as never), /axis/);
    assert.throws(() => keras.layers.GroupNormalization({ axis: 3 }).apply(tf.ones([2, 4])), /Axis 3 is out of bounds for input shape \(2, 4\)\. Received: axis=3/);
    assert.throws(() => keras.layers.GroupNormalization({ epsilon: "1" } as never), /epsilon/);
  });
});
