/**
 * Port of the 2-D cases of Keras 3's keras/src/layers/convolutional/separable_conv_test.py on
 * every backend (argument errors on cpu only): SeparableConvBasicTest.test_separable_conv2d_basic
 * (run_layer_test approximated by output shape, computeOutputShape, 3 trainable weights, none
 * non-trainable and a config round-trip), SeparableConvCorrectnessTest.test_separable_conv2d
 * against the test's np_depthwise_conv2d followed by np_conv2d (conv_reference.ts), and
 * test_bad_init_args / test_invalid_output_shape_raises for SeparableConv2D.
 *
 * Skipped:
 * - test_separable_conv1d_basic, test_separable_conv1d, and the SeparableConv1D halves of
 *   test_bad_init_args / test_invalid_output_shape_raises: we expose no SeparableConv1D.
 * - test_bad_init_args's wording: ours is the shared option checks' ("`depthMultiplier` must be
 *   an integer ≥ 1; got 0", "`kernelSize` must be an integer ≥ 1 or 2 such integers; got [1, 0]")
 *   rather than Keras's "Invalid value for argument `depth_multiplier`. Expected a strictly
 *   positive value…"; the cases assert the error names the argument and the value.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { npConv2d, npDepthwiseConv2d } from "./conv_reference.js";

type Size = number | [number, number];
interface Case { depthMultiplier: number; filters: number; kernelSize: Size; strides: Size; padding: "valid" | "same"; dataFormat: "channels_last"; dilationRate: Size }
const pair = (v: Size): [number, number] => (Array.isArray(v) ? v : [v, v]);

const BASIC: [Case, number[], number[]][] = [
  [{ depthMultiplier: 5, filters: 5, kernelSize: 2, strides: 1, padding: "valid", dataFormat: "channels_last", dilationRate: 1 }, [3, 5, 5, 4], [3, 4, 4, 5]],
  [{ depthMultiplier: 6, filters: 6, kernelSize: 2, strides: 1, padding: "same", dataFormat: "channels_last", dilationRate: [2, 2] }, [3, 4, 4, 4], [3, 4, 4, 6]],
  [{ depthMultiplier: 6, filters: 6, kernelSize: [2, 2], strides: [2, 2], padding: "valid", dataFormat: "channels_last", dilationRate: [1, 1] }, [3, 5, 5, 4], [3, 2, 2, 6]],
];
const CORRECTNESS: Case[] = [
  { depthMultiplier: 5, filters: 5, kernelSize: 2, strides: 1, padding: "valid", dataFormat: "channels_last", dilationRate: 1 },
  { depthMultiplier: 6, filters: 6, kernelSize: 2, strides: 1, padding: "same", dataFormat: "channels_last", dilationRate: [2, 2] },
  { depthMultiplier: 6, filters: 6, kernelSize: [2, 2], strides: [2, 2], padding: "valid", dataFormat: "channels_last", dilationRate: [1, 1] },
];
const make = (c: Case) => layers.SeparableConv2D(c.filters, c.kernelSize, { depthMultiplier: c.depthMultiplier, strides: c.strides, padding: c.padding, dataFormat: c.dataFormat, dilationRate: c.dilationRate });
/**
 * run_class_serialization_test: config → fromConfig → the same config. The config is copied as
 * JSON first (as a saved model's is): tfjs's initializer deserialisation writes `customObjects`
 * into the nested config objects it is handed.
 */
function serializationRoundTrip(layer: tf.layers.Layer): void {
  const config = layer.getConfig();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
  const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
  assert.deepEqual(again.getConfig(), config, "config → fromConfig → getConfig");
  assert.equal(again.constructor, layer.constructor);
}
const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);

onBackends(() => {
  for (const [c, inputShape, outputShape] of BASIC) {
    test(`SeparableConvBasicTest.test_separable_conv2d_basic(${JSON.stringify(c)})`, () => {
      const layer = make(c);
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.trainableWeights.length, 3);
      assert.equal(layer.nonTrainableWeights.length, 0);
      assert.equal(layer.getClassName(), "SeparableConv2D");
      serializationRoundTrip(layer);
    });
  }

  CORRECTNESS.forEach((c, n) => {
    test(`SeparableConvCorrectnessTest.test_separable_conv2d(${JSON.stringify(c)})`, () => {
      const layer = make(c);
      const inputs = normal([2, 8, 8, 4], 10 + n);
      layer.build(inputs.shape);
      const [depthwiseKernel, pointwiseKernel] = layer.getWeights().map((w, i) => normal(w.shape, 20 + 10 * n + i));
      const bias = normal([c.filters], 30 + n);
      assert.deepEqual(layer.weights.map((w) => w.name.split("/").pop()!.replace(/_\d+$/, "")), ["depthwise_kernel", "pointwise_kernel", "bias"]);
      layer.setWeights([depthwiseKernel!, pointwiseKernel!, bias]);
      const outputs = layer.apply(inputs) as tf.Tensor;
      const expectedDepthwise = npDepthwiseConv2d(inputs.arraySync() as number[][][][], depthwiseKernel!.arraySync() as number[][][][], new Array<number>(4 * c.depthMultiplier).fill(0), {
        strides: pair(c.strides),
        padding: c.padding,
        dilation: pair(c.dilationRate),
      });
      const expected = npConv2d(expectedDepthwise, pointwiseKernel!.arraySync() as number[][][][], bias.arraySync() as number[], { strides: [1, 1], padding: c.padding, dilation: [1, 1] }, 1);
      assert.deepEqual(outputs.shape, tf.tensor(expected).shape);
      const diff = tf.max(tf.abs(tf.sub(outputs, tf.tensor(expected)))).dataSync()[0]!;
      assert.ok(diff < 1e-4, `max |diff| ${diff}`);
    });
  });

  test("SeparableConvBasicTest.test_invalid_output_shape_raises", () => {
    const layer = layers.SeparableConv2D(8, 5, { strides: 2, padding: "valid", dataFormat: "channels_last" });
    assert.throws(() => layer.apply(tf.randomUniform([2, 4, 4, 3])), /Computed output size would be zero or negative/);
    const symbolic = layers.SeparableConv2D(8, 5, { strides: 2, padding: "valid" });
    assert.throws(() => symbolic.apply(layers.Input({ shape: [4, 4, 3] })), /Computed output size would be zero or negative/);
  });
});

onCpuOnly(() => {
  test("SeparableConvBasicTest.test_bad_init_args", () => {
    assert.throws(() => layers.SeparableConv2D(1, 1, { depthMultiplier: 0 }), /`depthMultiplier`.*got 0/);
    assert.throws(() => layers.SeparableConv2D(0, 1, { depthMultiplier: 1 }), /`filters`.*got 0/);
    assert.throws(() => layers.SeparableConv2D(2, [1, 0], { depthMultiplier: 2 }), /`kernelSize`.*got \[1, 0\]/);
    assert.throws(() => layers.SeparableConv2D(2, [2, 2], { depthMultiplier: 2, strides: [1, 0] }), /`strides`.*got \[1, 0\]/);
  });
});
