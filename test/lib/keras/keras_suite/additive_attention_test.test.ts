/**
 * Port of Keras 3's keras/src/layers/attention/additive_attention_test.py, on every backend
 * (basics and argument checks on cpu only). run_layer_test is approximated: build, output
 * shape, weight counts, config round trip (seed generators are not counted: tfjs has none).
 * Adapted, as attention_test's port: test_attention_errors keeps only the "length 2 or 3"
 * check; a single tensor is self-attention here (attention.ts), and a non-list or one-element
 * mask is read as the query's mask rather than refused.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

onCpuOnly(() => {
  test("AdditiveAttentionTest.test_attention_basics", () => {
    for (const [useScale, trainable] of [[true, 1], [false, 0]] as const) {
      const make = () => layers.AdditiveAttention({ useScale, dropout: 0.5 });
      serializationRoundTrip(make());
      assert.equal(make().supportsMasking, true);
      const symbolic = make().apply([keras.Input({ batchShape: [2, 3, 4] }), keras.Input({ batchShape: [2, 4, 4] })]) as tf.SymbolicTensor;
      assert.deepEqual(symbolic.shape, [2, 3, 4]);
      const layer = make();
      const out = layer.apply([tf.randomUniform([2, 3, 4]), tf.randomUniform([2, 4, 4])], { training: true }) as tf.Tensor;
      assert.deepEqual(out.shape, [2, 3, 4]);
      assert.equal(layer.trainableWeights.length, trainable);
      assert.equal(layer.nonTrainableWeights.length, 0);
      assert.equal(layer.losses.length, 0);
      serializationRoundTrip(layer);
    }
  });

  test("AdditiveAttentionTest.test_attention_errors (4 inputs: length 2 or 3)", () => {
    const tensor = tf.tensor3d([[[1, 1], [1, 1]]]);
    assert.throws(() => layers.AdditiveAttention().apply([tensor, tensor, tensor, tensor]), /AdditiveAttention: call it on \[query, value\] or \[query, value, key\]/);
  });
});

onBackends(() => {
  test("AdditiveAttentionTest.test_attention_correctness", () => {
    const query = tf.tensor3d([[[1, 0], [0, 1]]]);
    const key = tf.tensor3d([[[0, 1], [1, 0]]]);
    const value = tf.tensor3d([[[1, 2], [3, 4]]]);
    const [output, scores] = layers.AdditiveAttention({ useScale: false }).apply([query, value, key], { returnAttentionScores: true }) as tf.Tensor[];
    assert.ok(tf.max(tf.abs(tf.sub(output!, [[[1.727, 2.727], [2.272, 3.272]]]))).dataSync()[0]! < 1e-3, "output");
    assert.ok(tf.max(tf.abs(tf.sub(scores!, [[[0.636, 0.363], [0.363, 0.636]]]))).dataSync()[0]! < 1e-3, "scores");
  });

  test("AdditiveAttentionTest.test_attention_with_mask", () => {
    const query = tf.tensor3d([[[1, 0], [0, 1]]]);
    const value = tf.tensor3d([[[1, 1], [1, 1]]]);
    const mask = [tf.tensor2d([[1, 0]], undefined, "bool"), tf.tensor2d([[1, 0]], undefined, "bool")];
    const [output, scores] = layers.AdditiveAttention({ useScale: false }).apply([query, value], { mask, returnAttentionScores: true }) as tf.Tensor[];
    close(output, [[[1, 1], [0, 0]]], "output");
    close(scores, [[[1, 0], [1, 0]]], "scores");
  });
});
