import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { modelSummary, summaryText, readableMemorySize } from "../../../lib/display/model_summary.js";

// Keras 3's `model.summary()` of the Functional API guide's model, as printed off a terminal (76 columns).
const kerasMnistSummary = `Model: "mnist_model"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ input_layer (InputLayer)        │ (None, 784)            │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 64)             │        50,240 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 64)             │         4,160 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_2 (Dense)                 │ (None, 10)             │           650 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 55,050 (215.04 KB)
 Trainable params: 55,050 (215.04 KB)
 Non-trainable params: 0 (0.00 B)
`;

function mnistModel(): tf.LayersModel {
  const inp = tf.input({ shape: [784], name: "input_layer" });
  let x = tf.layers.dense({ units: 64, activation: "relu", name: "dense" }).apply(inp) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 64, activation: "relu", name: "dense_1" }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, name: "dense_2" }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: inp, outputs: out, name: "mnist_model" });
}

test("a chain-shaped functional model prints exactly as Keras 3", () => {
  assert.equal(summaryText(mnistModel()), kerasMnistSummary);
});

test("a two-input graph gets the Connected to column, rich's widths and wrapped cells", () => {
  const a = tf.input({ shape: [8], name: "a" });
  const b = tf.input({ shape: [4], name: "b" });
  const da = tf.layers.dense({ units: 3, name: "da" }).apply(a) as tf.SymbolicTensor;
  const db = tf.layers.dense({ units: 3, name: "db" }).apply(b) as tf.SymbolicTensor;
  const c = tf.layers.concatenate({ name: "concatenate" }).apply([da, db]) as tf.SymbolicTensor;
  const m = tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 2, name: "head" }).apply(c) as tf.SymbolicTensor, name: "two" });
  const lines = summaryText(m).split("\n");
  assert.equal(lines[1], "┏" + "━".repeat(21) + "┳" + "━".repeat(19) + "┳" + "━".repeat(12) + "┳" + "━".repeat(19) + "┓");
  assert.equal(lines[2], "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃");
  assert.ok(lines.includes("│ da (Dense)          │ (None, 3)         │         27 │ a[0][0]           │"));
  // "concatenate (Concatenate)" and the two inputs do not fit their cells: rich wraps at spaces.
  const at = lines.indexOf("│ concatenate         │ (None, 6)         │          0 │ da[0][0],         │");
  assert.ok(at > 0, lines.join("\n"));
  assert.equal(lines[at + 1], "│ (Concatenate)       │                   │            │ db[0][0]          │");
  assert.ok(lines.includes(" Total params: 56 (224.00 B)"));
  for (const l of lines.slice(1, -4)) assert.equal([...l].length, 76, l);
});

test("a Sequential model omits its InputLayer; nested models expand with Keras's └ prefix", () => {
  const inner = tf.sequential({ name: "inner", layers: [tf.layers.dense({ units: 4, inputShape: [3], name: "inner_dense" })] });
  const outer = tf.sequential({ name: "outer" });
  outer.add(tf.layers.inputLayer({ inputShape: [3] }));
  outer.add(inner);
  outer.add(tf.layers.dense({ units: 1, name: "out_dense" }));
  const s = modelSummary(outer);
  assert.deepEqual(s.layers.map((l) => l.name), ["inner", "out_dense"]);
  assert.equal(s.layers[0].params, 16);
  assert.equal(s.totalParams, 21);
  assert.equal(s.layers[0].children[0].name, "inner_dense");
  const text = summaryText(outer, { expandNested: true });
  assert.match(text, /│    └ inner_dense \(Dense\) +│ \(None, 4\) +│ +16 │/);
  assert.doesNotMatch(summaryText(outer), /inner_dense/);
});

test("frozen layers count as non-trainable, and sizes read as Keras writes them", () => {
  const m = mnistModel();
  m.getLayer("dense").trainable = false;
  const s = modelSummary(m);
  assert.equal(s.nonTrainableParams, 50240);
  assert.equal(s.trainableParams, 4810);
  assert.match(summaryText(m), / Non-trainable params: 50,240 \(196.25 KB\)/);
  assert.equal(readableMemorySize(1536), "1.50 KB");
  assert.equal(readableMemorySize(5 * 1024 ** 2), "5.00 MB");
});

test("bad arguments are named", () => {
  assert.throws(() => modelSummary({} as never), /`model` must be a tf.LayersModel/);
  assert.throws(() => summaryText(mnistModel(), { lineLength: 5 }), /`lineLength` must be an integer/);
  assert.throws(() => summaryText(mnistModel(), { layerRange: ["nope", "dense"] }), /matches no layer name/);
  assert.match(summaryText(mnistModel(), { layerRange: ["dense", "dense_1"] }), /dense_1 \(Dense\)/);
});

test("a nested functional model shows as Keras 3's Functional class, not tfjs's Model", () => {
  const inner = mnistModel();
  const x = tf.input({ shape: [784], name: "pixels" });
  const outer = tf.model({ inputs: x, outputs: inner.apply(x) as tf.SymbolicTensor, name: "outer" });
  assert.ok(summaryText(outer).includes("│ mnist_model (Functional)"), summaryText(outer));
  assert.equal(modelSummary(outer).className, "Functional");
});
