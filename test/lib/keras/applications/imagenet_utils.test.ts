import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { decodePredictions, forgetImagenetClassIndex, preprocessInput } from "../../../../lib/keras/applications/imagenet_utils.js";
import { makeTempDir } from "./fixtures.js";

let kerasHome: string;
before(() => {
  kerasHome = makeTempDir("keras-home");
  process.env["KERAS_HOME"] = kerasHome;
});
after(() => {
  delete process.env["KERAS_HOME"];
  fs.rmSync(kerasHome, { recursive: true, force: true });
});

/** A class index in Keras's format ({"0": ["n01440764", "tench"], ...}); the labels here are made up. */
function writeClassIndex(): void {
  const index: Record<string, [string, string]> = {};
  for (let i = 0; i < 1000; i++) index[String(i)] = [`n${String(i).padStart(8, "0")}`, `class_${i}`];
  fs.mkdirSync(path.join(kerasHome, "models"), { recursive: true });
  fs.writeFileSync(path.join(kerasHome, "models", "imagenet_class_index.json"), JSON.stringify(index));
}

test("decodePredictions without the class index says which file to put where", () => {
  forgetImagenetClassIndex();
  const expected = path.join(kerasHome, "models", "imagenet_class_index.json");
  assert.throws(
    () => decodePredictions(tf.zeros([1, 1000])),
    (err: Error) => err.message.includes(`Put it at ${expected}`) && err.message.includes("download.tensorflow.org/data/imagenet_class_index.json"),
  );
});

test("decodePredictions returns the top classes per sample, best first", () => {
  writeClassIndex();
  forgetImagenetClassIndex();
  const scores = tf.buffer([2, 1000]);
  scores.set(0.5, 0, 7);
  scores.set(0.3, 0, 999);
  scores.set(0.2, 0, 0);
  scores.set(0.9, 1, 42);
  const decoded = decodePredictions(scores.toTensor(), 3);
  assert.equal(decoded.length, 2);
  assert.deepEqual(decoded[0]!.map(([id, name]) => [id, name]), [
    ["n00000007", "class_7"],
    ["n00000999", "class_999"],
    ["n00000000", "class_0"],
  ]);
  assert.ok(Math.abs(decoded[0]![0]![2] - 0.5) < 1e-7);
  assert.deepEqual(decoded[1]![0]!.slice(0, 2), ["n00000042", "class_42"]);
  assert.equal(decodePredictions([new Array(1000).fill(0.001)])[0]!.length, 5);
  assert.throws(() => decodePredictions(tf.zeros([2, 10])), /shape \[samples, 1000\]\); received shape \[2, 10\]/);
  assert.throws(() => decodePredictions(tf.zeros([1000])), /received shape \[1000\]/);
  assert.throws(() => decodePredictions(tf.zeros([1, 1000]), 0), /top must be a positive integer/);
});

test("a broken class index file is named in the error", () => {
  fs.writeFileSync(path.join(kerasHome, "models", "imagenet_class_index.json"), JSON.stringify({ "0": ["n1", "a"] }));
  forgetImagenetClassIndex();
  assert.throws(() => decodePredictions(tf.zeros([1, 1000])), /is not Keras's ImageNet class index: entry "1"/);
  forgetImagenetClassIndex();
});

test("imagenet_utils.preprocessInput: the three modes, 3-D images, arrays, bad modes", () => {
  const pixel = [[[100, 150, 200]]];
  const caffe = Array.from(preprocessInput(pixel).dataSync());
  [200 - 103.939, 150 - 116.779, 100 - 123.68].forEach((v, i) => assert.ok(Math.abs(caffe[i]! - v) < 1e-4));
  const tfMode = Array.from(preprocessInput(pixel, { mode: "tf" }).dataSync());
  [100 / 127.5 - 1, 150 / 127.5 - 1, 200 / 127.5 - 1].forEach((v, i) => assert.ok(Math.abs(tfMode[i]! - v) < 1e-6));
  const torch = Array.from(preprocessInput(tf.tensor(pixel, undefined, "int32"), { mode: "torch" }).dataSync());
  [(100 / 255 - 0.485) / 0.229, (150 / 255 - 0.456) / 0.224, (200 / 255 - 0.406) / 0.225].forEach((v, i) =>
    assert.ok(Math.abs(torch[i]! - v) < 1e-5),
  );
  assert.throws(() => preprocessInput(pixel, { mode: "keras" as "tf" }), /mode must be one of "caffe", "tf" or "torch"; received mode="keras"/);
  assert.throws(() => preprocessInput({ pixels: 1 } as unknown as number[]), /x must be a tensor or nested arrays/);
});
