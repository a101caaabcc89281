/**
 * Port of Keras 3's keras/src/layers/activations/activation_test.py, on every backend.
 * The second run_layer_test passes `activations.gelu`, a callable: ours is
 * `keras.activations.gelu`, which a layer takes as Keras's "gelu" (saved by name), so its config
 * round-trips as Keras's does. Not approximated from run_layer_test: seed-generator counts and
 * the training check (see layer_cases.ts).
 *
 * Ours (marked): a JS function that is not a Keras activation, as `activation` on Activation,
 * Dense, Conv1D and an RNN, runs the function, and their getConfig throws naming the option.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import * as activations from "../../../../lib/keras/activations/index.js";
import { close } from "./lookup_helpers.js";
import { kerasInput, runLayerTest } from "./layer_cases.js";

/** A JS function (not a Keras activation): Keras's gelu (approximate=False), x · ½(1 + erf(x / √2)). */
const gelu = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));

onBackends(() => {
  test("ActivationTest.test_activation_basics", () => {
    runLayerTest({
      make: () => layers.Activation("relu"),
      inputShape: [2, 3],
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
    runLayerTest({
      make: () => layers.Activation(activations.gelu),
      inputShape: [2, 2],
      expectedOutputShape: [2, 2],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
    assert.equal(layers.Activation(activations.gelu).getConfig().activation, "gelu");
  });

  test("Activation(a JS function): runs it, refuses its config by name (ours)", () => {
    runLayerTest({
      make: () => layers.Activation(gelu),
      inputShape: [2, 2],
      expectedOutputShape: [2, 2],
      expectedOutput: layers.Activation("gelu").apply(kerasInput([2, 2])) as tf.Tensor,
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
      serializable: false,
    });
    const layer = layers.Activation(gelu, { name: "my_gelu" });
    assert.throws(() => layer.getConfig(), /Activation layer "my_gelu" cannot be serialized: its `activation` is a JavaScript function/);
  });

  test("activation: a function on Dense, Conv1D and SimpleRNN (ours)", () => {
    const double = (x: tf.Tensor) => tf.mul(x, 2);
    const dense = layers.Dense(3, { activation: double, kernelInitializer: "ones", name: "d" });
    close(dense.apply(tf.ones([1, 2])) as tf.Tensor, [[4, 4, 4]], "Dense: 2 · (x·W + b)");
    assert.throws(() => dense.getConfig(), /Dense layer "d" cannot be serialized: its `activation` is a JavaScript function/);
    const conv = layers.Conv1D(2, 1, { activation: (x) => tf.neg(x), kernelInitializer: "ones" });
    close(conv.apply(tf.ones([1, 3, 2])) as tf.Tensor, [[[-2, -2], [-2, -2], [-2, -2]]], "Conv1D: −(x∗k)");
    assert.throws(() => conv.getConfig(), /`activation` is a JavaScript function/);
    const rnn = layers.SimpleRNN(2, { activation: tf.tanh as (x: tf.Tensor) => tf.Tensor, kernelInitializer: "ones", recurrentInitializer: "zeros" });
    const named = layers.SimpleRNN(2, { activation: "tanh", kernelInitializer: "ones", recurrentInitializer: "zeros" });
    const x = kerasInput([2, 3, 2]);
    close(rnn.apply(x) as tf.Tensor, (named.apply(x) as tf.Tensor).arraySync(), "SimpleRNN: the function is tanh's");
    assert.throws(() => rnn.getConfig(), /`activation` is a JavaScript function/);
  });
});
