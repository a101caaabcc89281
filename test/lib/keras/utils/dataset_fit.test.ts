/**
 * End to end: model.fitDataset trains on what keras.utils.timeseriesDatasetFromArray and
 * keras.utils.imageDatasetFromDirectory yield (their `{xs, ys}` elements), imported through the
 * keras.utils index, and a second epoch can reuse the datasets (fitDataset disposes each batch).
 */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { imageDatasetFromDirectory, timeseriesDatasetFromArray, splitDataset } from "../../../../lib/keras/utils/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-dataset-fit-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("model.fitDataset trains on timeseriesDatasetFromArray's batches", async () => {
  const series = Array.from({ length: 40 }, (_, i) => Math.sin(i / 3));
  const dataset = timeseriesDatasetFromArray(tf.tensor2d(series, [40, 1]), series.slice(5), 5, { batchSize: 8, shuffle: true, seed: 1 });
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [5, 1] }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  const history = await model.fitDataset(dataset, { epochs: 2, verbose: 0 });
  assert.equal(history.history.loss!.length, 2);
  assert.ok(Number.isFinite(history.history.loss![1] as number));
  model.dispose();
});

test("model.fitDataset trains on imageDatasetFromDirectory's batches, validating on the other subset", async () => {
  for (const [c, value] of [["dark", 20], ["light", 230]] as const) {
    fs.mkdirSync(path.join(dir, c));
    for (let i = 0; i < 4; i++) {
      const png = new PNG({ width: 6, height: 6 });
      png.data.fill(value);
      fs.writeFileSync(path.join(dir, c, `${i}.png`), PNG.sync.write(png));
    }
  }
  const [train, val] = imageDatasetFromDirectory(dir, { imageSize: [4, 4], batchSize: 3, labelMode: "binary", validationSplit: 0.25, subset: "both", seed: 3, verbose: false });
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 3] }), tf.layers.dense({ units: 1, activation: "sigmoid" })] });
  model.compile({ optimizer: "adam", loss: "binaryCrossentropy" });
  const history = await model.fitDataset(train, { epochs: 2, validationData: val, verbose: 0 });
  assert.equal(history.history.loss!.length, 2);
  assert.equal(history.history.val_loss!.length, 2);
  model.dispose();
});

test("model.fitDataset trains on splitDataset's {xs, ys} samples once batched", async () => {
  const [left, right] = splitDataset({ xs: tf.randomNormal([20, 3]), ys: tf.randomNormal([20, 1]) }, { leftSize: 0.8, shuffle: true, seed: 2 });
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  const history = await model.fitDataset(left.batch(4), { epochs: 1, validationData: right.batch(4), verbose: 0 });
  assert.ok(Number.isFinite(history.history.val_loss![0] as number));
  model.dispose();
});
