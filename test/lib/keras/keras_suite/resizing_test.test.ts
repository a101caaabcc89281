/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/resizing_test.py, on every
 * backend. Skipped: test_grain_compatibility (no grain), the bounding-box cases
 * (test_resize_bounding_boxes, test_resize_tf_data_bounding_boxes: dict inputs with boxes are not
 * implemented here). The tf.data cases run as direct calls (the layer's part of them). In
 * test_resizing_basics, "bicubic", "lanczos5" and antialias=True have no tfjs kernel: they are
 * checked to be refused by name. Cases marked "(ours)" are not Keras's: TF's resize references.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, FORMATS, inFormat, layerBasics, random, roundTrip } from "./image_layer_cases.js";

onBackends(() => {
  for (const interpolation of ["nearest", "bilinear"] as const) {
    for (const [crop, pad] of [[false, false], [true, false], [false, true]] as const) {
      for (const dataFormat of FORMATS) {
        test(`ResizingTest.test_resizing_basics(${interpolation}, crop ${crop}, pad ${pad}, antialias false, ${dataFormat})`, () => {
          const layer = layers.Resizing(6, 6, { interpolation, cropToAspectRatio: crop, padToAspectRatio: pad, antialias: false, dataFormat });
          const [input, output] = dataFormat === "channels_last" ? [[2, 12, 12, 3], [2, 6, 6, 3]] : [[2, 3, 12, 12], [2, 3, 6, 6]];
          layerBasics(layer, "Resizing", input!, output!);
        });
      }
    }
  }

  for (const dataFormat of FORMATS) {
    test(`ResizingTest.test_down_sampling_numeric(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 16).reshape([1, 4, 4, 1]), dataFormat);
      const out = layers.Resizing(2, 2, { interpolation: "nearest", dataFormat }).apply(img) as tf.Tensor;
      close(out, inFormat(tf.tensor([5, 7, 13, 15], [1, 2, 2, 1]), dataFormat), "down-sampled");
    });

    test(`ResizingTest.test_up_sampling_numeric(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 4).reshape([1, 2, 2, 1]), dataFormat);
      const out = layers.Resizing(4, 4, { interpolation: "nearest", dataFormat }).apply(img) as tf.Tensor;
      const ref = tf.tensor([[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]]).reshape([1, 4, 4, 1]);
      close(out, inFormat(ref, dataFormat), "up-sampled");
    });

    test(`ResizingTest.test_crop_to_aspect_ratio(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 16).reshape([1, 4, 4, 1]), dataFormat);
      const out = layers.Resizing(4, 2, { interpolation: "nearest", dataFormat, cropToAspectRatio: true }).apply(img) as tf.Tensor;
      const ref = tf.tensor([[1, 2], [5, 6], [9, 10], [13, 14]]).reshape([1, 4, 2, 1]);
      close(out, inFormat(ref, dataFormat), "cropped");
    });

    test(`ResizingTest.test_unbatched_image(${dataFormat})`, () => {
      const img = inFormat(tf.range(0, 16).reshape([4, 4, 1]), dataFormat);
      const out = layers.Resizing(2, 2, { interpolation: "nearest", dataFormat }).apply(img) as tf.Tensor;
      close(out, inFormat(tf.tensor([5, 7, 13, 15], [2, 2, 1]), dataFormat), "unbatched");
    });

    test(`(ours) pad_to_aspect_ratio pads the short side evenly with fillValue (${dataFormat})`, () => {
      const img = inFormat(tf.range(1, 9).reshape([1, 4, 2, 1]), dataFormat);
      const out = layers.Resizing(4, 4, { interpolation: "nearest", padToAspectRatio: true, fillValue: -1, dataFormat }).apply(img) as tf.Tensor;
      const ref = tf.tensor([[-1, 1, 2, -1], [-1, 3, 4, -1], [-1, 5, 6, -1], [-1, 7, 8, -1]]).reshape([1, 4, 4, 1]);
      close(out, inFormat(ref, dataFormat), "padded");
    });
  }

  test("ResizingTest.test_tf_data_compatibility (a direct call: no tf.data)", () => {
    const out = layers.Resizing(8, 9).apply(random([2, 10, 12, 3])) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 8, 9, 3]);
  });

  test("ResizingTest.test_tf_data_compatibility_sequential (the layer in a Sequential model)", () => {
    const model = keras.Sequential([layers.Resizing(8, 9, { inputShape: [10, 12, 3] })]);
    const out = model.predict(random([2, 10, 12, 3])) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 8, 9, 3]);
  });

  for (const size of [[15, 10], [15, 100]] as const) {
    test(`ResizingTest.test_data_stretch(${size.join("x")}, channels_last)`, () => {
      const out = layers.Resizing(size[0], size[1], { dataFormat: "channels_last", cropToAspectRatio: true }).apply(random([1, 1, 4, 4])) as tf.Tensor;
      assert.deepEqual(out.shape, [1, size[0], size[1], 4]);
    });
  }

  test("(ours) bilinear is TF's resize with half-pixel centres", () => {
    // TF: in = (out + 0.5)·(2/4) − 0.5 = −0.25, 0.25, 0.75, 1.25; below 0 and above 1 clamp.
    const out = layers.Resizing(4, 4).apply(tf.tensor([0, 1, 2, 3], [1, 2, 2, 1])) as tf.Tensor;
    const row = (a: number, b: number) => [a, a + 0.25 * (b - a), a + 0.75 * (b - a), b];
    const top = row(0, 1);
    const bottom = row(2, 3);
    const ref = [0, 0.25, 0.75, 1].map((t) => top.map((v, i) => v + t * (bottom[i]! - v)));
    close(out, tf.tensor(ref).reshape([1, 4, 4, 1]), "bilinear");
  });

  test("(ours) integer images come back rounded and integer, as Keras's", () => {
    // Means 1.5 and 2.5: Keras rounds with tf.round, halves to even.
    const out = layers.Resizing(1, 1).apply(tf.tensor([[[[1], [2]]], [[[2], [3]]]], [2, 1, 2, 1], "int32")) as tf.Tensor;
    assert.equal(out.dtype, "int32");
    close(out, [[[[2]]], [[[2]]]], "rounded half to even");
  });
});

onCpuOnly(() => {
  for (const [option, value] of [["interpolation", "bicubic"], ["interpolation", "lanczos5"], ["antialias", true]] as const) {
    test(`ResizingTest.test_resizing_basics(${option} ${value}): no tfjs kernel, refused by name`, () => {
      assert.throws(() => layers.Resizing(6, 6, { [option]: value }), new RegExp(`${option}`));
    });
  }

  test("(ours) Resizing's arguments are checked with Keras's messages", () => {
    assert.throws(() => layers.Resizing(0, 6), /`height`/);
    assert.throws(() => layers.Resizing(6, 6, { interpolation: "cubic" as never }), /Invalid value for argument `interpolation`/);
    assert.throws(() => layers.Resizing(6, 6, { cropToAspectRatio: true, padToAspectRatio: true }), /Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio`/);
    assert.throws(() => layers.Resizing(6, 6, { fillMode: "reflect" as never }), /Only `'constant'` is supported/);
    assert.throws(() => layers.Resizing(6, 6, { dataFormat: "nhwc" as never }), /`dataFormat`/);
    assert.throws(() => layers.Resizing(6, 6).apply(tf.zeros([2, 2])), /Expected image tensor to have rank 3 \(single image\) or 4/);
  });

  test("(ours) Resizing's name and config", () => {
    const layer = layers.Resizing(3, 5, { interpolation: "nearest", padToAspectRatio: true, fillValue: 2, dataFormat: "channels_first" });
    assert.match(layer.name, /^resizing(_\d+)?$/);
    const config = roundTrip(layer, "Resizing");
    for (const [k, v] of Object.entries({ height: 3, width: 5, interpolation: "nearest", cropToAspectRatio: false, padToAspectRatio: true, fillMode: "constant", fillValue: 2, antialias: false, dataFormat: "channels_first" })) {
      assert.deepEqual(config[k], v, k);
    }
  });
});
