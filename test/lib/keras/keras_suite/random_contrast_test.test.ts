/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/random_contrast_test.py,
 * on every backend. Keras's value-range cases take the drawn factor from
 * get_random_transformation and redo the arithmetic in numpy; here a subclass records the layer's
 * draws and the test redoes the arithmetic on plain arrays, in both data formats.
 * test_tf_data_compatibility runs as a direct call. Skipped: test_dict_input (dict inputs are not
 * implemented here).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { RandomContrastLayer } from "../../../../lib/keras/layers/random_contrast.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, FORMATS, layerBasics, random, roundTrip } from "./image_layer_cases.js";

class Recording extends RandomContrastLayer {
  draws: number[] = [];
  protected override uniform(count: number, minval: number, maxval: number): number[] {
    const u = super.uniform(count, minval, maxval);
    this.draws.push(...u);
    return u;
  }
}

/** (x − mean)·factor + mean per image and channel (mean over height, then width), clipped. */
function reference(x: number[][][][], factors: number[], channelsFirst: boolean, [lo, hi]: [number, number]): number[][][][] {
  return x.map((img, b) => {
    const hwc = channelsFirst ? img[0]!.map((row, h) => row.map((_, w) => img.map((ch) => ch[h]![w]!))) : img;
    const H = hwc.length;
    const W = hwc[0]!.length;
    const C = hwc[0]![0]!.length;
    const mean = Array.from({ length: C }, (_, c) => {
      let s = 0;
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) s += hwc[h]![w]![c]!;
      return s / (H * W);
    });
    const out = hwc.map((row) => row.map((px) => px.map((v, c) => Math.min(hi, Math.max(lo, (v - mean[c]!) * factors[b]! + mean[c]!)))));
    return channelsFirst ? Array.from({ length: C }, (_, c) => out.map((row) => row.map((px) => px[c]!))) : out;
  });
}

onBackends(() => {
  test("RandomContrastTest.test_layer", () => {
    layerBasics(layers.RandomContrast(0.75, { valueRange: [0, 255], seed: 1 }), "RandomContrast", [8, 3, 4, 3], [8, 3, 4, 3]);
    layerBasics(layers.RandomContrast(0.75, { valueRange: [0, 255], seed: 1, dataFormat: "channels_first" }), "RandomContrast", [8, 3, 4, 4], [8, 3, 4, 4]);
  });

  for (const [range, name] of [[[0, 255], "0_to_255"], [[0, 1], "0_to_1"]] as [[number, number], string][]) {
    for (const dataFormat of FORMATS) {
      test(`RandomContrastTest.test_random_contrast_with_value_range_${name}(${dataFormat})`, () => {
        const first = dataFormat === "channels_first";
        const inputs = random(first ? [12, 3, 8, 16] : [12, 8, 16, 3], 9809);
        const layer = new Recording({ factor: 0.5, valueRange: range, seed: 9809, dataFormat });
        const outputs = layer.apply(inputs, { training: true }) as tf.Tensor;
        assert.equal(layer.draws.length, 12, "one factor per image");
        const expected = reference(inputs.arraySync() as number[][][][], layer.draws, first, range);
        close(outputs, tf.tensor(expected), "contrast", 1e-5);
        if (range[1] === 1) assert.ok(tf.max(outputs).dataSync()[0]! <= 1 && tf.min(outputs).dataSync()[0]! >= 0, "clipped to [0, 1]");
      });
    }
  }

  test("RandomContrastTest.test_tf_data_compatibility (a direct call: no tf.data)", () => {
    assert.deepEqual((layers.RandomContrast(0.5, { seed: 1337 }).apply(random([2, 8, 8, 3]), { training: true }) as tf.Tensor).shape, [2, 8, 8, 3]);
  });

  test("(ours) the factor rule is Keras's: a number f draws in [1, 1 + f], a pair (l, u) in [1 − l, 1 + u]; inactive at inference", () => {
    const x = random([64, 2, 2, 1]);
    const single = new Recording({ factor: 0.5, seed: 3 });
    single.apply(x, { training: true });
    assert.ok(single.draws.every((d) => d >= 1 && d <= 1.5), JSON.stringify(single.draws));
    const pair = new Recording({ factor: [0.3, 0.6], seed: 3 });
    pair.apply(x, { training: true });
    assert.ok(pair.draws.every((d) => d >= 0.7 && d <= 1.6) && pair.draws.some((d) => d < 1), JSON.stringify(pair.draws));
    close(layers.RandomContrast(0.5).apply(x) as tf.Tensor, x, "training undefined");
    const a = layers.RandomContrast(0.5, { seed: 5 }).apply(x, { training: true }) as tf.Tensor;
    close(a, layers.RandomContrast(0.5, { seed: 5 }).apply(x, { training: true }) as tf.Tensor, "same seed");
  });
});

onCpuOnly(() => {
  test("(ours) RandomContrast's factor checked with Keras's message; name and config", () => {
    assert.throws(() => layers.RandomContrast(1.5), /The `factor` argument should be a number \(or a list of two numbers\) in the range \[0, 1\]\. Received: factor=1.5/);
    assert.throws(() => layers.RandomContrast(-0.5), /Received: factor=-0.5/);
    assert.throws(() => layers.RandomContrast(0.5, { valueRange: [0] as never }), /`value_range`/);
    const layer = layers.RandomContrast(0.4, { valueRange: [0, 1], seed: 2 });
    assert.match(layer.name, /^random_contrast(_\d+)?$/);
    const config = roundTrip(layer, "RandomContrast");
    assert.deepEqual([config.factor, config.valueRange, config.seed, config.dataFormat], [[0, 0.4], [0, 1], 2, "channels_last"]);
  });
});
