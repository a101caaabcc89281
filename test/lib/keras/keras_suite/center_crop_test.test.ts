/**
 * Port of Keras 3's keras/src/layers/preprocessing/image_preprocessing/center_crop_test.py, on
 * every backend. Skipped: the bounding-box cases (test_center_crop_bounding_boxes,
 * test_center_crop_tf_data_bounding_boxes) and test_segmentation_mask_preserves_dtype_and_classes
 * (dict inputs with boxes or masks are not implemented here). test_tf_data_compatibility runs as a
 * direct call; test_dynamic_spatial_dims through a model with free spatial dimensions.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, layerBasics, random, roundTrip } from "./image_layer_cases.js";

/** The test's np_center_crop on a channels_last (batched or not) image. */
function npCenterCrop(img: tf.Tensor, hNew: number, wNew: number): tf.Tensor {
  const r = img.rank;
  const [h, w] = img.shape.slice(r - 3, r - 1) as [number, number];
  const hStart = Math.floor((h - hNew) / 2);
  const wStart = Math.floor((w - wNew) / 2);
  const begin = r === 4 ? [0, hStart, wStart, 0] : [hStart, wStart, 0];
  const size = r === 4 ? [-1, hNew, wNew, -1] : [hNew, wNew, -1];
  return tf.slice(img, begin, size);
}

onBackends(() => {
  test("CenterCropTest.test_center_crop_basics", () => {
    layerBasics(layers.CenterCrop(6, 6, { dataFormat: "channels_last" }), "CenterCrop", [2, 12, 12, 3], [2, 6, 6, 3]);
    layerBasics(layers.CenterCrop(7, 7, { dataFormat: "channels_first" }), "CenterCrop", [2, 3, 13, 13], [2, 3, 7, 7]);
  });

  const cases: [[number, number], "channels_first" | "channels_last"][] = [[[5, 7], "channels_first"], [[5, 7], "channels_last"], [[4, 9], "channels_first"], [[9, 4], "channels_last"]];
  for (const [size, dataFormat] of cases) {
    test(`CenterCropTest.test_center_crop_correctness(${size.join("x")}, ${dataFormat})`, () => {
      const first = dataFormat === "channels_first";
      const img = random(first ? [2, 3, 9, 11] : [2, 9, 11, 3]);
      const out = layers.CenterCrop(size[0], size[1], { dataFormat }).apply(img) as tf.Tensor;
      const ref = first ? tf.transpose(npCenterCrop(tf.transpose(img, [0, 2, 3, 1]), size[0], size[1]), [0, 3, 1, 2]) : npCenterCrop(img, size[0], size[1]);
      close(out, ref, "batched");
      const one = random(first ? [3, 9, 11] : [9, 11, 3], 11);
      const outOne = layers.CenterCrop(size[0], size[1], { dataFormat }).apply(one) as tf.Tensor;
      const refOne = first ? tf.transpose(npCenterCrop(tf.transpose(one, [1, 2, 0]), size[0], size[1]), [2, 0, 1]) : npCenterCrop(one, size[0], size[1]);
      close(outOne, refOne, "unbatched");
    });
  }

  for (const [size, dataFormat] of [[[15, 10], "channels_first"], [[10, 17], "channels_last"]] as const) {
    test(`CenterCropTest.test_input_smaller_than_crop_box(${size.join("x")}, ${dataFormat})`, () => {
      const first = dataFormat === "channels_first";
      for (const shape of first ? [[2, 3, 9, 11], [3, 9, 11]] : [[2, 9, 11, 3], [9, 11, 3]]) {
        const img = random(shape);
        const out = layers.CenterCrop(size[0], size[1], { dataFormat }).apply(img) as tf.Tensor;
        const ref = layers.Resizing(size[0], size[1], { dataFormat, cropToAspectRatio: true }).apply(img) as tf.Tensor;
        close(out, ref, `input ${shape.join("x")}`);
        assert.deepEqual(out.shape.slice(first ? -2 : -3, first ? undefined : -1), [...size]);
      }
    });
  }

  test("CenterCropTest.test_tf_data_compatibility (a direct call: no tf.data)", () => {
    assert.deepEqual((layers.CenterCrop(8, 9).apply(random([2, 10, 12, 3])) as tf.Tensor).shape, [2, 8, 9, 3]);
  });

  for (const size of [[5, 17], [5, 100]] as const) {
    test(`CenterCropTest.test_image_stretch(${size.join("x")}, channels_last)`, () => {
      const img = random([2, 11, 3, 9]);
      const out = layers.CenterCrop(size[0], size[1], { dataFormat: "channels_last" }).apply(img) as tf.Tensor;
      const ref = layers.Resizing(size[0], size[1], { dataFormat: "channels_last", cropToAspectRatio: true }).apply(img) as tf.Tensor;
      close(out, ref, "stretched");
      assert.deepEqual(out.shape, [2, size[0], size[1], 9]);
    });
  }

  test("CenterCropTest.test_dynamic_spatial_dims", () => {
    const input = tf.input({ shape: [null, null, 3] });
    const model = tf.model({ inputs: input, outputs: layers.CenterCrop(10, 12).apply(input) as tf.SymbolicTensor });
    assert.deepEqual((model.predict(random([2, 25, 30, 3])) as tf.Tensor).shape, [2, 10, 12, 3]);
    assert.deepEqual((model.predict(random([2, 6, 7, 3])) as tf.Tensor).shape, [2, 10, 12, 3]);
  });
});

onCpuOnly(() => {
  test("(ours) CenterCrop's name, arguments and config", () => {
    const layer = layers.CenterCrop(4, 5, { dataFormat: "channels_first" });
    assert.match(layer.name, /^center_crop(_\d+)?$/);
    const config = roundTrip(layer, "CenterCrop");
    assert.deepEqual([config.height, config.width, config.dataFormat], [4, 5, "channels_first"]);
    assert.throws(() => layers.CenterCrop(4, 1.5), /`width`/);
    assert.throws(() => layers.CenterCrop(4, 4, { seed: 1 } as never), /unknown argument `seed`/);
  });
});
