/**
 * Port of Keras 3's keras/src/layers/convolutional/separable_conv_test.py on every backend
 * (argument errors on cpu only): SeparableConvBasicTest.test_separable_conv1d_basic /
 * test_separable_conv2d_basic (run_layer_test approximated by output shape, computeOutputShape,
 * 3 trainable weights, none non-trainable and a config round-trip),
 * SeparableConvCorrectnessTest.test_separable_conv1d / test_separable_conv2d against the test's
 * np_depthwise_conv1d/2d followed by np_conv1d/2d (conv_reference.ts), and test_bad_init_args /
 * test_invalid_output_shape_raises for both layers.
 *
 * Adapted: test_bad_init_args's wording is the shared option checks' ("`depthMultiplier` must be
 * an integer ≥ 1; got 0", "`kernelSize` must be an integer ≥ 1 or 2 such integers; got [1, 0]")
 * rather than Keras's "Invalid value for argument `depth_multiplier`. Expected a strictly
 * positive value…"; the cases assert the error names the argument and the value.
 *
 * Ours, not Keras's (marked "(ours)"): SeparableConv1D with channels_first against the
 * transposed channels_last result; a dilated SeparableConv1D has gradients; the config keeps
 * `depthMultiplier` and the pointwise kernel takes `pointwiseInitializer` (tfjs dropped both).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { npConv1d, npConv2d, npDepthwiseConv1d, npDepthwiseConv2d } from "./conv_reference.js";

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

type Size1 = number | [number];
interface Case1 { depthMultiplier: number; filters: number; kernelSize: Size1; strides: Size1; padding: "valid" | "same"; dataFormat: "channels_last"; dilationRate: Size1 }
const one = (v: Size1): number => (Array.isArray(v) ? v[0] : v);
const BASIC_1D: [Case1, number[], number[]][] = [
  [{ depthMultiplier: 5, filters: 5, kernelSize: 2, strides: 1, padding: "valid", dataFormat: "channels_last", dilationRate: 1 }, [3, 5, 4], [3, 4, 5]],
  [{ depthMultiplier: 6, filters: 6, kernelSize: 2, strides: 1, padding: "same", dataFormat: "channels_last", dilationRate: [2] }, [3, 4, 4], [3, 4, 6]],
  [{ depthMultiplier: 6, filters: 6, kernelSize: 2, strides: [2], padding: "valid", dataFormat: "channels_last", dilationRate: 1 }, [3, 5, 4], [3, 2, 6]],
];
const CORRECTNESS_1D: Case1[] = [
  { depthMultiplier: 5, filters: 5, kernelSize: 2, strides: 1, padding: "valid", dataFormat: "channels_last", dilationRate: 1 },
  { depthMultiplier: 6, filters: 6, kernelSize: 2, strides: 1, padding: "same", dataFormat: "channels_last", dilationRate: [2] },
  { depthMultiplier: 6, filters: 6, kernelSize: [2], strides: [2], padding: "valid", dataFormat: "channels_last", dilationRate: 1 },
];
const make1 = (c: Case1) => layers.SeparableConv1D(c.filters, c.kernelSize, { depthMultiplier: c.depthMultiplier, strides: c.strides, padding: c.padding, dataFormat: c.dataFormat, dilationRate: c.dilationRate });

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

  for (const [c, inputShape, outputShape] of BASIC_1D) {
    test(`SeparableConvBasicTest.test_separable_conv1d_basic(${JSON.stringify(c)})`, () => {
      const layer = make1(c);
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.deepEqual((make1(c).apply(layers.Input({ batchShape: inputShape })) as tf.SymbolicTensor).shape, outputShape, "symbolic");
      assert.equal(layer.trainableWeights.length, 3);
      assert.equal(layer.nonTrainableWeights.length, 0);
      assert.equal(layer.supportsMasking, false);
      assert.equal(layer.getClassName(), "SeparableConv1D");
      serializationRoundTrip(layer);
    });
  }

  CORRECTNESS_1D.forEach((c, n) => {
    test(`SeparableConvCorrectnessTest.test_separable_conv1d(${JSON.stringify(c)})`, () => {
      const layer = make1(c);
      const inputs = normal([2, 8, 4], 40 + n);
      layer.build(inputs.shape);
      assert.deepEqual(layer.weights.map((w) => w.name.split("/").pop()!.replace(/_\d+$/, "")), ["depthwise_kernel", "pointwise_kernel", "bias"]);
      assert.deepEqual(layer.weights.map((w) => w.shape), [[one(c.kernelSize), 4, c.depthMultiplier], [1, 4 * c.depthMultiplier, c.filters], [c.filters]], "Keras's weight shapes");
      const [depthwiseKernel, pointwiseKernel] = layer.getWeights().map((w, i) => normal(w.shape, 50 + 10 * n + i));
      const bias = normal([c.filters], 60 + n);
      layer.setWeights([depthwiseKernel!, pointwiseKernel!, bias]);
      const outputs = layer.apply(inputs) as tf.Tensor;
      const expectedDepthwise = npDepthwiseConv1d(inputs.arraySync() as number[][][], depthwiseKernel!.arraySync() as number[][][], new Array<number>(4 * c.depthMultiplier).fill(0), one(c.strides), c.padding, one(c.dilationRate));
      const expected = npConv1d(expectedDepthwise, pointwiseKernel!.arraySync() as number[][][], bias.arraySync() as number[], 1, c.padding, 1, 1);
      assert.deepEqual(outputs.shape, tf.tensor(expected).shape);
      const diff = tf.max(tf.abs(tf.sub(outputs, tf.tensor(expected)))).dataSync()[0]!;
      assert.ok(diff < 1e-4, `max |diff| ${diff}`);
    });
  });

  test("SeparableConv1D channels_first is channels_last transposed (ours)", () => {
    const last = layers.SeparableConv1D(3, 3, { depthMultiplier: 2, padding: "same", dilationRate: 2, activation: "relu" });
    const first = layers.SeparableConv1D(3, 3, { depthMultiplier: 2, padding: "same", dilationRate: 2, activation: "relu", dataFormat: "channels_first" });
    const x = normal([2, 7, 4], 70);
    const y = last.apply(x) as tf.Tensor;
    first.build([2, 4, 7]);
    first.setWeights(last.getWeights());
    const yFirst = first.apply(tf.transpose(x, [0, 2, 1])) as tf.Tensor;
    assert.deepEqual(yFirst.shape, [2, 3, 7]);
    assert.deepEqual(first.computeOutputShape([2, 4, 7]), [2, 3, 7]);
    const diff = tf.max(tf.abs(tf.sub(tf.transpose(yFirst, [0, 2, 1]), y))).dataSync()[0]!;
    assert.ok(diff < 1e-5, `max |diff| ${diff}`);
  });

  test("SeparableConv1D with dilation has gradients (ours)", () => {
    const layer = layers.SeparableConv1D(2, 2, { depthMultiplier: 2, dilationRate: 2 });
    const x = normal([2, 6, 3], 80);
    layer.build(x.shape);
    const grads = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, layer.trainableWeights.map((w) => (w as any).val));
    assert.equal(Object.keys(grads.grads).length, 3);
    for (const g of Object.values(grads.grads)) assert.ok(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0]!));
  });

  test("SeparableConvBasicTest.test_invalid_output_shape_raises", () => {
    const layer1 = layers.SeparableConv1D(64, 11, { strides: 5, padding: "valid", dataFormat: "channels_last" });
    assert.throws(() => layer1.apply(tf.randomUniform([4, 10, 12])), /Computed output size would be zero or negative/);
    const symbolic1 = layers.SeparableConv1D(64, 11, { strides: 5, padding: "valid" });
    assert.throws(() => symbolic1.apply(layers.Input({ shape: [10, 12] })), /Computed output size would be zero or negative/);
    const layer = layers.SeparableConv2D(8, 5, { strides: 2, padding: "valid", dataFormat: "channels_last" });
    assert.throws(() => layer.apply(tf.randomUniform([2, 4, 4, 3])), /Computed output size would be zero or negative/);
    const symbolic = layers.SeparableConv2D(8, 5, { strides: 2, padding: "valid" });
    assert.throws(() => symbolic.apply(layers.Input({ shape: [4, 4, 3] })), /Computed output size would be zero or negative/);
  });
});

onCpuOnly(() => {
  test("SeparableConvBasicTest.test_bad_init_args", () => {
    assert.throws(() => layers.SeparableConv1D(1, 1, { depthMultiplier: 0 }), /SeparableConv1D: `depthMultiplier`.*got 0/);
    assert.throws(() => layers.SeparableConv1D(0, 1, { depthMultiplier: 1 }), /SeparableConv1D: `filters`.*got 0/);
    assert.throws(() => layers.SeparableConv2D(1, 1, { depthMultiplier: 0 }), /`depthMultiplier`.*got 0/);
    assert.throws(() => layers.SeparableConv2D(0, 1, { depthMultiplier: 1 }), /`filters`.*got 0/);
    assert.throws(() => layers.SeparableConv2D(2, [1, 0], { depthMultiplier: 2 }), /`kernelSize`.*got \[1, 0\]/);
    assert.throws(() => layers.SeparableConv2D(2, [2, 2], { depthMultiplier: 2, strides: [1, 0] }), /`strides`.*got \[1, 0\]/);
  });
});

onCpuOnly(() => {
  test("SeparableConv1D/2D: the config keeps depthMultiplier, the pointwise kernel its initializer (ours)", () => {
    for (const layer of [layers.SeparableConv1D(2, 2, { depthMultiplier: 3, depthwiseInitializer: "zeros", pointwiseInitializer: "ones" }), layers.SeparableConv2D(2, 2, { depthMultiplier: 3, depthwiseInitializer: "zeros", pointwiseInitializer: "ones" })]) {
      layer.build(layer.getClassName() === "SeparableConv1D" ? [1, 5, 4] : [1, 5, 5, 4]);
      const [depthwise, pointwise] = layer.getWeights();
      assert.equal(tf.max(tf.abs(depthwise!)).dataSync()[0], 0, "depthwise: zeros");
      assert.equal(tf.min(pointwise!).dataSync()[0], 1, "pointwise: ones");
      assert.equal(layer.getConfig().depthMultiplier, 3);
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
      const again = fromConfig(cls, JSON.parse(JSON.stringify(layer.getConfig()))) as tf.layers.Layer;
      again.build(layer.getClassName() === "SeparableConv1D" ? [1, 5, 4] : [1, 5, 5, 4]);
      assert.deepEqual(again.getWeights().map((w) => w.shape), layer.getWeights().map((w) => w.shape), "reloaded weights fit");
    }
  });

  test("SeparableConv1D: Keras's option names (regularizers, constraints, activation)", () => {
    const layer = layers.SeparableConv1D(2, 3, { depthwiseRegularizer: "l2", pointwiseConstraint: "non_neg", activation: "relu", useBias: false });
    assert.equal((layer as any).depthwiseRegularizer.getClassName(), "L1L2");
    assert.equal((layer as any).pointwiseConstraint.getClassName(), "NonNeg");
    assert.throws(() => layers.SeparableConv1D(2, 3, { padding: "causal" as any }), /`padding` must be one of "valid", "same"/);
    const y = layer.apply(normal([1, 5, 2], 90)) as tf.Tensor;
    assert.ok(tf.min(y).dataSync()[0]! >= 0);
    assert.equal(layer.weights.length, 2);
  });
});
