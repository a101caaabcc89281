import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ImagenetPreprocessing, preprocessTensor } from "../../../../lib/keras/applications/imagenet_preprocessing_layer.js";

test("the layer applies its mode and keeps it in its config", () => {
  const layer = new ImagenetPreprocessing({ mode: "caffe", dataFormat: "channels_last", name: "prep" });
  const config = layer.getConfig();
  assert.equal(config["mode"], "caffe");
  assert.equal(config["dataFormat"], "channels_last");
  const x = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
  const y = layer.apply(x) as tf.Tensor;
  const want = preprocessTensor(x, "caffe", "channels_last");
  assert.deepEqual(Array.from(y.dataSync()), Array.from(want.dataSync()));
  assert.ok(Math.abs(y.dataSync()[0]! - (3 - 103.939)) < 1e-4);
  assert.deepEqual(layer.computeOutputShape([null, 5, 5, 3]), [null, 5, 5, 3]);
  tf.dispose([x, y, want]);
});

test("channels_first on a 3-D image flips and centres axis 0", () => {
  const y = preprocessTensor(tf.tensor3d([10, 20, 30], [3, 1, 1]), "caffe", "channels_first");
  const got = Array.from(y.dataSync());
  [30 - 103.939, 20 - 116.779, 10 - 123.68].forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-4));
});
