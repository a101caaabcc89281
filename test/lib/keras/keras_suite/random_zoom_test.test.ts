/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/random_zoom_test.py, on
 * every backend. Keras's run_layer_test calls the layer with its default training=True; here
 * training is passed. The correctness cases run in both data formats (Keras's follow the global
 * one); test_tf_data_compatibility runs as a direct call. Skipped: the bounding-box cases
 * (test_random_flip_bounding_boxes, test_random_flip_tf_data_bounding_boxes: dict inputs are not
 * implemented here).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { RandomZoomLayer } from "../../../../lib/keras/layers/random_zoom.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, FORMATS, inFormat, layerBasics, random, roundTrip } from "./image_layer_cases.js";

type F = number | [number, number];
const SHAPE_CASES: [string, F, F][] = [
  ["random_zoom_in_4_by_6", -0.4, -0.6],
  ["random_zoom_in_2_by_3", -0.2, -0.3],
  ["random_zoom_in_tuple_factor", [-0.4, -0.5], [-0.2, -0.3]],
  ["random_zoom_out_4_by_6", 0.4, 0.6],
  ["random_zoom_out_2_by_3", 0.2, 0.3],
  ["random_zoom_out_tuple_factor", [0.4, 0.5], [0.2, 0.3]],
];

onBackends(() => {
  for (const [name, h, w] of SHAPE_CASES) {
    test(`RandomZoomTest.test_random_zoom(${name})`, () => {
      layerBasics(layers.RandomZoom(h, w), "RandomZoom", [2, 3, 4], [2, 3, 4]);
    });
  }

  for (const dataFormat of FORMATS) {
    test(`RandomZoomTest.test_random_zoom_out_correctness(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 25).reshape([1, 5, 5, 1]), dataFormat);
      const expected = [
        [0, 0, 0, 0, 0],
        [0, 2.7, 4.5, 6.3, 0],
        [0, 10.2, 12.0, 13.8, 0],
        [0, 17.7, 19.5, 21.3, 0],
        [0, 0, 0, 0, 0],
      ];
      const layer = layers.RandomZoom([0.5, 0.5], [0.8, 0.8], { interpolation: "bilinear", fillMode: "constant", dataFormat });
      close(layer.apply(img, { training: true }) as tf.Tensor, inFormat(tf.tensor(expected).reshape([1, 5, 5, 1]), dataFormat), "zoom out");
    });

    test(`RandomZoomTest.test_random_zoom_in_correctness(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 25).reshape([1, 5, 5, 1]), dataFormat);
      const expected = [
        [6.0, 6.5, 7.0, 7.5, 8.0],
        [8.5, 9.0, 9.5, 10.0, 10.5],
        [11.0, 11.5, 12.0, 12.5, 13.0],
        [13.5, 14.0, 14.5, 15.0, 15.5],
        [16.0, 16.5, 17.0, 17.5, 18.0],
      ];
      const layer = layers.RandomZoom([-0.5, -0.5], [-0.5, -0.5], { interpolation: "bilinear", fillMode: "constant", dataFormat });
      close(layer.apply(img, { training: true }) as tf.Tensor, inFormat(tf.tensor(expected).reshape([1, 5, 5, 1]), dataFormat), "zoom in");
    });
  }

  test("RandomZoomTest.test_tf_data_compatibility (a direct call: no tf.data)", () => {
    const layer = layers.RandomZoom([0.5, 0.5], [0.8, 0.8], { interpolation: "nearest", fillMode: "constant" });
    const expected = [
      [0, 0, 0, 0, 0],
      [0, 5, 7, 9, 0],
      [0, 10, 12, 14, 0],
      [0, 20, 22, 24, 0],
      [0, 0, 0, 0, 0],
    ];
    close(layer.apply(tf.range(0, 25).reshape([1, 5, 5, 1]), { training: true }) as tf.Tensor, tf.tensor(expected).reshape([1, 5, 5, 1]), "nearest zoom out");
  });

  test("RandomZoomTest.test_dynamic_shape", () => {
    const input = tf.input({ shape: [null, null, 3] });
    const layer = layers.RandomZoom([0.5, 0.5], [0.8, 0.8], { interpolation: "nearest", fillMode: "constant" });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    assert.deepEqual((model.predict(random([1, 6, 6, 3])) as tf.Tensor).shape, [1, 6, 6, 3]);
  });

  test("RandomZoomTest.test_connect_with_flatten", async () => {
    const model = keras.Sequential([layers.RandomZoom([-0.5, 0.0], [-0.5, 0.0], { inputShape: [2, 2, 1] }), layers.Flatten(), layers.Dense(1, { activation: "relu" })]);
    model.compile({ loss: "mse", optimizer: "adam" });
    const history = await model.fit(random([2, 2, 2, 1]), random([2], 3), { verbose: 0 });
    assert.ok(Number.isFinite(history.history.loss![0] as number));
  });

  test("(ours) without widthFactor both axes take the height draw; a seed repeats its zooms", () => {
    const draws: number[] = [];
    class Recording extends RandomZoomLayer {
      protected override uniform(count: number, minval: number, maxval: number): number[] {
        const u = super.uniform(count, minval, maxval);
        draws.push(...u);
        return u;
      }
    }
    const x = random([3, 6, 6, 1]);
    new Recording({ heightFactor: [-0.3, 0.3] }).apply(x, { training: true });
    assert.equal(draws.length, 3, "one draw per image, none for the width");
    assert.ok(draws.every((d) => d >= 0.7 && d <= 1.3));
    const a = layers.RandomZoom(0.3, { seed: 2 }).apply(x, { training: true }) as tf.Tensor;
    close(a, layers.RandomZoom(0.3, { seed: 2 }).apply(x, { training: true }) as tf.Tensor, "same seed");
    close(layers.RandomZoom(0.3).apply(x) as tf.Tensor, x, "inactive at inference");
  });
});

onCpuOnly(() => {
  test("(ours) RandomZoom's factors are checked with Keras's messages; name and config", () => {
    assert.throws(() => layers.RandomZoom(-1), /in the range \(-1\.0, 1\.0\]\. Received: input_number=-1/);
    assert.throws(() => layers.RandomZoom(0.2, [0.1, 0.2, 0.3] as never), /Received: width_factor=\[0.1, 0.2, 0.3\]/);
    assert.throws(() => layers.RandomZoom(0.2, { fillMode: "mirror" as never }), /Unknown `fill_mode` mirror/);
    const layer = layers.RandomZoom(0.2, [0.1, 0.3], { seed: 1, fillMode: "wrap" });
    assert.match(layer.name, /^random_zoom(_\d+)?$/);
    const config = roundTrip(layer, "RandomZoom");
    assert.deepEqual([config.heightFactor, config.widthFactor, config.fillMode, config.interpolation, config.seed, config.fillValue], [0.2, [0.1, 0.3], "wrap", "bilinear", 1, 0]);
    assert.equal(roundTrip(layers.RandomZoom(0.2, { seed: 1 }), "RandomZoom").widthFactor, null);
  });
});
