/**
 * Port of Keras 3's keras/src/layers/convolutional/conv_transpose_test.py, the Conv2DTranspose
 * basic cases (output shapes with outputPadding, strides, channels_first), on every backend; and
 * the transposed convolution checked as what it is, the adjoint of the convolution with the same
 * kernel: ⟨convT(x), y⟩ = ⟨x, conv(y)⟩, with outputPadding and dilation.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Conv2DTransposeLayer } from "../../../../lib/keras/layers/conv.js";
import { dilateKernel } from "../../../../lib/keras/layers/conv_geometry.js";
import { onBackends, onCpuOnly } from "../backends.js";

type Case = { filters: number; kernelSize: number | [number, number]; strides: number | [number, number]; padding: "valid" | "same"; outputPadding: number | null; dataFormat: "channels_last" | "channels_first"; dilationRate: number | [number, number]; inputShape: number[]; outputShape: number[] };
const BASIC: Case[] = [
  { filters: 5, kernelSize: 2, strides: 2, padding: "valid", outputPadding: null, dataFormat: "channels_last", dilationRate: 1, inputShape: [2, 8, 8, 4], outputShape: [2, 16, 16, 5] },
  { filters: 6, kernelSize: 2, strides: 3, padding: "same", outputPadding: 2, dataFormat: "channels_last", dilationRate: [1, 1], inputShape: [2, 8, 8, 4], outputShape: [2, 23, 23, 6] },
  { filters: 6, kernelSize: [2, 3], strides: [2, 1], padding: "valid", outputPadding: null, dataFormat: "channels_first", dilationRate: [1, 1], inputShape: [2, 4, 8, 8], outputShape: [2, 6, 16, 10] },
  { filters: 2, kernelSize: [7, 7], strides: [16, 16], padding: "valid", outputPadding: null, dataFormat: "channels_last", dilationRate: [1, 1], inputShape: [1, 14, 14, 2], outputShape: [1, 224, 224, 2] },
];

const make = (c: Omit<Case, "inputShape" | "outputShape">) =>
  layers.Conv2DTranspose(c.filters, c.kernelSize, { strides: c.strides, padding: c.padding, outputPadding: c.outputPadding, dataFormat: c.dataFormat, dilationRate: c.dilationRate });

onBackends(() => {
  for (const c of BASIC) {
    test(`ConvTransposeBasicTest.test_conv2d_transpose_basic(${JSON.stringify(c)})`, () => {
      const layer = make(c);
      const out = layer.apply(tf.randomNormal(c.inputShape, 0, 1, "float32", 1)) as tf.Tensor;
      assert.deepEqual(out.shape, c.outputShape);
      assert.deepEqual(layer.computeOutputShape(c.inputShape), c.outputShape);
      assert.equal(layer.trainableWeights.length, 2);
    });
  }

  for (const [padding, outputPadding, dilation, strides] of [["valid", 1, 1, 2], ["same", 1, 1, 2], ["valid", null, 2, 1], ["same", null, 2, 1], ["valid", 2, 2, 3]] as const) {
    test(`Conv2DTranspose is the adjoint of Conv2D (padding ${padding}, outputPadding ${outputPadding}, dilation ${dilation}, strides ${strides})`, () => {
      const layer = layers.Conv2DTranspose(3, [3, 2], { strides, padding, outputPadding, dilationRate: dilation, useBias: false });
      const x = tf.randomNormal([1, 5, 4, 2], 0, 1, "float32", 7);
      const y = layer.apply(x) as tf.Tensor4D;
      const probe = tf.randomNormal(y.shape, 0, 1, "float32", 8) as tf.Tensor4D;
      // The kernel is [kh, kw, filters, channels]: conv2d of the output space back to the input's.
      const kernel = dilateKernel(layer.getWeights()[0]!, [dilation, dilation]) as tf.Tensor4D;
      const back = tf.conv2d(probe, kernel, strides, padding);
      assert.deepEqual(back.shape, x.shape, "the convolution maps the output shape back onto the input shape");
      const left = tf.sum(tf.mul(y, probe)).dataSync()[0]!;
      const right = tf.sum(tf.mul(x, back)).dataSync()[0]!;
      assert.ok(Math.abs(left - right) <= 1e-3 * (1 + Math.abs(left)), `⟨convT(x), y⟩ ${left} vs ⟨x, conv(y)⟩ ${right}`);
    });
  }
});

onCpuOnly(() => {
  test("outputPadding and dilationRate round-trip under the class name Conv2DTranspose; outputPadding must stay below the stride", () => {
    const config = layers.Conv2DTranspose(2, 3, { strides: 2, outputPadding: 1, dilationRate: [1, 1] }).getConfig();
    assert.deepEqual(config.outputPadding, [1, 1]);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.Conv2DTranspose!;
    assert.equal(cls, Conv2DTransposeLayer);
    const json = (c: unknown) => JSON.parse(JSON.stringify(c));
    assert.deepEqual(json((fromConfig(cls, json(config)) as tf.layers.Layer).getConfig()), json(config));
    assert.throws(() => layers.Conv2DTranspose(2, 3, { strides: 2, outputPadding: 2 }), /outputPadding must be less than the stride on each axis/);
  });
});
