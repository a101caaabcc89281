/**
 * Port of Keras 3's keras/src/layers/convolutional/conv_test.py, ConvCorrectnessTest's Conv1D
 * and Conv2D cases (groups, causal padding, dilation, channels_first) against the test's numpy
 * reference (conv_reference.ts), plus ConvBasicTest's output shapes and argument errors for
 * the options these cases use, on every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Conv1DLayer } from "../../../../lib/keras/layers/conv.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { npConv1d, npConv2d, toChannelsFirst4, transpose3 } from "./conv_reference.js";

type Format = "channels_last" | "channels_first";

function assertAllClose(actual: tf.Tensor, expected: unknown, atol: number, what: string): void {
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: max |diff| ${diff}`);
}

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);

interface Conv1DCase { filters: number; kernelSize: number; strides: number; padding: "valid" | "same" | "causal"; dataFormat: Format; dilationRate: number; groups: number }
const CONV1D: Conv1DCase[] = [
  { filters: 5, kernelSize: 2, strides: 1, padding: "valid", dataFormat: "channels_last", dilationRate: 1, groups: 1 },
  { filters: 6, kernelSize: 2, strides: 1, padding: "same", dataFormat: "channels_last", dilationRate: 2, groups: 2 },
  { filters: 6, kernelSize: 2, strides: 1, padding: "causal", dataFormat: "channels_last", dilationRate: 2, groups: 2 },
  { filters: 6, kernelSize: 2, strides: 2, padding: "valid", dataFormat: "channels_last", dilationRate: 1, groups: 2 },
  { filters: 6, kernelSize: 2, strides: 2, padding: "valid", dataFormat: "channels_first", dilationRate: 1, groups: 2 },
];

interface Conv2DCase { filters: number; kernelSize: [number, number]; strides: [number, number]; padding: "valid" | "same"; dataFormat: Format; dilationRate: [number, number]; groups: number }
const CONV2D: Conv2DCase[] = [
  { filters: 5, kernelSize: [2, 2], strides: [1, 1], padding: "valid", dataFormat: "channels_last", dilationRate: [1, 1], groups: 1 },
  { filters: 4, kernelSize: [3, 3], strides: [2, 2], padding: "same", dataFormat: "channels_last", dilationRate: [1, 1], groups: 1 },
  { filters: 6, kernelSize: [2, 2], strides: [1, 1], padding: "same", dataFormat: "channels_last", dilationRate: [2, 2], groups: 2 },
  { filters: 6, kernelSize: [2, 2], strides: [1, 1], padding: "same", dataFormat: "channels_last", dilationRate: [2, 3], groups: 2 },
  { filters: 6, kernelSize: [4, 3], strides: [2, 1], padding: "valid", dataFormat: "channels_last", dilationRate: [1, 1], groups: 2 },
  { filters: 6, kernelSize: [4, 3], strides: [2, 1], padding: "valid", dataFormat: "channels_first", dilationRate: [1, 1], groups: 2 },
];

onBackends(() => {
  CONV1D.forEach((c, n) => {
    test(`ConvCorrectnessTest.test_conv1d(${JSON.stringify(c)})`, () => {
      const layer = layers.Conv1D(c.filters, c.kernelSize, { strides: c.strides, padding: c.padding, dataFormat: c.dataFormat, dilationRate: c.dilationRate, groups: c.groups });
      // np.random.normal(size=[2, 8, 4]), read in the layer's data format.
      const inputs = normal([2, 8, 4], 100 + n);
      layer.build(inputs.shape);
      const kernel = normal(layer.getWeights()[0]!.shape, 200 + n);
      const bias = normal([c.filters], 300 + n);
      layer.setWeights([kernel, bias]);
      const outputs = layer.apply(inputs) as tf.Tensor;
      const first = c.dataFormat === "channels_first";
      const x = inputs.arraySync() as number[][][];
      const expected = npConv1d(first ? transpose3(x) : x, kernel.arraySync() as number[][][], bias.arraySync() as number[], c.strides, c.padding, c.dilationRate, c.groups);
      assertAllClose(outputs, first ? transpose3(expected) : expected, 1e-5, "conv1d");
      assert.deepEqual(layer.computeOutputShape([null, ...inputs.shape.slice(1)]), [null, ...outputs.shape.slice(1)], "computeOutputShape");
    });
  });

  CONV2D.forEach((c, n) => {
    test(`ConvCorrectnessTest.test_conv2d(${JSON.stringify(c)})`, () => {
      const layer = layers.Conv2D(c.filters, c.kernelSize, { strides: c.strides, padding: c.padding, dataFormat: c.dataFormat, dilationRate: c.dilationRate, groups: c.groups });
      const inputs = normal([2, 8, 8, 4], 400 + n);
      layer.build(inputs.shape);
      const kernel = normal(layer.getWeights()[0]!.shape, 500 + n);
      const bias = normal([c.filters], 600 + n);
      layer.setWeights([kernel, bias]);
      const outputs = layer.apply(inputs) as tf.Tensor;
      const first = c.dataFormat === "channels_first";
      const x = inputs.arraySync() as number[][][][];
      // np_conv2d reads a channels_first input as NCHW and transposes in and out.
      const xLast = first ? x.map((img) => img[0]!.map((_, i) => img[0]![0]!.map((_, j) => img.map((ch) => ch[i]![j]!)))) : x;
      const expected = npConv2d(xLast, kernel.arraySync() as number[][][][], bias.arraySync() as number[], { strides: c.strides, padding: c.padding, dilation: c.dilationRate }, c.groups);
      assertAllClose(outputs, first ? toChannelsFirst4(expected) : expected, 1e-4, "conv2d");
    });
  });

  test("Conv1D causal: step t sees only steps ≤ t, and the gradient flows through the padding", () => {
    const layer = layers.Conv1D(1, 3, { padding: "causal", dilationRate: 2, kernelInitializer: "ones", useBias: false });
    const x = tf.tensor3d([[[1], [2], [3], [4], [5], [6]]]);
    // Taps at t, t−2, t−4: 1, 2, 1+3, 2+4, 1+3+5, 2+4+6.
    assertAllClose(layer.apply(x) as tf.Tensor, [[[1], [2], [4], [6], [9], [12]]], 1e-6, "causal output");
    const g = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input) as tf.Tensor))(x);
    // Step s feeds outputs s, s+2, s+4 that exist: 3, 3, 2, 2, 1, 1.
    assertAllClose(g, [[[3], [3], [2], [2], [1], [1]]], 1e-6, "gradient");
  });

  test("dilated Conv1D/Conv2D train: gradients match the undilated convolution with the zero-spread kernel", () => {
    for (const [layer, x] of [
      [layers.Conv1D(3, 2, { dilationRate: 2, padding: "same" }), normal([2, 7, 4], 1)],
      [layers.Conv2D(3, [2, 3], { dilationRate: [2, 3], groups: 1 }), normal([2, 8, 9, 2], 2)],
    ] as const) {
      layer.build(x.shape);
      const kernel = layer.trainableWeights[0]!;
      const w = (kernel as unknown as { val: tf.Variable }).val;
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, [w]);
      // Finite difference on one kernel entry.
      const base = w.arraySync();
      const eps = 1e-2;
      const bump = (d: number) => tf.tidy(() => {
        const flat = tf.tensor(base as number[]).reshape([-1]).arraySync() as number[];
        flat[1]! += d;
        w.assign(tf.tensor(flat, w.shape));
        return tf.sum(tf.square(layer.apply(x) as tf.Tensor)).dataSync()[0]!;
      });
      const numeric = (bump(eps) - bump(-eps)) / (2 * eps);
      w.assign(tf.tensor(base as number[], w.shape));
      const analytic = grads[w.name]!.reshape([-1]).dataSync()[1]!;
      assert.ok(Math.abs(numeric - analytic) <= 2e-2 * (1 + Math.abs(numeric)), `${layer.getClassName()}: ${analytic} vs finite difference ${numeric}`);
    }
  });
});

onCpuOnly(() => {
  test("ConvBasicTest: groups config round-trips under the class name Conv1D; bad groups are named", () => {
    const layer = layers.Conv1D(6, 2, { groups: 3, padding: "causal", dataFormat: "channels_first" });
    const config = layer.getConfig();
    assert.equal(config.groups, 3);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.Conv1D!;
    assert.equal(cls, Conv1DLayer);
    assert.equal(config.dataFormat, "channelsFirst", "tfjs's Conv1D config dropped dataFormat");
    const json = (c: unknown) => JSON.parse(JSON.stringify(c));
    assert.deepEqual(json((fromConfig(cls, json(config)) as tf.layers.Layer).getConfig()), json(config));
    assert.throws(() => layers.Conv1D(5, 2, { groups: 2 }), /the number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=5/);
    assert.throws(() => layers.Conv2D(4, 2, { groups: 2 }).apply(tf.zeros([1, 4, 4, 3])), /the number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels \(full input shape is \[1,4,4,3\]\)/);
    assert.deepEqual(layers.Conv1D(6, 2, { padding: "causal", strides: 2 }).computeOutputShape([null, 7, 4]), [null, 4, 6]);
  });
});
