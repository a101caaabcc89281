/**
 * Port of Keras 3's keras/src/layers/reshaping/up_sampling2d_test.py on every backend (the
 * interpolation-name checks on cpu only): nearest up-sampling in both data formats against
 * numpy's repeat (and run_layer_test: shape, no weights, config round trip), bilinear's shapes,
 * Keras's expected values for size (1, 2), and the interpolation methods.
 *
 * Added: bilinear's values against torch's `interpolate(mode="bilinear", align_corners=False)`
 * (half-pixel centres, what Keras's `ops.image.resize` computes); tfjs's own UpSampling2D fails
 * it (its resizeBilinear runs without half-pixel centres).
 * Not ported: use_set_image_data_format=True (there is no global image_data_format here: the
 * data format is given to each layer, which the False half covers). "bicubic", "lanczos3" and
 * "lanczos5" throw naming `interpolation` (tfjs has no such resize kernel), so
 * test_upsampling_2d_various_interpolation_methods and test_upsampling_2d_lanczos_interpolation_methods
 * run "nearest" and "bilinear" and check that the others are refused by name.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { npRepeat, rand, runLayerTest } from "./spatial_helpers.js";

// Debian's torch (python3-torch) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";
type Format = "channels_last" | "channels_first";
const FORMATS: Format[] = ["channels_first", "channels_last"];
const inputShape = (dataFormat: Format) => (dataFormat === "channels_first" ? [2, 2, 11, 12] : [2, 11, 12, 2]);

/** torch's bilinear resize (align_corners=False) of NCHW `x` to `size`. */
function torchBilinear(x: number[][][][], size: [number, number]): number[][][][] {
  const script = [
    "import json, sys, torch",
    "x = torch.tensor(json.load(sys.stdin), dtype=torch.float64)",
    `y = torch.nn.functional.interpolate(x, size=(${size[0]}, ${size[1]}), mode="bilinear", align_corners=False)`,
    "print(json.dumps(y.tolist()))",
  ].join("\n");
  return JSON.parse(execFileSync(python, ["-c", script], { input: JSON.stringify(x), encoding: "utf8" }));
}

onBackends(() => {
  for (const dataFormat of FORMATS) {
    for (const lengthCol of [2, 3]) {
      test(`UpSampling2dTest.test_upsampling_2d(${dataFormat}, length_row=2, length_col=${lengthCol})`, () => {
        const inputs = rand(inputShape(dataFormat), 1);
        const [rows, cols] = dataFormat === "channels_first" ? [2, 3] : [1, 2];
        const basicShape = inputs.shape.map((d, a) => (a === rows || a === cols ? d * 2 : d));
        runLayerTest(() => layers.UpSampling2D([2, 2], { dataFormat }), inputs, { shape: basicShape });
        const output = layers.UpSampling2D([2, lengthCol], { dataFormat }).apply(inputs) as tf.Tensor;
        assert.equal(output.shape[rows], 2 * 11);
        assert.equal(output.shape[cols], lengthCol * 12);
        close(output, npRepeat(npRepeat(inputs, 2, rows), lengthCol, cols).arraySync(), "np.repeat");
      });
    }
  }

  for (const dataFormat of FORMATS) {
    for (const lengthCol of [2, 3]) {
      test(`UpSampling2dTest.test_upsampling_2d_bilinear(${dataFormat}, use_set_image_data_format=False, length_row=2, length_col=${lengthCol})`, () => {
        const inputs = rand(inputShape(dataFormat), 2);
        const [rows, cols] = dataFormat === "channels_first" ? [2, 3] : [1, 2];
        const basicShape = inputs.shape.map((d, a) => (a === rows || a === cols ? d * 2 : d));
        runLayerTest(() => layers.UpSampling2D([2, 2], { dataFormat, interpolation: "bilinear" }), inputs, { shape: basicShape });
        const output = layers.UpSampling2D([2, lengthCol], { dataFormat, interpolation: "bilinear" }).apply(inputs) as tf.Tensor;
        assert.equal(output.shape[rows], 2 * 11);
        assert.equal(output.shape[cols], lengthCol * 12);
      });
    }
  }

  for (const dataFormat of FORMATS) {
    test(`UpSampling2D bilinear equals torch's interpolate(align_corners=False), Keras's ops.image.resize (${dataFormat})`, () => {
      const nchw = rand([2, 2, 5, 4], 3);
      const expected = torchBilinear(nchw.arraySync() as number[][][][], [10, 12]);
      const inputs = dataFormat === "channels_first" ? nchw : tf.transpose(nchw, [0, 2, 3, 1]);
      const output = layers.UpSampling2D([2, 3], { dataFormat, interpolation: "bilinear" }).apply(inputs) as tf.Tensor;
      close(dataFormat === "channels_first" ? output : tf.transpose(output, [0, 3, 1, 2]), expected, "bilinear");
    });
  }

  test("UpSampling2dTest.test_upsampling_2d_correctness", () => {
    const x = tf.reshape(tf.range(0, 12), [2, 2, 1, 3]);
    close(layers.UpSampling2D([1, 2]).apply(x), [
      [[[0, 1, 2], [0, 1, 2]], [[3, 4, 5], [3, 4, 5]]],
      [[[6, 7, 8], [6, 7, 8]], [[9, 10, 11], [9, 10, 11]]],
    ], "UpSampling2D((1, 2))");
  });

  test("UpSampling2dTest.test_upsampling_2d_various_interpolation_methods", () => {
    const x = tf.reshape(tf.range(0, 12), [2, 2, 1, 3]);
    for (const interpolation of ["nearest", "bilinear"] as const) {
      assert.deepEqual((layers.UpSampling2D([1, 2], { interpolation }).apply(x) as tf.Tensor).shape, [2, 2, 2, 3]);
    }
    assert.throws(() => layers.UpSampling2D([1, 2], { interpolation: "bicubic" as never }), /'bicubic' is not implemented here/);
  });
});

onCpuOnly(() => {
  test("UpSampling2dTest.test_upsampling_2d_lanczos_interpolation_methods", () => {
    for (const interpolation of ["lanczos3", "lanczos5"]) {
      assert.throws(() => layers.UpSampling2D([1, 2], { interpolation: interpolation as never }), /`interpolation`.*is not implemented here/);
    }
    assert.throws(() => layers.UpSampling2D([1, 2], { interpolation: "cubic" as never }), /Invalid value for argument `interpolation`/);
  });
});
