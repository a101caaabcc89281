/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/random_translation_test.py,
 * on every backend. Keras's run_layer_test calls the layer with its default training=True; here
 * training is passed. test_tf_data_compatibility runs as a direct call. Skipped: the bounding-box
 * cases (dict inputs are not implemented here).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, FORMATS, inFormat, layerBasics, random, roundTrip } from "./image_layer_cases.js";

type F = number | [number, number];

const NUMERIC: [string, F, F, "reflect" | "constant", [number, number], number[][]][] = [
  ["up_numeric_reflect", [-0.2, -0.2], 0, "reflect", [5, 5], [[5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19], [20, 21, 22, 23, 24], [20, 21, 22, 23, 24]]],
  ["up_numeric_constant", [-0.2, -0.2], 0, "constant", [5, 5], [[5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19], [20, 21, 22, 23, 24], [0, 0, 0, 0, 0]]],
  ["down_numeric_reflect", [0.2, 0.2], 0, "reflect", [5, 5], [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19]]],
  ["asymmetric_size_numeric_reflect", [0.5, 0.5], 0, "reflect", [8, 2], [[6, 7], [4, 5], [2, 3], [0, 1], [0, 1], [2, 3], [4, 5], [6, 7]]],
  ["down_numeric_constant", [0.2, 0.2], 0, "constant", [5, 5], [[0, 0, 0, 0, 0], [0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19]]],
  ["left_numeric_reflect", 0, [-0.2, -0.2], "reflect", [5, 5], [[1, 2, 3, 4, 4], [6, 7, 8, 9, 9], [11, 12, 13, 14, 14], [16, 17, 18, 19, 19], [21, 22, 23, 24, 24]]],
  ["left_numeric_constant", 0, [-0.2, -0.2], "constant", [5, 5], [[1, 2, 3, 4, 0], [6, 7, 8, 9, 0], [11, 12, 13, 14, 0], [16, 17, 18, 19, 0], [21, 22, 23, 24, 0]]],
];

onBackends(() => {
  for (const [name, h, w] of [["random_translate_4_by_6", 0.4, 0.6], ["random_translate_3_by_2", 0.3, 0.2], ["random_translate_tuple_factor", [-0.5, 0.4], [0.2, 0.3]]] as [string, F, F][]) {
    test(`RandomTranslationTest.test_random_translation(${name})`, () => {
      layerBasics(layers.RandomTranslation(h, w), "RandomTranslation", [2, 3, 4], [2, 3, 4]);
    });
  }

  test("RandomTranslationTest.test_random_translation_with_inference_mode", () => {
    const x = random([1, 4, 4, 3]);
    close(layers.RandomTranslation(0.2, 0.1).apply(x, { training: false }) as tf.Tensor, x, "training false");
    close(layers.RandomTranslation(0.2, 0.1).apply(x) as tf.Tensor, x, "training undefined");
  });

  for (const [name, h, w, fillMode, [height, width], expected] of NUMERIC) {
    for (const dataFormat of FORMATS) {
      test(`RandomTranslationTest.test_random_translation_${name}(${dataFormat})`, () => {
        const img = inFormat(tf.range(0, height * width).reshape([1, height, width, 1]), dataFormat);
        const layer = layers.RandomTranslation(h, w, { fillMode, fillValue: 0, dataFormat });
        close(layer.apply(img, { training: true }) as tf.Tensor, inFormat(tf.tensor(expected).reshape([1, height, width, 1]), dataFormat), name);
      });
    }
  }

  test("RandomTranslationTest.test_tf_data_compatibility (a direct call: no tf.data)", () => {
    assert.deepEqual((layers.RandomTranslation(0.2, 0.1).apply(random([1, 4, 4, 3]), { training: true }) as tf.Tensor).shape, [1, 4, 4, 3]);
  });

  test("(ours) a seed repeats its shifts; each image of a batch gets its own", () => {
    const one = random([1, 8, 8, 1]);
    const x = tf.concat([one, one, one, one]);
    const a = layers.RandomTranslation(0.4, 0.4, { seed: 12, fillMode: "constant" }).apply(x, { training: true }) as tf.Tensor;
    close(a, layers.RandomTranslation(0.4, 0.4, { seed: 12, fillMode: "constant" }).apply(x, { training: true }) as tf.Tensor, "same seed");
    const [i0, i1] = tf.split(a, 4).slice(0, 2) as [tf.Tensor, tf.Tensor];
    assert.ok(tf.max(tf.abs(tf.sub(i0, i1))).dataSync()[0]! > 1e-3, "the same image, shifted differently in one batch");
  });
});

onCpuOnly(() => {
  const bad: [string, unknown, RegExp][] = [
    ["bad_len", [0.1, 0.2, 0.3], /Received: height_factor=\[0.1, 0.2, 0.3\]/],
    ["bad_type", { dummy: 0.3 }, /Received: height_factor=/],
    ["exceed_range_single", -1.1, /in the range \[-1\.0, 1\.0\]\. Received: input_number=-1.1/],
    ["exceed_range_tuple", [-1.1, 0.0], /Received: input_number=-1.1/],
  ];
  for (const [name, factor, message] of bad) {
    test(`RandomTranslationTest.test_random_translation_with_bad_factor(${name})`, () => {
      assert.throws(() => layers.RandomTranslation(factor as never, 0.0), message);
    });
  }

  test("(ours) RandomTranslation's name and config", () => {
    const layer = layers.RandomTranslation([-0.1, 0.2], 0.3, { interpolation: "nearest", seed: 4, fillValue: 2, fillMode: "constant" });
    assert.match(layer.name, /^random_translation(_\d+)?$/);
    const config = roundTrip(layer, "RandomTranslation");
    assert.deepEqual([config.heightFactor, config.widthFactor, config.fillMode, config.interpolation, config.seed, config.fillValue], [[-0.1, 0.2], 0.3, "constant", "nearest", 4, 2]);
    assert.throws(() => layers.RandomTranslation(0.1, 0.1, { interpolation: "area" as never }), /Unknown `interpolation` area/);
  });
});
