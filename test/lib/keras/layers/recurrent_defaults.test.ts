import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";

test("LSTM and SimpleRNN take Keras 3's defaults where tfjs's differ, and keep what the user gives", () => {
  const config = (layer: tf.layers.Layer) => layer.getConfig() as Record<string, any>;
  // tfjs serializes glorot_uniform as VarianceScaling(1, fanAvg, uniform).
  const glorotUniform = { className: "VarianceScaling", config: { scale: 1, mode: "fanAvg", distribution: "uniform", seed: null } };
  const lstm = config(keras.layers.LSTM(4));
  assert.equal(lstm.recurrentActivation, "sigmoid");
  assert.equal(lstm.unitForgetBias, true);
  assert.deepEqual(lstm.kernelInitializer, glorotUniform);
  const given = config(keras.layers.LSTM(4, { recurrentActivation: "hard_sigmoid", unitForgetBias: false, kernelInitializer: "he_normal" }));
  assert.equal(given.recurrentActivation, "hardSigmoid");
  assert.equal(given.unitForgetBias, false);
  assert.equal(given.kernelInitializer.config.distribution, "normal");
  assert.equal(given.kernelInitializer.config.mode, "fanIn");
  assert.deepEqual(config(keras.layers.SimpleRNN(4)).kernelInitializer, glorotUniform);
  // Keras's unit_forget_bias: the forget gate's bias starts at 1, the other gates' at 0.
  const layer = keras.layers.LSTM(2);
  layer.apply(keras.Input({ shape: [3, 5] }));
  const bias = Array.from(layer.getWeights()[2]!.dataSync());
  assert.deepEqual(bias, [0, 0, 1, 1, 0, 0, 0, 0]);
});
