import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { installNotebookDisplay } from "../../../lib/display/install_notebook_display.js";
import { formatValue, formatterNames } from "../../../lib/display/formatters.js";
import { plotlyMime } from "../../../lib/display/plotly.js";
import { recordDisplays } from "./recording_sink.js";

function data() {
  const x = tf.randomNormal([40, 2], 0, 1, "float32", 5);
  return { x, y: x.sum(1, true) };
}

function model(): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  return m;
}

test("after install, fit and fitDataset show one live view in a rich front end; verbose: 0 and terminals get none", async () => {
  const previousFit = tf.LayersModel.prototype.fit;
  installNotebookDisplay();
  installNotebookDisplay(); // idempotent: one wrapper, one LivePlot
  assert.notEqual(tf.LayersModel.prototype.fit, previousFit);
  const wrappedOnce = tf.LayersModel.prototype.fit;
  installNotebookDisplay();
  assert.equal(tf.LayersModel.prototype.fit, wrappedOnce);
  for (const n of ["plotly-figure", "model-graph", "keras-model", "tf-tensor", "danfo-frame", "training-history"]) assert.ok(formatterNames().includes(n), n);

  const { x, y } = data();
  const rec = recordDisplays();
  try {
    let userEpochs = 0;
    await model().fit(x, y, { epochs: 2, batchSize: 10, callbacks: { onEpochEnd: async () => void userEpochs++ } });
    assert.equal(userEpochs, 2, "the user's callback config still runs");
    const live = rec.sent.filter((s) => s.displayId !== undefined);
    assert.equal(new Set(live.map((s) => s.displayId)).size, 1);
    const last = live[live.length - 1].data[plotlyMime] as { data: { name: string; x: number[] }[] };
    assert.deepEqual(last.data[0].x.filter(Number.isInteger), [1, 2]);

    rec.sent.length = 0;
    await model().fit(x, y, { epochs: 1, verbose: 0 });
    assert.equal(rec.sent.length, 0, "verbose: 0 turns the live view off");

    const ds = tf.data.zip({ xs: tf.data.array(x.arraySync() as number[][]), ys: tf.data.array(y.arraySync() as number[][]) }).batch(10);
    await model().fitDataset(ds, { epochs: 2 });
    const dsLive = rec.sent.filter((s) => s.displayId !== undefined);
    assert.equal(new Set(dsLive.map((s) => s.displayId)).size, 1);
    assert.match(String(dsLive[dsLive.length - 1].data["text/plain"]), /^Epoch 2\/2  4\/4 /);
  } finally {
    rec.restore();
  }
  // Off a kernel the default sink is not rich: no live view is added.
  const h = await model().fit(x, y, { epochs: 1 });
  assert.equal(h.epoch.length, 1);
  assert.match(String(formatValue(h).data["text/plain"]), /^History\(1 epochs; loss\)/);
});
