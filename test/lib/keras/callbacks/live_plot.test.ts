import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { LivePlot } from "../../../../lib/keras/callbacks/live_plot.js";
import { plotlyMime } from "../../../../lib/display/plotly.js";
import { recordDisplays } from "../../display/recording_sink.js";
import { onBackends, onCpuOnly } from "../backends.js";

function tinyModel(): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: "relu", inputShape: [3] }), tf.layers.dense({ units: 1 })] });
  m.compile({ optimizer: "adam", loss: "meanSquaredError", metrics: ["mae"] });
  return m;
}

onBackends(() => {
  test("fit with LivePlot: one display id, updates in place, final figure with every epoch, train vs validation", async () => {
    const rec = recordDisplays();
    try {
      const x = tf.randomNormal([80, 3], 0, 1, "float32", 7);
      const y = x.sum(1, true);
      const live = new LivePlot({ maxUpdatesPerSecond: 1000 });
      await tinyModel().fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.2, callbacks: [live], verbose: 0 });
      const msgs = rec.sent.filter((s) => s.displayId !== undefined);
      assert.equal(new Set(msgs.map((s) => s.displayId)).size, 1, "one live display id");
      assert.equal(msgs[0].kind, "display");
      assert.ok(msgs.length >= 4 && msgs.slice(1).every((s) => s.kind === "update"), `${msgs.length} messages`);
      const final = msgs[msgs.length - 1].data;
      const fig = final[plotlyMime] as { data: { name: string; x: number[] }[] };
      assert.deepEqual(fig.data.map((t) => t.name), ["loss", "val_loss", "mae", "val_mae"]);
      const val = fig.data.find((t) => t.name === "val_loss")!;
      assert.deepEqual(val.x, [1, 2, 3]);
      // Train curves also move inside an epoch (fractional x), ending on each epoch.
      const train = fig.data.find((t) => t.name === "loss")!;
      assert.ok(train.x.some((v) => !Number.isInteger(v)) && train.x.includes(3));
      assert.match(String(final["text/plain"]), /^Epoch 3\/3  8\/8 ━{20}  ETA 0:00  loss: [\d.]+ - mae: [\d.]+ - val_loss: [\d.]+ - val_mae: [\d.]+/);
      assert.match(String(final["text/html"]), /<progress value="1.0000"/);
    } finally {
      rec.restore();
    }
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("the default rate limit keeps a 200-batch fit to a few messages; bad options are named", async () => {
    const rec = recordDisplays();
    try {
      const x = tf.randomNormal([200, 3], 0, 1, "float32", 3);
      await tinyModel().fit(x, x.sum(1, true), { epochs: 1, batchSize: 1, callbacks: [new LivePlot()], verbose: 0 });
      const msgs = rec.sent.filter((s) => s.displayId !== undefined);
      assert.ok(msgs.length >= 2 && msgs.length < 40, `${msgs.length} messages for 200 batches`);
    } finally {
      rec.restore();
    }
    assert.throws(() => new LivePlot({ maxUpdatesPerSecond: -1 }), /`maxUpdatesPerSecond` must be a positive number/);
  });
});
