import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends } from "../backends.js";

/**
 * Two branches of the same length: question words (Embedding with maskZero → LSTM) and frame
 * features (LSTM, no mask). The frame LSTM must see no mask, whatever the question's padding.
 */
function twoBranchModel(): { model: tf.LayersModel; frames: tf.layers.Layer } {
  const words = keras.Input({ shape: [5], dtype: "int32" });
  const features = keras.Input({ shape: [5, 3] });
  const question = keras.layers.LSTM(4).apply(keras.layers.Embedding(20, 3, { maskZero: true }).apply(words)) as tf.SymbolicTensor;
  const frames = keras.layers.LSTM(4);
  const video = frames.apply(features) as tf.SymbolicTensor;
  return { model: keras.Model([words, features], [question, video]), frames };
}

onBackends(() => {
  test("a layer after a masked branch gets no mask in predict, evaluate and fit (tfjs's executor handed it the other branch's)", async () => {
    const { model, frames } = twoBranchModel();
    const words = tf.tensor2d([[3, 4, 0, 0, 0], [5, 0, 0, 0, 0]], undefined, "int32");
    const features = tf.randomUniform([2, 5, 3], -1, 1, "float32", 7);
    const [, video] = model.predict([words, features]) as tf.Tensor[];
    const alone = frames.apply(features) as tf.Tensor;
    const got = video!.dataSync();
    alone.dataSync().forEach((expected, i) => assert.ok(Math.abs(got[i]! - expected) < 1e-6, `[${i}] ${got[i]} vs ${expected}`));
    // Training runs through the same executor with {training: true} as the shared object.
    model.compile({ optimizer: "sgd", loss: ["mse", "mse"] });
    const losses = model.evaluate([words, features], [tf.zeros([2, 4]), alone]) as tf.Scalar[];
    const frameLoss = losses[losses.length - 1]!.dataSync()[0]!;
    assert.ok(frameLoss < 1e-10, `the frame branch's loss against its own unmasked output is ${frameLoss}`);
  });
});

onBackends(() => {
  test("inside a model, cross-attention gets its value's mask (tfjs's executor passed only the query's): predict equals the eager call with both masks", () => {
    for (const make of [() => keras.layers.MultiHeadAttention(2, 3, { name: "mha_value_mask" }), () => keras.layers.Attention({ name: "attention_value_mask" })]) {
      const queryIn = keras.Input({ shape: [3, 4] });
      const passageIn = keras.Input({ shape: [5], dtype: "int32" });
      const embedding = keras.layers.Embedding(10, 4, { maskZero: true });
      const passage = embedding.apply(passageIn) as tf.SymbolicTensor;
      const attention = make();
      const model = keras.Model([queryIn, passageIn], attention.apply([queryIn, passage]) as tf.SymbolicTensor);
      const query = tf.randomUniform([2, 3, 4], -1, 1, "float32", 3);
      const tokens = tf.tensor2d([[4, 2, 7, 0, 0], [9, 0, 0, 0, 0]], undefined, "int32");
      const predicted = model.predict([query, tokens]) as tf.Tensor;
      const embedded = embedding.apply(tokens) as tf.Tensor;
      const valueMask = tf.notEqual(tokens, 0);
      const masked = attention.apply([query, embedded], { mask: [null, valueMask] }) as tf.Tensor;
      const unmasked = attention.apply([query, embedded]) as tf.Tensor;
      const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      assert.ok(diff(predicted, masked) < 1e-5, `${attention.name}: model vs eager with the value mask: ${diff(predicted, masked)}`);
      assert.ok(diff(unmasked, masked) > 1e-3, `${attention.name}: the padding must matter for this check to mean anything`);
    }
  });
});
