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

onBackends(() => {
  test("train and validation compare: x is epochs completed, train inside an epoch is the mean of its batches so far", async () => {
    const rec = recordDisplays();
    try {
      // Learning rate 0: every batch's loss is what evaluate gives on that batch alone.
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: "ones" })] });
      model.compile({ optimizer: tf.train.sgd(0), loss: "meanSquaredError" });
      const x = tf.randomNormal([40, 3], 0, 1, "float32", 11);
      const y = tf.randomNormal([40, 1], 0, 1, "float32", 12);
      const batchLoss: number[] = [];
      for (let b = 0; b < 10; b++) {
        const loss = model.evaluate(x.slice([4 * b, 0], [4, 3]), y.slice([4 * b, 0], [4, 1]), { batchSize: 4 }) as tf.Scalar;
        batchLoss.push(loss.dataSync()[0]);
      }
      const live = new LivePlot({ maxUpdatesPerSecond: 1e6 });
      await model.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false, validationData: [x.slice([0, 0], [8, 3]), y.slice([0, 0], [8, 1])], callbacks: [live], verbose: 0 });
      const msgs = rec.sent.filter((s) => s.displayId !== undefined);
      const fig = msgs[msgs.length - 1].data[plotlyMime] as { data: { name: string; x: number[]; y: number[] }[]; layout: Record<string, { title?: { text: string } }> };
      assert.equal(fig.layout.xaxis.title?.text, "epochs completed");
      assert.match(String((fig.layout as { title?: { text: string } }).title?.text), /train: mean over the epoch so far · validation: at the end of each epoch/);
      const train = fig.data.find((t) => t.name === "loss")!;
      const val = fig.data.find((t) => t.name === "val_loss")!;
      assert.deepEqual(val.x, [1, 2]);
      const fractional = train.x.map((xv, i) => [xv, train.y[i]]).filter(([xv]) => !Number.isInteger(xv));
      // The throttle counts milliseconds: batches faster than that share one update.
      assert.ok(fractional.length >= 4, `${fractional.length} points inside epochs`);
      const mean = (n: number) => batchLoss.slice(0, n).reduce((a, b) => a + b, 0) / n;
      for (const [xv, yv] of fractional) {
        const done = Math.round((xv - Math.floor(xv)) * 10);
        assert.ok(Math.abs(yv - mean(done)) < 1e-5, `x=${xv}: ${yv} vs mean of ${done} batches ${mean(done)}`);
      }
      // At an epoch's end the curve is the epoch's value, where that epoch's validation is.
      for (const epoch of [1, 2]) assert.ok(Math.abs(train.y[train.x.indexOf(epoch)] - mean(10)) < 1e-5);
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
