import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../lib/keras/index.js";
import { summaryText } from "../../../lib/display/model_summary.js";
import { modelSummaryHtml } from "../../../lib/display/format_model.js";

// Keras 3's own test (keras/src/utils/summary_utils_test.py): Dense(3) on 2 inputs, compiled with
// "adam" and fitted once, prints Total 29 / Trainable 9 / Non-trainable 0 / Optimizer params 20;
// compiled without fitting (optimizer not built) it prints no optimizer line and Total 9.
function denseModel(): tf.LayersModel {
  const inputs = keras.Input({ shape: [2] });
  const outputs = keras.layers.Dense(3).apply(inputs) as tf.SymbolicTensor;
  return keras.Model(inputs, outputs);
}

async function fitOnce(model: tf.LayersModel): Promise<void> {
  await model.fit(tf.zeros([4, 2]), tf.zeros([4, 3]), { epochs: 1, verbose: 0 });
}

test("after one fit with Adam the summary counts Keras's optimizer params into the total", async () => {
  const model = denseModel();
  model.compile({ optimizer: "adam", loss: "mse" });
  assert.doesNotMatch(summaryText(model), /Optimizer params/, "not built before the first step");
  assert.match(summaryText(model), / Total params: 9 \(36\.00 B\)/);
  await fitOnce(model);
  const text = summaryText(model);
  assert.match(text, / Total params: 29 \(/);
  assert.match(text, / Trainable params: 9 \(36\.00 B\)/);
  assert.match(text, / Non-trainable params: 0 \(0\.00 B\)/);
  assert.match(text, / Optimizer params: 20 \(84\.00 B\)\n$/, "iterations int64 + learning_rate + m and v");
  const html = modelSummaryHtml(model);
  assert.match(html, /class="tk-optimizer-params"><b>Optimizer params:<\/b> <span class="tk-count">20<\/span>/);
  assert.match(html, /class="tk-total-params"><b>Total params:<\/b> <span class="tk-count">29<\/span>/);
});

test("optimizer slots follow Keras's rules per optimizer, not tfjs's internal state", async () => {
  const cases: Array<[string, () => tf.Optimizer, number]> = [
    ["SGD", () => keras.optimizers.SGD(), 2],
    ["SGD with momentum", () => keras.optimizers.SGD({ momentum: 0.9 }), 2 + 9],
    ["RMSprop", () => keras.optimizers.RMSprop(), 2 + 9], // tfjs also keeps a momentum slot; Keras does not
    ["RMSprop centered with momentum", () => keras.optimizers.RMSprop({ momentum: 0.5, centered: true }), 2 + 27],
    ["Adagrad", () => keras.optimizers.Adagrad(), 2 + 9],
    ["AdamW", () => keras.optimizers.AdamW(), 2 + 18],
    ["Adamax", () => keras.optimizers.Adamax(), 2 + 18],
    ["Nadam: m, v and the scalar u_product", () => keras.optimizers.Nadam(), 3 + 18],
    ["Adadelta", () => keras.optimizers.Adadelta(), 2 + 18],
    ["Lion", () => keras.optimizers.Lion(), 2 + 9],
    ["Ftrl", () => keras.optimizers.Ftrl(), 2 + 18],
    // kernel [2, 3]: r 2 + c 3 + v 6; bias [3]: 2 placeholders + v 3
    ["Adafactor: factored r and c", () => keras.optimizers.Adafactor(), 2 + 16],
    ["SGD with useEma: one average per weight", () => keras.optimizers.SGD({ useEma: true }), 2 + 9],
    ["Adam with useEma and gradient accumulation", () => keras.optimizers.Adam({ useEma: true, gradientAccumulationSteps: 2 }), 2 + 36],
    ["Adam with a schedule: no learning_rate variable", () => keras.optimizers.Adam(new keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)), 1 + 18],
  ];
  for (const [name, make, expected] of cases) {
    const model = denseModel();
    model.compile({ optimizer: make(), loss: "mse" });
    await fitOnce(model);
    const text = summaryText(model);
    assert.match(text, new RegExp(` Optimizer params: ${expected} \\(`), name);
    assert.match(text, new RegExp(` Total params: ${9 + expected} \\(`), name);
  }
});

test("an uncompiled model prints no optimizer line", () => {
  assert.doesNotMatch(summaryText(denseModel()), /Optimizer params/);
});
