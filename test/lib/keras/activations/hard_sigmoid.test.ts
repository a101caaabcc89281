/**
 * Keras 3's hard sigmoid replaces tfjs's Keras 2 one under the name "hard_sigmoid". The first case
 * ports keras/src/activations/activations_test.py ActivationsTest.test_hard_sigmoid (numpy
 * reference `_ref_hard_sigmoid`: relu6(x + 3) / 6), through the Activation layer, since we have
 * no `keras.activations` namespace yet.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";

/** keras activations_test.py `_ref_hard_sigmoid`. */
function refHardSigmoid(x: number): number {
  const y = x / 6 + 0.5;
  return y <= 0 ? 0 : y >= 1 ? 1 : y;
}

function uniform(seed: number, low: number, high: number, n: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => low + (high - low) * rand());
}

function assertClose(actual: Float32Array, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) <= 1e-5 * Math.abs(e) + 1e-6, `${what}[${i}]: ${actual[i]} vs ${e}`));
}

onBackends(() => {
  test("ActivationsTest.test_hard_sigmoid (activations_test.py): relu6(x + 3) / 6 at every rank, 1 above 3", async () => {
    const layer = layers.Activation("hard_sigmoid");
    for (const [seed, low, high, shape] of [[1, 0, 1, [1, 2, 5]], [2, -10, 10, [5]], [3, -10, 10, [3, 3, 3]], [4, 5, 10, [2, 5]]] as const) {
      const values = uniform(seed, low, high, (shape as readonly number[]).reduce((a, b) => a * b, 1));
      const out = layer.apply(tf.tensor(values, [...shape])) as tf.Tensor;
      assertClose((await out.data()) as Float32Array, Array.from(values, refHardSigmoid), `uniform(${low}, ${high}) ${shape}`);
    }
  });

  test("hard_sigmoid is Keras 3's at the points where Keras 2's (tfjs's) differs: 1 → 2/3, -2.6 → 0.0667, 2.6 → 0.933", async () => {
    const out = layers.Activation("hard_sigmoid").apply(tf.tensor([1, -2.6, 2.6, -3, 3, 0])) as tf.Tensor;
    assertClose((await out.data()) as Float32Array, [2 / 3, 0.5 - 2.6 / 6, 0.5 + 2.6 / 6, 0, 1, 0.5], "hard_sigmoid");
  });

  test("an LSTM gating with hard_sigmoid, and a saved model, keep Keras 3's function", async () => {
    const input = layers.Input({ shape: [3, 2] });
    const dense = layers.Dense(2, { activation: "hard_sigmoid", kernelInitializer: "ones", biasInitializer: "zeros" });
    const lstm = layers.LSTM(2, { recurrentActivation: "hard_sigmoid" });
    const model = Model(input, [dense.apply(input) as tf.SymbolicTensor, lstm.apply(input) as tf.SymbolicTensor]);
    const x = tf.tensor(uniform(5, -2, 2, 6), [1, 3, 2]);
    const [denseOut] = model.predict(x) as tf.Tensor[];
    const xs = await x.data();
    const expected = [0, 1, 2].flatMap((t) => [0, 1].map(() => refHardSigmoid(xs[2 * t]! + xs[2 * t + 1]!)));
    assertClose((await denseOut!.data()) as Float32Array, expected, "Dense(hard_sigmoid)");

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    assert.match(JSON.stringify(saved!.modelTopology), /"activation":"hard_sigmoid"/);
    assert.match(JSON.stringify(saved!.modelTopology), /"recurrent_activation":"hard_sigmoid"/);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const before = model.predict(x) as tf.Tensor[];
    const after = loaded.predict(x) as tf.Tensor[];
    for (let k = 0; k < 2; k++) assertClose((await after[k]!.data()) as Float32Array, Array.from(await before[k]!.data()), `loaded output ${k}`);
  });
});
