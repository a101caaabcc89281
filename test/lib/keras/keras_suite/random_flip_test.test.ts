/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/random_flip_test.py, on
 * every backend. Keras's MockedRandomFlip patches the uniform draw to 0.1 (so every image flips);
 * here the subclass overrides the layer's `uniform` the same way. Keras calls the layer with its
 * default training=True; here training is passed. Skipped: test_tf_data_compatibility (its
 * expectation is what Keras's RNG draws for seed 42), the bounding-box cases and
 * test_segmentation_mask_preserves_dtype_and_classes (dict inputs are not implemented here).
 * "(ours)" cases check the behaviour Keras's RNG-bound cases stand for.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { RandomFlipLayer } from "../../../../lib/keras/layers/random_flip.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, layerBasics, random, roundTrip } from "./image_layer_cases.js";

class MockedRandomFlip extends RandomFlipLayer {
  protected override uniform(count: number): number[] {
    return Array(count).fill(0.1);
  }
}

onBackends(() => {
  for (const mode of ["horizontal", "vertical", "horizontal_and_vertical"] as const) {
    test(`RandomFlipTest.test_random_flip(${mode})`, () => {
      layerBasics(layers.RandomFlip(mode), "RandomFlip", [2, 3, 4], [2, 3, 4]);
    });
  }

  test("RandomFlipTest.test_random_flip_horizontal", () => {
    const layer = new MockedRandomFlip({ mode: "horizontal", dataFormat: "channels_last", seed: 42 });
    close(layer.apply(tf.tensor([[[2, 3, 4], [5, 6, 7]]]), { training: true }) as tf.Tensor, [[[5, 6, 7], [2, 3, 4]]], "3-D");
    const batch = tf.tensor([[[[2, 3, 4], [5, 6, 7]]], [[[2, 3, 4], [5, 6, 7]]]]);
    close(layer.apply(batch, { training: true }) as tf.Tensor, [[[[5, 6, 7], [2, 3, 4]]], [[[5, 6, 7], [2, 3, 4]]]], "4-D");
  });

  test("RandomFlipTest.test_random_flip_vertical", () => {
    const layer = new MockedRandomFlip({ mode: "vertical", dataFormat: "channels_last", seed: 42 });
    close(layer.apply(tf.tensor([[[2, 3, 4]], [[5, 6, 7]]]), { training: true }) as tf.Tensor, [[[5, 6, 7]], [[2, 3, 4]]], "3-D");
    const batch = tf.tensor([[[[2, 3, 4]], [[5, 6, 7]]], [[[2, 3, 4]], [[5, 6, 7]]]]);
    close(layer.apply(batch, { training: true }) as tf.Tensor, [[[[5, 6, 7]], [[2, 3, 4]]], [[[5, 6, 7]], [[2, 3, 4]]]], "4-D");
  });

  test("(ours) horizontal_and_vertical flips both axes on the same draw; channels_first flips its own axes", () => {
    const img = tf.range(0, 6).reshape([1, 2, 3, 1]);
    const both = new MockedRandomFlip({ mode: "horizontal_and_vertical" }).apply(img, { training: true }) as tf.Tensor;
    close(both, tf.reverse(img, [1, 2]), "both");
    const first = new MockedRandomFlip({ mode: "horizontal", dataFormat: "channels_first" }).apply(tf.transpose(img, [0, 3, 1, 2]), { training: true }) as tf.Tensor;
    close(first, tf.transpose(tf.reverse(img, 2), [0, 3, 1, 2]), "channels_first horizontal");
  });

  test("(ours) inactive at inference; a seed gives the same flips each time; about half the images flip", () => {
    const x = random([64, 4, 5, 2]);
    close(layers.RandomFlip("horizontal").apply(x) as tf.Tensor, x, "training undefined");
    close(layers.RandomFlip("horizontal").apply(x, { training: false }) as tf.Tensor, x, "training false");
    const a = layers.RandomFlip("horizontal", { seed: 3 }).apply(x, { training: true }) as tf.Tensor;
    const b = layers.RandomFlip("horizontal", { seed: 3 }).apply(x, { training: true }) as tf.Tensor;
    close(a, b, "same seed");
    const flipped = tf.reverse(x, 2);
    const sameAs = (t: tf.Tensor, ref: tf.Tensor) => Array.from(tf.all(tf.equal(t, ref), [1, 2, 3]).dataSync());
    const isFlipped = sameAs(a, flipped);
    const isKept = sameAs(a, x);
    assert.ok(isFlipped.every((f, i) => f !== isKept[i]), "each image is either flipped or kept");
    const count = isFlipped.reduce((s, f) => s + f, 0);
    assert.ok(count > 16 && count < 48, `flipped ${count} of 64`);
    const c = layers.RandomFlip("horizontal", { seed: 4 }).apply(x, { training: true }) as tf.Tensor;
    assert.notDeepEqual(sameAs(c, flipped), isFlipped, "another seed, other flips");
  });
});

onCpuOnly(() => {
  test("(ours) RandomFlip's positional mode, options, name and config", () => {
    const layer = layers.RandomFlip("vertical", { seed: 5, dataFormat: "channels_first" });
    assert.match(layer.name, /^random_flip(_\d+)?$/);
    const config = roundTrip(layer, "RandomFlip");
    assert.deepEqual([config.mode, config.seed, config.dataFormat], ["vertical", 5, "channels_first"]);
    assert.equal(layers.RandomFlip().mode, "horizontal_and_vertical");
    assert.equal(layers.RandomFlip({ seed: 1 }).seed, 1);
    assert.throws(() => layers.RandomFlip("diagonal" as never), /`mode`/);
    assert.throws(() => layers.RandomFlip("vertical", { seed: 0.5 }), /`seed`/);
  });
});
