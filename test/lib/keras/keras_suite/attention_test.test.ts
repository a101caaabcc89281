/**
 * Port of Keras 3's keras/src/layers/attention/attention_test.py, on every backend (argument
 * checks on cpu only); plus returnAttentionScores on MultiHeadAttention and inside a model.
 * run_layer_test is approximated: build, output shape, weight counts, config round trip.
 * Skipped or adapted:
 * - test_attention_seed_preserved_in_config: our Attention has no `seed` option (tfjs dropout has no SeedGenerator).
 * - test_attention_errors: only the "length 2 or 3" check is ported (4 inputs throw). A single tensor
 *   is self-attention here (documented in attention.ts), not an error, and a non-list / 1-element
 *   mask is read as the query's mask rather than rejected.
 * - test_attention_calculate_score_mask_*: Keras's private `_calculate_score_mask` has no
 *   counterpart; the same masks are checked through the returned attention scores instead.
 * - test_return_attention_scores_true_and_tuple: JS has no tuples; the result is a 2-element array.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

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

const rand = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, "float32", seed);
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;

onBackends(() => {
  test("AttentionTest.test_attention_basics", () => {
    for (const [options, weights] of [
      [{ scoreMode: "dot", dropout: 0.5 }, 0],
      [{ useScale: true, scoreMode: "concat", dropout: 0.5 }, 2],
    ] as const) {
      const layer = layers.Attention(options);
      assert.equal(layer.supportsMasking, true);
      const sym = layer.apply([keras.Input({ batchShape: [2, 3, 4] }), keras.Input({ batchShape: [2, 4, 4] })]) as tf.SymbolicTensor;
      assert.deepEqual(sym.shape, [2, 3, 4]);
      const eager = layers.Attention(options);
      const y = eager.apply([rand([2, 3, 4], 1), rand([2, 4, 4], 2)]) as tf.Tensor;
      assert.deepEqual(y.shape, [2, 3, 4]);
      assert.equal(eager.trainableWeights.length, weights);
      assert.equal(eager.nonTrainableWeights.length, 0);
      assert.equal(eager.losses.length, 0);
      serializationRoundTrip(eager);
    }
  });

  test("AttentionTest.test_attention_with_dropout", () => {
    const query = tf.tensor3d([[[1, 0], [0, 1]]]);
    const value = tf.tensor3d([[[1, 1], [1, 1]]]);
    const [output1, scores1] = layers.Attention({ dropout: 0.2 }).apply([query, value], { returnAttentionScores: true, training: true }) as tf.Tensor[];
    const [output2, scores2] = layers.Attention().apply([query, value], { returnAttentionScores: true, training: true }) as tf.Tensor[];
    // Four weights each kept with p = 0.8: all kept (outputs equal) has probability 0.8^4 ≈ 0.41,
    // so, as Keras's assertNotAllClose needs, retry a few fresh dropout draws.
    let differs = maxDiff(output1!, output2!) > 1e-6 && maxDiff(scores1!, scores2!) > 1e-6;
    for (let i = 0; i < 20 && !differs; i++) {
      const [o, s] = layers.Attention({ dropout: 0.2 }).apply([query, value], { returnAttentionScores: true, training: true }) as tf.Tensor[];
      differs = maxDiff(o!, output2!) > 1e-6 && maxDiff(s!, scores2!) > 1e-6;
    }
    assert.ok(differs, "dropout changes the output and the scores");
  });

  test("AttentionTest.test_attention_calculate_scores_with_scale", () => {
    const query = rand([2, 3, 4], 3);
    const key = rand([2, 4, 4], 4);
    const layer = layers.Attention({ useScale: true, scoreMode: "dot" });
    layer.build([[2, 3, 4], [2, 4, 4]]);
    const scale = (layer.trainableWeights[0]!.read().dataSync()[0])!;
    // numpy: matmul(query, key.transpose(0, 2, 1)) * scale.
    const q = query.arraySync() as number[][][], k = key.arraySync() as number[][][];
    const expected = q.map((qb, b) => qb.map((row) => k[b]!.map((kr) => row.reduce((acc, x, d) => acc + x * kr[d]!, 0) * scale)));
    close((layer as unknown as { scores(q: tf.Tensor, k: tf.Tensor): tf.Tensor }).scores(query, key), expected, "scores");
  });

  test("AttentionTest.test_attention_calculate_score_mask_with_causal_no_vmask and _with_causal_and_vmask (through the scores)", () => {
    const query = rand([2, 3, 4], 5);
    const value = rand([2, 4, 4], 6);
    const tril = [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => (j <= i ? 1 : 0)));
    let [, scores] = layers.Attention({ useCausalMask: true }).apply([query, value], { returnAttentionScores: true }) as tf.Tensor[];
    close(tf.cast(tf.greater(scores!, 0), "float32"), [tril, tril], "causal: weight only where np.tril is 1");
    const vMask = [1, 0, 1, 0];
    [, scores] = layers.Attention({ useCausalMask: true }).apply([query, value], { mask: [null, tf.tensor2d([vMask, vMask], undefined, "bool")] as unknown as tf.Tensor[], returnAttentionScores: true }) as tf.Tensor[];
    const combined = tril.map((row) => row.map((x, j) => x * vMask[j]!));
    close(tf.cast(tf.greater(scores!, 0), "float32"), [combined, combined], "causal ∧ value mask");
    // No causal mask and no value mask: nothing is masked.
    [, scores] = layers.Attention().apply([query, value], { returnAttentionScores: true }) as tf.Tensor[];
    assert.equal(tf.min(scores!).dataSync()[0]! > 0, true);
  });

  test("AttentionTest.test_attention_compute_mask_* (the query's mask, or null)", () => {
    const layer = layers.Attention();
    const inputs = [tf.ones([2, 3, 4]), tf.ones([2, 4, 4])];
    assert.equal(layer.computeMask(inputs, undefined), null, "no mask");
    assert.equal(layer.computeMask(inputs, [null, tf.tensor1d([1, 0, 1], "bool")] as unknown as tf.Tensor[]), null, "first element null");
    const cases: [number[], number[], "bool" | "float32" | "int32"][] = [
      [[1, 0, 1], [0, 1, 0], "bool"],
      [[1, 1, 1], [1, 1, 1], "bool"],
      [[0, 0, 0], [0, 0, 0], "bool"],
      [[1, 0, 1], [0, 1, 0], "float32"],
      [[1], [0], "bool"],
      [[1, 0, 1], [0, 1, 0], "int32"],
    ];
    for (const [valid, other, dtype] of cases) {
      const m = layer.computeMask(inputs, [tf.tensor1d(valid, dtype), tf.tensor1d(other, dtype)]) as tf.Tensor;
      assert.ok(m instanceof tf.Tensor);
      close(m, valid, `mask ${JSON.stringify(valid)} (${dtype})`);
    }
    for (const shape of [[2, 3, 4], [3, 2, 5], [4, 1, 6]]) {
      const m = layer.computeMask([tf.ones(shape), tf.ones(shape)], [tf.tensor1d([1, 0, 1], "bool"), tf.tensor1d([0, 1, 0], "bool")]) as tf.Tensor;
      close(m, [1, 0, 1], `inputs ${JSON.stringify(shape)}`);
    }
  });

  test("AttentionTest.test_attention_compute_output_shape", () => {
    const query = rand([2, 3, 4], 7), value = rand([2, 3, 5], 8), key = rand([2, 3, 4], 9);
    const layer = layers.Attention();
    const output = layer.apply([query, value, key]) as tf.Tensor;
    assert.deepEqual(output.shape, value.shape);
    assert.deepEqual(layer.computeOutputShape([query.shape, value.shape, key.shape]), output.shape);
  });

  test("AttentionTest.test_attention_nd_inputs", () => {
    const layer = layers.Attention();
    const query = rand([2, 8, 6, 4], 10), value = rand([2, 8, 6, 4], 11);
    assert.deepEqual((layer.apply([query, value]) as tf.Tensor).shape, [2, 8, 6, 4]);
    const [output, scores] = layer.apply([query, value], { returnAttentionScores: true }) as tf.Tensor[];
    assert.deepEqual(output!.shape, [2, 8, 6, 4]);
    assert.deepEqual(scores!.shape, [2, 8, 6, 6]);
  });

  test("AttentionTest.test_return_attention_scores_true, _true_and_tuple, _true_tuple_then_unpack", () => {
    const outputs = layers.Attention().apply([rand([2, 8, 16], 12), rand([2, 4, 16], 13)], { returnAttentionScores: true }) as tf.Tensor[];
    assert.ok(Array.isArray(outputs));
    assert.equal(outputs.length, 2);
    const [output, attentionScores] = outputs;
    assert.deepEqual(output!.shape, [2, 8, 16]);
    assert.deepEqual(attentionScores!.shape, [2, 8, 4]);
  });

  test("AttentionTest.test_return_attention_scores_with_symbolic_tensors", () => {
    const x = keras.Input({ shape: [3, 5] }), y = keras.Input({ shape: [4, 5] });
    const [output, attentionScores] = layers.Attention().apply([x, y], { returnAttentionScores: true }) as tf.SymbolicTensor[];
    assert.deepEqual(output!.shape, [null, 3, 5]);
    assert.deepEqual(attentionScores!.shape, [null, 3, 4]);
  });

  test("AttentionTest.test_symbolic_call_does_not_leak_return_attention_scores", () => {
    const attention = layers.Attention();
    attention.apply([rand([2, 3, 5], 14), rand([2, 4, 5], 15)], { returnAttentionScores: true });
    const x = keras.Input({ shape: [3, 5] }), y = keras.Input({ shape: [4, 5] });
    const output = attention.apply([x, y]);
    assert.ok(!Array.isArray(output));
    assert.deepEqual((output as tf.SymbolicTensor).shape, [null, 3, 5]);
    assert.deepEqual(attention.computeOutputShape([x.shape, y.shape]), [null, 3, 5]);
  });
});

onCpuOnly(() => {
  test("AttentionTest.test_attention_errors (4 inputs: length 2 or 3)", () => {
    const tensor = tf.tensor3d([[[1, 1], [1, 1]]]);
    assert.throws(() => layers.Attention().apply([tensor, tensor, tensor, tensor]), /\[query, value\] or \[query, value, key\]/);
  });

  test("AttentionTest.test_attention_invalid_score_mode", () => {
    assert.throws(() => layers.Attention({ scoreMode: "invalid_mode" as "dot" }), /scoreMode.*"dot", "concat"/);
  });
});
