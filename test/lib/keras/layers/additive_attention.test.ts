import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { AdditiveAttention, AdditiveAttentionLayer } from "../../../../lib/keras/layers/additive_attention.js";
import * as layers from "../../../../lib/keras/layers/index.js";

/** Keras's formula written out: softmax_v(Σ_d scale_d tanh(q_d + k_d)) · value. */
function reference(q: number[][], k: number[][], v: number[][], scale: number[]): { out: number[][]; weights: number[][] } {
  const weights = q.map((qi) => {
    const s = k.map((kj) => qi.reduce((acc, qd, d) => acc + scale[d]! * Math.tanh(qd + kj[d]!), 0));
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const out = weights.map((w) => v[0]!.map((_, d) => w.reduce((acc, wj, j) => acc + wj * v[j]![d]!, 0)));
  return { out, weights };
}

test("useScale (Keras's default) learns a scale per feature, [dim], glorot_uniform, multiplying tanh(q + k) outside", () => {
  const layer = AdditiveAttention();
  assert.equal(layer.useScale, true);
  const q = [[0.3, -0.2, 0.5], [1.0, 0.1, -0.7]];
  const k = [[0.2, 0.4, -0.1], [-0.5, 0.3, 0.9], [0.0, -0.6, 0.2]];
  const v = [[1, 2, 3], [4, 5, 6], [-1, 0, 1]];
  layer.apply([tf.tensor3d([q]), tf.tensor3d([v]), tf.tensor3d([k])]);
  const [scaleVar] = layer.trainableWeights;
  assert.deepEqual(scaleVar!.shape, [3]);
  assert.match(scaleVar!.name, /scale/);
  const limit = Math.sqrt(6 / (3 + 3));
  assert.ok(Array.from(scaleVar!.read().dataSync()).every((x) => Math.abs(x) <= limit));
  // Keras's fans for a vector are its length: limit √(3/300) = 0.1 (tfjs's glorotUniform: 0.416).
  const wide = AdditiveAttention();
  wide.build([[1, 2, 300], [1, 2, 300]]);
  const draws = Array.from(wide.trainableWeights[0]!.read().dataSync()).map(Math.abs);
  assert.ok(Math.max(...draws) <= 0.1 && Math.max(...draws) > 0.09, `scale drawn within ±${Math.max(...draws)}`);
  const scale = [2.0, -1.5, 0.5];
  layer.setWeights([tf.tensor1d(scale)]);
  const [out, weights] = layer.apply([tf.tensor3d([q]), tf.tensor3d([v]), tf.tensor3d([k])], { returnAttentionScores: true }) as tf.Tensor[];
  const want = reference(q, k, v, scale);
  assert.ok(tf.max(tf.abs(tf.sub(weights!, [want.weights]))).dataSync()[0]! < 1e-5, "weights");
  assert.ok(tf.max(tf.abs(tf.sub(out!, [want.out]))).dataSync()[0]! < 1e-5, "output");
});

test("the config is Attention's without scoreMode, under Keras's class name, and loads in a model", async () => {
  const layer = AdditiveAttention({ dropout: 0.1, useCausalMask: true });
  const config = layer.getConfig();
  assert.equal(layer.getClassName(), "AdditiveAttention");
  assert.equal("scoreMode" in config, false);
  assert.equal(config.useScale, true);
  assert.equal(config.dropout, 0.1);
  assert.match(layer.name, /^additive_attention(_\d+)?$/);
  assert.throws(() => AdditiveAttention({ scoreMode: "dot" } as never), /scoreMode/);
  assert.throws(() => AdditiveAttention({ dropout: 2 }), /dropout/);

  const q = layers.Input({ shape: [3, 4] });
  const v = layers.Input({ shape: [5, 4] });
  const model = tf.model({ inputs: [q, v], outputs: AdditiveAttention().apply([q, v]) as tf.SymbolicTensor });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  assert.ok(loaded.layers[2] instanceof AdditiveAttentionLayer);
  const xs = [tf.randomUniform([2, 3, 4], -1, 1, "float32", 1), tf.randomUniform([2, 5, 4], -1, 1, "float32", 2)];
  assert.ok(tf.max(tf.abs(tf.sub(model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor))).dataSync()[0]! < 1e-6);
});

test("query and key must share their last dimension", () => {
  assert.throws(() => AdditiveAttention().apply([tf.zeros([1, 2, 3]), tf.zeros([1, 2, 3]), tf.zeros([1, 2, 4])]), /AdditiveAttention: query and key must have the same last dimension/);
});
