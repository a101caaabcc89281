import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { AttentionLayer } from "../../../../lib/keras/layers/attention.js";
import { MultiHeadAttentionLayer } from "../../../../lib/keras/layers/multi_head_attention.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";


function uniform(seed: number, shape: number[], scale = 1): tf.Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale), shape);
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

const slice3 = (t: tf.Tensor, steps: number) => tf.slice(t, [0, 0, 0], [-1, steps, -1]);

/** Embedding(maskZero) feeding the layer as query and value (self-attention), as a Model. */
function selfAttentionModel(layer: tf.layers.Layer, maskZero: boolean): tf.LayersModel {
  const input = layers.Input({ shape: [null], dtype: "int32" });
  const e = layers.Embedding(20, 4, { maskZero }).apply(input) as tf.SymbolicTensor;
  const out = layer.apply([e, e]) as tf.SymbolicTensor;
  const model = Model(input, out);
  model.setWeights(model.getWeights().map((w, i) => uniform(10 + i, w.shape)));
  return model;
}

onBackends(() => {
  for (const [name, make] of [
    ["Attention", () => layers.Attention()],
    ["Attention concat", () => layers.Attention({ scoreMode: "concat", useScale: true })],
    ["MultiHeadAttention", () => layers.MultiHeadAttention(2, 3)],
  ] as [string, () => tf.layers.Layer][]) {
    // Self-attention inside a model: tfjs's executor hands the layer only the query's mask, which
    // is also the value's here (the same tensor). Two paddings of one length check no mask is stale.
    test(`${name}: Embedding(maskZero) padding changes nothing at the real steps; the output mask is the query's`, () => {
      const model = selfAttentionModel(make(), true);
      const run = (rows: number[][]) => model.predict(tf.tensor2d(rows, undefined, "int32")) as tf.Tensor;
      const short = run([[3, 7, 5], [2, 9, 4]]);
      const padded = run([[3, 7, 5, 0, 0], [2, 9, 4, 0, 0]]);
      assert.ok(maxDiff(short, slice3(padded, 3)) < 1e-5, `differs by ${maxDiff(short, slice3(padded, 3))}`);
      const shorter = run([[3, 7], [2, 9]]);
      assert.ok(maxDiff(shorter, slice3(run([[3, 7, 0, 0, 0], [2, 9, 0, 0, 0]]), 2)) < 1e-5);
      assert.ok(maxDiff(slice3(model.apply(tf.tensor2d([[3, 7, 5, 0, 0], [2, 9, 4, 0, 0]], undefined, "int32")) as tf.Tensor, 3), short) < 1e-5);
      const unmasked = selfAttentionModel(make(), false);
      const a = unmasked.predict(tf.tensor2d([[3, 7, 5]], undefined, "int32")) as tf.Tensor;
      const b = unmasked.predict(tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32")) as tf.Tensor;
      assert.ok(maxDiff(a, slice3(b, 3)) > 1e-4, "without maskZero the padding changes the output");
      const layer = model.layers[2];
      const qMask = tf.tensor2d([[1, 1, 0]], undefined, "bool");
      const mask = layer.computeMask([tf.zeros([1, 3, 4]), tf.zeros([1, 3, 4])], [qMask, tf.tensor2d([[1, 0, 0]], undefined, "bool")]) as tf.Tensor;
      assert.deepEqual(Array.from(mask.dataSync()), [1, 1, 0]);
    });

    test(`${name}: with a causal mask, the output at step t ignores later steps`, () => {
      const layer = make();
      const x = uniform(1, [2, 5, 4]);
      const changed = tf.concat([tf.slice(x, [0, 0, 0], [2, 3, 4]), uniform(2, [2, 2, 4])], 1);
      const run = (v: tf.Tensor) => layer.apply([v, v], { useCausalMask: true }) as tf.Tensor;
      const a = run(x), b = run(changed);
      assert.ok(maxDiff(slice3(a, 3), slice3(b, 3)) < 1e-6);
      assert.ok(maxDiff(a, b) > 1e-4, "later steps do change their own outputs");
      // Step t equals attention over the prefix up to t: step 0 sees only itself.
      const first = layer.apply([tf.slice(x, [0, 0, 0], [2, 1, 4]), tf.slice(x, [0, 0, 0], [2, 1, 4])]) as tf.Tensor;
      assert.ok(maxDiff(slice3(a, 1), first) < 1e-5);
    });
  }

  test("Attention dot scores follow Keras: softmax(scale·q·kᵀ) v, value mask −1e9, query mask zeroes rows", () => {
    const layer = layers.Attention({ useScale: true });
    const q = uniform(3, [2, 3, 4]), v = uniform(4, [2, 5, 4]), k = uniform(5, [2, 5, 4]);
    layer.apply([q, v, k]);
    layer.setWeights([tf.scalar(0.7)]);
    const vMask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 0]], undefined, "bool");
    const qMask = tf.tensor2d([[1, 1, 0], [1, 1, 1]], undefined, "bool");
    const out = layer.apply([q, v, k], { mask: [qMask, vMask] }) as tf.Tensor;
    const qa = q.arraySync() as number[][][], va = v.arraySync() as number[][][], ka = k.arraySync() as number[][][];
    const vm = vMask.arraySync() as unknown as (number | boolean)[][], qm = qMask.arraySync() as unknown as (number | boolean)[][];
    const want = qa.map((qb, b) =>
      qb.map((qi, i) => {
        const s = ka[b].map((kj, j) => (vm[b][j] ? 0.7 * qi.reduce((acc, x, d) => acc + x * kj[d], 0) : -Infinity));
        const m = Math.max(...s);
        const e = s.map((x) => Math.exp(x - m));
        const z = e.reduce((p, c) => p + c, 0);
        return va[b][0].map((_, d) => (qm[b][i] ? e.reduce((acc, w, j) => acc + (w / z) * va[b][j][d], 0) : 0));
      }),
    );
    assert.ok(maxDiff(out, tf.tensor(want)) < 1e-5);
  });

  test('Attention scoreMode "concat": scores = w · Σ tanh(scale·(q + k)), Keras weight names and count', () => {
    const layer = layers.Attention({ scoreMode: "concat", useScale: true });
    const q = uniform(6, [1, 2, 3]), v = uniform(7, [1, 4, 3]);
    layer.apply([q, v]);
    assert.deepEqual(layer.weights.map((w) => w.originalName.split("/").pop()), ["scale", "concat_score_weight"]);
    assert.equal(layer.countParams(), 2);
    layer.setWeights([tf.scalar(0.6), tf.scalar(1.4)]);
    const out = layer.apply([q, v]) as tf.Tensor;
    const qa = (q.arraySync() as number[][][])[0], va = (v.arraySync() as number[][][])[0];
    const want = qa.map((qi) => {
      const s = va.map((kj) => 1.4 * qi.reduce((acc, x, d) => acc + Math.tanh(0.6 * (x + kj[d])), 0));
      const m = Math.max(...s);
      const e = s.map((x) => Math.exp(x - m));
      const z = e.reduce((p, c) => p + c, 0);
      return va[0].map((_, d) => e.reduce((acc, w, j) => acc + (w / z) * va[j][d], 0));
    });
    assert.ok(maxDiff(out, tf.tensor([want])) < 1e-5);
    assert.throws(() => layers.Attention({ scoreMode: "additive" as any }), /Attention: `scoreMode` must be one of "dot", "concat"/);
  });

  test("Attention and MultiHeadAttention dropout act only in training", () => {
    for (const layer of [layers.Attention({ dropout: 0.5 }), layers.MultiHeadAttention(2, 3, { dropout: 0.5 })]) {
      const x = uniform(8, [2, 5, 4]);
      const a = layer.apply([x, x]) as tf.Tensor;
      assert.equal(maxDiff(a, layer.apply([x, x]) as tf.Tensor), 0);
      assert.ok(maxDiff(a, layer.apply([x, x], { training: true }) as tf.Tensor) > 1e-4);
    }
  });

  test("MultiHeadAttention: a fully masked query row attends to nothing (output = output bias), as Keras's masked softmax", () => {
    const mha = layers.MultiHeadAttention(2, 3);
    const x = uniform(9, [1, 3, 4]);
    mha.apply([x, x]);
    mha.setWeights(mha.getWeights().map((w, i) => uniform(40 + i, w.shape)));
    const out = mha.apply([x, x], { mask: [tf.tensor2d([[1, 1, 0]], undefined, "bool"), null] }) as tf.Tensor;
    const bias = mha.getWeights()[mha.getWeights().length - 1];
    assert.ok(maxDiff(tf.slice(out, [0, 2, 0], [1, 1, 4]).reshape([4]), bias) < 1e-6);
  });

  test("MultiHeadAttention attentionMask: masking value steps equals dropping them; combined with the key mask", () => {
    const mha = layers.MultiHeadAttention(2, 3);
    const q = uniform(11, [2, 3, 4]), v = uniform(12, [2, 5, 4]);
    mha.apply([q, v]);
    mha.setWeights(mha.getWeights().map((w, i) => uniform(50 + i, w.shape)));
    const attentionMask = tf.tile(tf.tensor3d([[[1, 1, 1, 0, 0]]], undefined, "bool"), [2, 3, 1]);
    const masked = mha.apply([q, v], { attentionMask }) as tf.Tensor;
    const truncated = mha.apply([q, tf.slice(v, [0, 0, 0], [2, 3, 4])]) as tf.Tensor;
    assert.ok(maxDiff(masked, truncated) < 1e-5);
    // Explicit mask ∧ value mask: steps 0–2 kept by the explicit mask, step 2 dropped by the value mask.
    const both = mha.apply([q, v], { attentionMask, mask: [null, tf.tensor2d([[1, 1, 0, 1, 1], [1, 1, 0, 1, 1]], undefined, "bool")] }) as tf.Tensor;
    const two = mha.apply([q, tf.slice(v, [0, 0, 0], [2, 2, 4])]) as tf.Tensor;
    assert.ok(maxDiff(both, two) < 1e-5);
    assert.throws(() => mha.apply([q, v], { attentionMask: tf.ones([2, 5, 3], "bool") }), /attentionMask must have shape \[batch, 3, 5\]/);
  });

  test("MultiHeadAttention attentionMask as a model input: predict and a JSON round trip agree with eager", async () => {
    const x = layers.Input({ shape: [5, 4] });
    const m = layers.Input({ shape: [5, 5], dtype: "bool" });
    const mha = layers.MultiHeadAttention(2, 3);
    const model = Model([x, m], mha.apply([x, x], { attentionMask: m }) as tf.SymbolicTensor);
    model.setWeights(model.getWeights().map((w, i) => uniform(60 + i, w.shape)));
    const xv = uniform(13, [2, 5, 4]);
    const mv = tf.cast(tf.tensor3d(Array.from({ length: 2 }, (_, b) => Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (j <= i + b ? 1 : 0))))), "bool");
    const got = model.predict([xv, mv]) as tf.Tensor;
    const eager = mha.apply([xv, xv], { attentionMask: mv }) as tf.Tensor;
    assert.ok(maxDiff(got, eager) < 1e-6);
    assert.ok(maxDiff(got, mha.apply([xv, xv]) as tf.Tensor) > 1e-4, "the mask matters");

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    assert.equal(maxDiff(loaded.predict([xv, mv]) as tf.Tensor, got), 0);
  });

  test("getConfig/fromConfig round trips keep every option and the outputs", async () => {
    const att = layers.Attention({ useScale: true, scoreMode: "concat", dropout: 0.25, useCausalMask: true });
    const config = att.getConfig();
    assert.deepEqual([config.useScale, config.scoreMode, config.dropout, config.useCausalMask], [true, "concat", 0.25, true]);
    const attClone = AttentionLayer.fromConfig(AttentionLayer, config) as AttentionLayer;
    assert.deepEqual(attClone.getConfig(), config);

    const mha = layers.MultiHeadAttention(2, 3, { valueDim: 4, outputShape: 6, useBias: false, dropout: 0.1, useCausalMask: true });
    const mhaConfig = mha.getConfig();
    const mhaClone = MultiHeadAttentionLayer.fromConfig(MultiHeadAttentionLayer, mhaConfig) as MultiHeadAttentionLayer;
    assert.deepEqual(mhaClone.getConfig(), mhaConfig);

    const input = layers.Input({ shape: [null], dtype: "int32" });
    const e = layers.Embedding(20, 4, { maskZero: true }).apply(input) as tf.SymbolicTensor;
    const h = layers.Attention({ scoreMode: "concat", useScale: true, useCausalMask: true }).apply([e, e]) as tf.SymbolicTensor;
    const model = Model(input, layers.MultiHeadAttention(2, 3, { useCausalMask: true }).apply([h, e]) as tf.SymbolicTensor);
    model.setWeights(model.getWeights().map((w, i) => uniform(70 + i, w.shape)));
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const tokens = tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32");
    assert.equal(maxDiff(loaded.predict(tokens) as tf.Tensor, model.predict(tokens) as tf.Tensor), 0);
  });

  /** Largest |analytic − central difference| over every weight and input entry of `f`. */
  function gradientError(layer: tf.layers.Layer, inputs: tf.Tensor[], kwargs: Record<string, unknown>, eps = 1e-2): number {
    const probe = uniform(99, (layer.apply(inputs, kwargs) as tf.Tensor).shape);
    // getWeights returns the variables themselves; setWeights below would move them.
    const weights = layer.getWeights().map((w) => w.clone());
    const loss = (w: tf.Tensor[], xs: tf.Tensor[]) => {
      layer.setWeights(w);
      return tf.sum(tf.mul(layer.apply(xs, kwargs) as tf.Tensor, probe));
    };
    const vars = layer.trainableWeights.map((v) => (v as any).val as tf.Variable);
    layer.setWeights(weights);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(inputs, kwargs) as tf.Tensor, probe)) as tf.Scalar, vars);
    const inputGrads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(layer.apply(xs, kwargs) as tf.Tensor, probe)))(inputs);
    let worst = 0;
    const check = (values: tf.Tensor[], analytic: tf.Tensor[], rebuild: (vs: tf.Tensor[]) => number) => {
      values.forEach((t, ti) => {
        const base = t.dataSync(), a = analytic[ti].dataSync();
        for (let i = 0; i < base.length; i++) {
          const at = (d: number) => {
            const copy = Float32Array.from(base);
            copy[i] += d;
            return rebuild(values.map((u, j) => (j === ti ? tf.tensor(copy, u.shape) : u)));
          };
          worst = Math.max(worst, Math.abs((at(eps) - at(-eps)) / (2 * eps) - a[i]));
        }
      });
    };
    check(weights, vars.map((v) => grads[v.name]), (w) => loss(w, inputs).dataSync()[0]);
    check(inputs, inputGrads, (xs) => loss(weights, xs).dataSync()[0]);
    layer.setWeights(weights);
    return worst;
  }

  test("gradient check: Attention (dot, concat) and MultiHeadAttention with masks match central differences", () => {
    const q = uniform(21, [1, 3, 2], 0.8), v = uniform(22, [1, 4, 2], 0.8);
    const mask = [tf.tensor2d([[1, 1, 0]], undefined, "bool"), tf.tensor2d([[1, 1, 1, 0]], undefined, "bool")];
    const dot = layers.Attention({ useScale: true });
    dot.apply([q, v]);
    dot.setWeights([tf.scalar(0.8)]);
    assert.ok(gradientError(dot, [q, v], { mask, useCausalMask: true }) < 2e-3);
    const concat = layers.Attention({ scoreMode: "concat", useScale: true });
    concat.apply([q, v]);
    concat.setWeights([tf.scalar(0.8), tf.scalar(1.2)]);
    const concatError = gradientError(concat, [q, v], { mask });
    assert.ok(concatError < 2e-3, `concat: ${concatError}`);
    const mha = layers.MultiHeadAttention(2, 2);
    mha.apply([q, v]);
    mha.setWeights(mha.getWeights().map((w, i) => uniform(80 + i, w.shape, 0.7)));
    assert.ok(gradientError(mha, [q, v], { mask, useCausalMask: true }) < 2e-3);
  });

  test("useCausalMask given to apply while building a model holds in predict and after a JSON round trip", async () => {
    for (const make of [() => layers.Attention(), () => layers.MultiHeadAttention(2, 3)]) {
      const x = layers.Input({ shape: [4, 3] });
      const layer = make();
      const model = Model(x, layer.apply([x, x], { useCausalMask: true }) as tf.SymbolicTensor);
      model.setWeights(model.getWeights().map((w, i) => uniform(90 + i, w.shape)));
      const xv = uniform(14, [2, 4, 3]);
      const causal = layer.apply([xv, xv], { useCausalMask: true }) as tf.Tensor;
      const got = model.predict(xv) as tf.Tensor;
      assert.ok(maxDiff(got, causal) < 1e-6);
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      assert.ok(maxDiff(loaded.predict(xv) as tf.Tensor, causal) < 1e-6);
    }
  });
});
