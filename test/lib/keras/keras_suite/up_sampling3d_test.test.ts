/**
 * Port of Keras 3's keras/src/layers/reshaping/up_sampling3d_test.py on every backend: each
 * spatial axis repeated, in both data formats, against numpy's repeat (and run_layer_test: shape,
 * no weights, config round trip), and Keras's expected values for size (2, 2, 2).
 *
 * Not ported: run_layer_test's seed-generator and loss counts (no such state here).
 * test_upsampling_3d_correctness runs with image_data_format() == "channels_last", Keras's default.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { npRepeat, rand, runLayerTest } from "./spatial_helpers.js";

type Format = "channels_last" | "channels_first";

onBackends(() => {
  for (const dataFormat of ["channels_first", "channels_last"] as Format[]) {
    for (const length1 of [2, 3]) {
      test(`UpSampling3dTest.test_upsampling_3d(${dataFormat}, length_dim1=${length1}, length_dim2=2, length_dim3=3)`, () => {
        const first = dataFormat === "channels_first";
        const inputs = rand(first ? [2, 2, 10, 11, 12] : [2, 10, 11, 12, 2], 1);
        runLayerTest(() => layers.UpSampling3D([2, 2, 2], { dataFormat }), inputs, { shape: first ? [2, 2, 20, 22, 24] : [2, 20, 22, 24, 2] });
        const output = layers.UpSampling3D([length1, 2, 3], { dataFormat }).apply(inputs) as tf.Tensor;
        const [d1, d2, d3] = first ? [2, 3, 4] : [1, 2, 3];
        assert.equal(output.shape[d1], length1 * 10);
        assert.equal(output.shape[d2], 2 * 11);
        assert.equal(output.shape[d3], 3 * 12);
        close(output, npRepeat(npRepeat(npRepeat(inputs, length1, d1), 2, d2), 3, d3).arraySync(), "np.repeat");
      });
    }
  }

  test("UpSampling3dTest.test_upsampling_3d_correctness", () => {
    const x = tf.reshape(tf.range(0, 12), [2, 1, 2, 1, 3]);
    const a = [[0, 1, 2], [0, 1, 2]];
    const b = [[3, 4, 5], [3, 4, 5]];
    const c = [[6, 7, 8], [6, 7, 8]];
    const d = [[9, 10, 11], [9, 10, 11]];
    close(layers.UpSampling3D([2, 2, 2]).apply(x), [
      [[a, a, b, b], [a, a, b, b]],
      [[c, c, d, d], [c, c, d, d]],
    ], "UpSampling3D((2, 2, 2))");
  });
});
