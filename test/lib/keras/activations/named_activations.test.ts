/**
 * Keras 3's activations tfjs has no name for, by name on a layer. Ports of
 * keras/src/activations/activations_test.py (ActivationsTest.test_<name>, each against the
 * test's numpy reference over the test's input ranges; our inputs are seeded, Keras's are
 * np.random), through the Activation layer by name: the name form of each. The calls with
 * arguments (leaky_relu's negative_slope 0.01 and 0.3, celu's alpha 0.5) have no name form; they
 * are ported through `keras.activations` in keras_suite/activations_test.test.ts.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";

function uniform(seed: number, low: number, high: number, n: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => low + (high - low) * rand());
}

const softplus = (x: number) => Math.log(1 + Math.exp(x));
/** The numpy references of activations_test.py. */
const references: Record<string, (x: number) => number> = {
  leaky_relu: (x) => (x > 0 ? x : 0.2 * x),
  exponential: (x) => Math.exp(x),
  hard_silu: (x) => x * Math.min(Math.max(0, x + 3), 6) / 6,
  hard_swish: (x) => x * Math.min(Math.max(0, x + 3), 6) / 6,
  celu: (x) => Math.max(x, 0) + Math.expm1(Math.min(x, 0)),
  log_sigmoid: (x) => -softplus(-x),
  hard_tanh: (x) => Math.min(Math.max(x, -1), 1),
  tanh_shrink: (x) => x - Math.tanh(x),
  soft_shrink: (x) => (x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0),
  hard_shrink: (x) => (Math.abs(x) > 0.5 ? x : 0),
  sparse_plus: (x) => (x <= -1 ? 0 : x < 1 ? (x + 1) ** 2 / 4 : x),
  squareplus: (x) => (x + Math.sqrt(x * x + 4)) / 2,
  sparse_sigmoid: (x) => (x <= -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1)),
};

/** The input ranges each Keras test draws from (random((2, 5)) is [0, 1)). */
const ranges: Record<string, [number, number][]> = {
  leaky_relu: [[0, 1], [-1, 0]],
  exponential: [[0, 1], [-10, 10]],
  hard_silu: [[-3, 3], [-10, 10], [5, 10], [-10, -5]],
  hard_swish: [[-3, 3], [-10, 10]],
  log_sigmoid: [[0, 1], [-10, 10], [10, 100], [-100, -10]],
  sparse_sigmoid: [[0, 1], [-10, 10], [10, 100], [-100, -10]],
  // Keras draws [0, 1) only; the negative side is ours, checked against the same reference.
  celu: [[0, 1], [-3, 0]],
  hard_tanh: [[0, 1], [-3, 3]],
  tanh_shrink: [[0, 1], [-3, 3]],
  soft_shrink: [[0, 1], [-2, 2]],
  hard_shrink: [[0, 1], [-2, 2]],
  sparse_plus: [[0, 1], [-3, 3]],
  squareplus: [[0, 1], [-3, 3]],
};

onBackends(() => {
  for (const [name, reference] of Object.entries(references)) {
    test(`ActivationsTest.test_${name} (activations_test.py): Activation("${name}") equals the numpy reference`, async () => {
      const layer = layers.Activation(name as never);
      for (const [k, [low, high]] of ranges[name]!.entries()) {
        const values = uniform(17 + k, low, high, 10);
        const out = (await (layer.apply(tf.tensor(values, [1, 2, 5])) as tf.Tensor).data()) as Float32Array;
        values.forEach((v, i) => {
          const e = reference(v);
          assert.ok(Math.abs(out[i]! - e) <= 1e-5 * Math.abs(e) + 1e-6, `${name}(${v}) = ${out[i]}, Keras ${e}`);
        });
      }
    });
  }

  test("a model using Keras-only activation names saves them in Keras's words and loads them back", async () => {
    const input = layers.Input({ shape: [4] });
    const hidden = layers.Dense(3, { activation: "leaky_relu" }).apply(input) as tf.SymbolicTensor;
    const out = layers.Activation("hard_silu").apply(layers.Dense(2, { activation: "squareplus" }).apply(hidden) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = Model(input, out);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    const json = JSON.stringify(saved!.modelTopology);
    for (const name of ["leaky_relu", "squareplus", "hard_silu"]) assert.match(json, new RegExp(`"activation":"${name}"`));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor(uniform(3, -3, 3, 8), [2, 4]);
    const [a, b] = await Promise.all([(model.predict(x) as tf.Tensor).data(), (loaded.predict(x) as tf.Tensor).data()]);
    assert.deepEqual(Array.from(b), Array.from(a));
  });

  test("an unknown activation name is refused, listing Keras's names", () => {
    assert.throws(() => layers.Dense(2, { activation: "glu" as never }), /`activation` must be null, a function of a tensor or one of .*"leaky_relu".*; got "glu"/);
  });
});
