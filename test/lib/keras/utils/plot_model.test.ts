import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { plotModel, ModelGraph } from "../../../../lib/keras/utils/plot_model.js";

/**
 * The seed's video-QA model, with a small CNN standing in for InceptionV3 inside TimeDistributed.
 * Its LSTMs take glorotUniform recurrent kernels: the orthogonal default runs a QR of 256×1024 on the
 * CPU backend for minutes, and this test is about drawing, not initialising.
 */
function videoQa(): tf.LayersModel {
  const cnn = tf.sequential({
    name: "frame_cnn",
    layers: [tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 4, inputShape: [150, 150, 3], name: "conv" }), tf.layers.globalAveragePooling2d({ name: "pool" })],
  });
  const video = tf.input({ shape: [null, 150, 150, 3], name: "video" });
  const frames = tf.layers.timeDistributed({ layer: cnn, name: "time_distributed" }).apply(video) as tf.SymbolicTensor;
  const encodedVideo = tf.layers.lstm({ units: 256, recurrentInitializer: "glorotUniform", name: "video_lstm" }).apply(frames) as tf.SymbolicTensor;
  const question = tf.input({ shape: [100], dtype: "int32", name: "question" });
  const embedded = tf.layers.embedding({ inputDim: 10000, outputDim: 256, maskZero: true, name: "embedding" }).apply(question) as tf.SymbolicTensor;
  const encodedQuestion = tf.layers.lstm({ units: 128, recurrentInitializer: "glorotUniform", name: "question_lstm" }).apply(embedded) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate({ name: "concatenate" }).apply([encodedVideo, encodedQuestion]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 128, activation: "relu", name: "dense" }).apply(merged) as tf.SymbolicTensor;
  const answer = tf.layers.dense({ units: 1000, activation: "softmax", name: "answer" }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: [video, question], outputs: answer, name: "video_qa" });
}

interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  texts: string[];
}

function boxes(svg: string, cls: "node" | "cluster"): Box[] {
  const re = new RegExp(`<g class="${cls}" id="([^"]+)">.*?<rect x="([-\\d.]+)" y="([-\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"(.*?)</g>`, "gs");
  return [...svg.matchAll(re)].map((m) => ({ id: m[1], x: +m[2], y: +m[3], w: +m[4], h: +m[5], texts: [...m[6].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]) }));
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

test("the video-QA model comes out readable: two branches, every layer boxed, no box overlaps, arrows down", () => {
  const g = plotModel(videoQa(), { showShapes: true, showDtype: true });
  assert.ok(g instanceof ModelGraph);
  const nodes = boxes(g.svg, "node");
  assert.deepEqual(nodes.map((n) => n.id).sort(), ["answer", "concatenate", "dense", "embedding", "question", "question_lstm", "time_distributed", "video", "video_lstm"]);
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) assert.ok(!overlap(nodes[i], nodes[j]), `${nodes[i].id} overlaps ${nodes[j].id}`);
  const by = Object.fromEntries(nodes.map((n) => [n.id, n]));
  assert.deepEqual(by.time_distributed.texts, [
    "time_distributed (TimeDistributed(Sequential))",
    "Input shape: (None, None, 150, 150, 3)",
    "Output shape: (None, None, 4)",
    "Input dtype: float32",
    "Output dtype: float32",
  ]);
  assert.deepEqual(by.question.texts, ["question (InputLayer)", "Output shape: (None, 100)", "Output dtype: int32"]);
  // Text fits its box (monospace advance ≤ 7.3px at 12px).
  for (const n of nodes) for (const t of n.texts) assert.ok(t.length * 7.3 <= n.w, `${t} wider than its box`);
  // Top to bottom: each input above its branch, the branches above the merge, the merge above the head.
  assert.ok(by.video.y < by.time_distributed.y && by.time_distributed.y < by.video_lstm.y && by.video_lstm.y < by.concatenate.y);
  assert.ok(by.question.y < by.embedding.y && by.embedding.y < by.question_lstm.y && by.question_lstm.y < by.concatenate.y);
  assert.ok(by.concatenate.y < by.dense.y && by.dense.y < by.answer.y);
  assert.equal((g.svg.match(/<path class="edge"/g) ?? []).length, 8);
  assert.equal(g.toMimeBundle()["image/svg+xml"], g.svg);
  assert.doesNotMatch(g.svg, /cluster/);
});

test("expandNested draws the wrapped model as a cluster of its layers, linked into the graph; LR lays out sideways", () => {
  const g = plotModel(videoQa(), { expandNested: true, rankdir: "LR", showLayerNames: false });
  const clusters = boxes(g.svg, "cluster");
  assert.equal(clusters.length, 1);
  const inner = boxes(g.svg, "node").filter((n) => n.id.startsWith("time_distributed/"));
  assert.deepEqual(inner.map((n) => n.texts[0]).sort(), ["Conv2D", "GlobalAveragePooling2D"]);
  const c = clusters[0];
  for (const n of inner) assert.ok(n.x >= c.x && n.x + n.w <= c.x + c.w && n.y >= c.y && n.y + n.h <= c.y + c.h, `${n.id} outside its cluster`);
  const all = Object.fromEntries(boxes(g.svg, "node").map((n) => [n.id, n]));
  assert.ok(all.video.x < all["time_distributed/conv"].x && all["time_distributed/pool"].x < all.video_lstm.x, "left to right through the cluster");
});

