/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/random_rotation_test.py,
 * on every backend. Keras calls the layer with its default training=True; here training is passed.
 * test_random_rotation_correctness runs in both data formats (Keras's follows the global one);
 * test_tf_data_compatibility runs as a direct call on the unbatched image. Skipped: the
 * bounding-box cases (dict inputs are not implemented here). "(ours)": a quarter turn against
 * numpy's rot90, Keras's factor messages, seeds.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, FORMATS, inFormat, layerBasics, random, roundTrip } from "./image_layer_cases.js";

const HALF_TURN = [
  [24, 23, 22, 21, 20],
  [19, 18, 17, 16, 15],
  [14, 13, 12, 11, 10],
  [9, 8, 7, 6, 5],
  [4, 3, 2, 1, 0],
];

onBackends(() => {
  for (const [name, factor] of [["neg4", -0.4], ["neg2", -0.2], ["4", 0.4], ["2", 0.2], ["tuple", [-0.2, 0.4]]] as const) {
    test(`RandomRotationTest.test_random_rotation_shapes(random_rotate_${name})`, () => {
      layerBasics(layers.RandomRotation(factor as number), "RandomRotation", [2, 3, 4], [2, 3, 4]);
    });
  }

  for (const dataFormat of FORMATS) {
    test(`RandomRotationTest.test_random_rotation_correctness(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 25).reshape([1, 5, 5, 1]), dataFormat);
      const out = layers.RandomRotation([0.5, 0.5], { dataFormat }).apply(img, { training: true }) as tf.Tensor;
      close(out, inFormat(tf.tensor(HALF_TURN).reshape([1, 5, 5, 1]), dataFormat), "half turn", 1e-5);
    });
  }

  test("RandomRotationTest.test_training_false", () => {
    const img = tf.range(0, 25).reshape([1, 5, 5, 1]);
    close(layers.RandomRotation([0.5, 0.5]).apply(img, { training: false }) as tf.Tensor, img, "training false");
    close(layers.RandomRotation([0.5, 0.5]).apply(img) as tf.Tensor, img, "training undefined");
  });

  test("RandomRotationTest.test_tf_data_compatibility (a direct call on one image: no tf.data)", () => {
    const out = layers.RandomRotation([0.5, 0.5]).apply(tf.range(0, 25).reshape([5, 5, 1]), { training: true }) as tf.Tensor;
    close(out, tf.tensor(HALF_TURN).reshape([5, 5, 1]), "half turn, unbatched");
  });

  test("(ours) a quarter turn is numpy's rot90 (nearest); every image in a batch turns", () => {
    const img = tf.stack([tf.range(0, 16).reshape([4, 4, 1]), tf.range(16, 32).reshape([4, 4, 1])]);
    const out = layers.RandomRotation([0.25, 0.25], { interpolation: "nearest" }).apply(img, { training: true }) as tf.Tensor;
    // out[y][x] = in[x][W − 1 − y]: Keras's matrix maps output (x, y) to input (W − 1 − y, x).
    const v = img.arraySync() as number[][][][];
    const ref = v.map((im) => im.map((_, y) => im.map((__, x) => im[x]![3 - y]!)));
    close(out, tf.tensor(ref), "quarter turn");
  });

  test("(ours) a seed gives the same rotations each time; constant fill shows outside the image", () => {
    const x = random([4, 6, 6, 1]);
    const a = layers.RandomRotation(0.3, { seed: 8 }).apply(x, { training: true }) as tf.Tensor;
    close(a, layers.RandomRotation(0.3, { seed: 8 }).apply(x, { training: true }) as tf.Tensor, "same seed");
    const b = layers.RandomRotation(0.3, { seed: 9 }).apply(x, { training: true }) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! > 1e-3, "another seed, other rotations");
    const corner = layers.RandomRotation([0.125, 0.125], { fillMode: "constant", fillValue: -5 }).apply(tf.ones([1, 6, 6, 1]), { training: true }) as tf.Tensor;
    assert.equal(corner.dataSync()[0], -5, "the corner of a 45° turn is outside: the fill value");
  });
});

onCpuOnly(() => {
  test("(ours) RandomRotation's factor, fill mode and interpolation are checked with Keras's messages", () => {
    const message = /The `factor` argument should be a number \(or a list of two numbers\) in the range \[-1, 1\]\. Received: factor=1.5/;
    assert.throws(() => layers.RandomRotation(1.5), message);
    assert.throws(() => layers.RandomRotation([0.1, 0.2, 0.3] as never), /Received: factor=\[0.1, 0.2, 0.3\]/);
    assert.throws(() => layers.RandomRotation(0.1, { fillMode: "mirror" as never }), /Unknown `fill_mode` mirror\. Expected of one \('reflect', 'wrap', 'constant', 'nearest'\)/);
    assert.throws(() => layers.RandomRotation(0.1, { interpolation: "bicubic" as never }), /Unknown `interpolation` bicubic/);
  });

  test("(ours) RandomRotation's name and config", () => {
    const layer = layers.RandomRotation(0.2, { fillMode: "constant", fillValue: 1, interpolation: "nearest", seed: 3 });
    assert.match(layer.name, /^random_rotation(_\d+)?$/);
    const config = roundTrip(layer, "RandomRotation");
    assert.deepEqual([config.factor, config.fillMode, config.fillValue, config.interpolation, config.seed, config.dataFormat], [[-0.2, 0.2], "constant", 1, "nearest", 3, "channels_last"]);
  });
});
