import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { formatHistory } from "../../../lib/display/format_history.js";
import { plotlyMime } from "../../../lib/display/plotly.js";

test("the History that fit returns renders its loss and metric curves, train vs validation", async () => {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: "sgd", loss: "meanSquaredError", metrics: ["mae"] });
  const x = tf.randomNormal([32, 2], 0, 1, "float32", 1);
  const y = x.sum(1, true);
  const h = await m.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, verbose: 0 });
  const b = formatHistory(h)!;
  const fig = b[plotlyMime] as { data: { name: string; x: number[]; y: number[] }[] };
  assert.deepEqual(fig.data.map((t) => t.name).sort(), ["loss", "mae", "val_loss", "val_mae"]);
  const loss = fig.data.find((t) => t.name === "loss")!;
  assert.deepEqual(loss.x, [1, 2, 3]);
  assert.deepEqual(loss.y, h.history.loss);
  assert.match(String(b["text/plain"]), /^History\(3 epochs; /);
  assert.equal(formatHistory({ epoch: [0], history: { loss: 1 } }), undefined);
});