test("toFile writes the SVG atomically; bad options are named", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plot-model-"));
  const file = path.join(dir, "model.svg");
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
  const g = plotModel(m, { toFile: file });
  assert.equal(fs.readFileSync(file, "utf8"), g.svg);
  assert.deepEqual(fs.readdirSync(dir), ["model.svg"], "no temporary file left behind");
  assert.throws(() => plotModel(m, { toFile: path.join(dir, "model.png") }), /`toFile` must be a path ending in .svg/);
  assert.throws(() => plotModel(m, { toFile: path.join(dir, "missing", "m.svg") }), /folder .* does not exist/);
  assert.throws(() => plotModel(m, { rankdir: "BT" as never }), /`rankdir` must be "TB" or "LR"/);
  assert.throws(() => plotModel({} as never), /`model` must be a tf.LayersModel/);
});

test("the seed's model with the real InceptionV3 inside TimeDistributed: collapsed to one box, or expanded into its 312 layers", async () => {
  const { keras } = await import("../../../../lib/keras/index.js");
  const cnn = keras.applications.InceptionV3({ weights: null, includeTop: false, pooling: "avg", inputShape: [75, 75, 3] });
  cnn.trainable = false;
  const video = keras.Input({ shape: [null, 75, 75, 3], name: "video" });
  const frames = keras.layers.TimeDistributed(cnn).apply(video) as tf.SymbolicTensor;
  const encodedVideo = keras.layers.LSTM(16, { recurrentInitializer: "glorot_uniform" }).apply(frames) as tf.SymbolicTensor;
  const question = keras.Input({ shape: [100], dtype: "int32", name: "question" });
  const embedded = keras.layers.Embedding(10000, 16, { maskZero: true }).apply(question) as tf.SymbolicTensor;
  const encodedQuestion = keras.layers.LSTM(8, { recurrentInitializer: "glorot_uniform" }).apply(embedded) as tf.SymbolicTensor;
  const merged = keras.layers.concatenate([encodedVideo, encodedQuestion]);
  const outputs = keras.layers.Dense(10).apply(keras.layers.Dense(8, { activation: "relu" }).apply(merged)) as tf.SymbolicTensor;
  const model = keras.Model([video, question], outputs);

  const collapsed = plotModel(model, { showShapes: true });
  const nodes = boxes(collapsed.svg, "node");
  assert.equal(nodes.length, model.layers.length);
  const td = nodes.find((n) => n.texts[0]!.includes("TimeDistributed"))!;
  assert.equal(td.texts[0], "time_distributed (TimeDistributed(Functional))");
  assert.ok(td.texts.includes("Output shape: (None, None, 2048)"), td.texts.join(" | "));
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) assert.ok(!overlap(nodes[i], nodes[j]), `${nodes[i].id} overlaps ${nodes[j].id}`);

  const expanded = plotModel(model, { expandNested: true });
  const clusters = boxes(expanded.svg, "cluster");
  assert.equal(clusters.length, 1);
  const inner = boxes(expanded.svg, "node").filter((n) => n.id.startsWith(`${td.id}/`));
  assert.equal(inner.length, cnn.layers.length, "every InceptionV3 layer drawn inside the cluster");
  assert.equal(cnn.layers.length, 312, "Keras's InceptionV3 without top, pooling avg: 312 layers, input included");
  const c = clusters[0]!;
  for (const n of inner) assert.ok(n.x >= c.x && n.x + n.w <= c.x + c.w && n.y >= c.y && n.y + n.h <= c.y + c.h, `${n.id} outside its cluster`);
});

test("a keras.Sequential built from an Input draws no InputLayer box (as Keras's plot_model); nested and expanded, the outer input links to its first layer", async () => {
  const { keras } = await import("../../../../lib/keras/index.js");
  const seq = keras.Sequential([keras.Input({ shape: [3], name: "features" }), keras.layers.Dense(4, { name: "hidden" }), keras.layers.Dense(1, { name: "out" })], { name: "seq" });
  const flat = boxes(plotModel(seq).svg, "node");
  assert.deepEqual(flat.map((n) => n.id).sort(), ["hidden", "out"]);
  const x = keras.Input({ shape: [3], name: "x" });
  const outer = keras.Model(x, seq.apply(x) as tf.SymbolicTensor);
  const g = plotModel(outer, { expandNested: true });
  assert.deepEqual(boxes(g.svg, "node").map((n) => n.id).sort(), ["seq/hidden", "seq/out", "x"]);
  assert.equal((g.svg.match(/<path class="edge"/g) ?? []).length, 2, "x → seq/hidden → seq/out");
});
