/**
 * Port of Keras 3's keras/src/layers/attention/attention_test.py cases that return the attention
 * scores (correctness in "dot" and "concat" modes, masks, shapes), on every backend; and the same
 * option on MultiHeadAttention and inside a model.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";

function assertAllClose(actual: tf.Tensor, expected: number[][][], atol: number, what: string): void {
  const e = tf.tensor3d(expected);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: max |diff| ${diff}`);
}

onBackends(() => {
  test("AttentionTest.test_attention_correctness (dot and concat, with the scores)", () => {
    const query = tf.tensor3d([[[1, 0], [0, 1]]]);
    const key = tf.tensor3d([[[0, 1], [1, 0]]]);
    const value = tf.tensor3d([[[1, 2], [3, 4]]]);
    let [output, scores] = layers.Attention({ scoreMode: "dot" }).apply([query, value, key], { returnAttentionScores: true }) as tf.Tensor[];
    assertAllClose(output!, [[[2.462, 3.462], [1.538, 2.538]]], 1e-3, "dot output");
    assertAllClose(scores!, [[[0.269, 0.731], [0.731, 0.269]]], 1e-3, "dot scores");
    [output, scores] = layers.Attention({ scoreMode: "concat" }).apply([query, value, key], { returnAttentionScores: true }) as tf.Tensor[];
    assertAllClose(output!, [[[1.727, 2.727], [2.272, 3.272]]], 1e-3, "concat output");
    assertAllClose(scores!, [[[0.636, 0.363], [0.363, 0.636]]], 1e-3, "concat scores");
  });

  test("AttentionTest.test_attention_with_mask", () => {
    const query = tf.tensor3d([[[1, 0], [0, 1]]]);
    const value = tf.tensor3d([[[1, 1], [1, 1]]]);
    const mask = [tf.tensor2d([[1, 0]], undefined, "bool"), tf.tensor2d([[1, 0]], undefined, "bool")];
    const [output, scores] = layers.Attention().apply([query, value], { mask, returnAttentionScores: true }) as tf.Tensor[];
    assertAllClose(output!, [[[1, 1], [0, 0]]], 1e-6, "output");
    assertAllClose(scores!, [[[1, 0], [1, 0]]], 1e-6, "scores");
  });

  test("AttentionTest.test_attention_2D_mask_shape_mismatch and test_return_attention_scores_true: shapes", () => {
    const query = tf.randomUniform([2, 3, 5], 0, 1, "float32", 1);
    const value = tf.randomUniform([2, 4, 5], 0, 1, "float32", 2);
    const mask = [tf.tensor2d([[1, 0, 1], [1, 0, 1]], undefined, "bool"), tf.tensor2d([[1, 0, 1, 1], [1, 0, 1, 1]], undefined, "bool")];
    const [output, scores] = layers.Attention().apply([query, value], { mask, returnAttentionScores: true }) as tf.Tensor[];
    assert.deepEqual(output!.shape, [2, 3, 5]);
    assert.deepEqual(scores!.shape, [2, 3, 4]);
    const layer = layers.Attention({ returnAttentionScores: true });
    assert.deepEqual(layer.computeOutputShape([[2, 8, 16], [2, 4, 16]]), [[2, 8, 16], [2, 8, 4]]);
  });

  test("MultiHeadAttention returnAttentionScores: the softmax weights per head, [B, heads, Tq, Tv], rows summing to 1", () => {
    const query = tf.randomUniform([2, 3, 4], -1, 1, "float32", 3);
    const value = tf.randomUniform([2, 5, 4], -1, 1, "float32", 4);
    const mha = layers.MultiHeadAttention(2, 3);
    const plain = mha.apply([query, value]) as tf.Tensor;
    const [output, scores] = mha.apply([query, value], { returnAttentionScores: true }) as tf.Tensor[];
    assert.deepEqual(scores!.shape, [2, 2, 3, 5]);
    assert.ok(tf.max(tf.abs(tf.sub(output!, plain))).dataSync()[0]! < 1e-6);
    assert.ok(tf.max(tf.abs(tf.sub(tf.sum(scores!, -1), 1))).dataSync()[0]! < 1e-5);
    assert.deepEqual(layers.MultiHeadAttention(2, 3, { returnAttentionScores: true }).computeOutputShape([[null, 3, 4], [null, 5, 4]]), [[null, 3, 4], [null, 2, 3, 5]]);
  });

  test("in a model, returnAttentionScores gives the node two outputs", () => {
    const q = layers.Input({ shape: [3, 4] });
    const v = layers.Input({ shape: [5, 4] });
    const outs = layers.MultiHeadAttention(2, 3).apply([q, v], { returnAttentionScores: true }) as tf.SymbolicTensor[];
    assert.equal(outs.length, 2);
    assert.deepEqual(outs[1]!.shape, [null, 2, 3, 5]);
    const model = tf.model({ inputs: [q, v], outputs: outs });
    const [output, scores] = model.predict([tf.ones([1, 3, 4]), tf.ones([1, 5, 4])]) as tf.Tensor[];
    assert.deepEqual(output!.shape, [1, 3, 4]);
    assert.deepEqual(scores!.shape, [1, 2, 3, 5]);
  });
});
