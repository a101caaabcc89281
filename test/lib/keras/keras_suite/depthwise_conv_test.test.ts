/**
 * Port of Keras 3's keras/src/layers/convolutional/depthwise_conv_test.py, the DepthwiseConv2D
 * cases (basic shapes and correctness against `np_depthwise_conv2d`, conv_reference.ts), on
 * every backend. The DepthwiseConv1D cases wait for that layer, which we do not expose yet.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { npDepthwiseConv2d } from "./conv_reference.js";

interface Case { depthMultiplier: number; kernelSize: number | [number, number]; strides: number | [number, number]; padding: "valid" | "same"; dilationRate: number | [number, number] }
const pair = (v: number | [number, number]): [number, number] => (typeof v === "number" ? [v, v] : v);

const BASIC: [Case, number[], number[]][] = [
  [{ depthMultiplier: 5, kernelSize: 2, strides: 1, padding: "valid", dilationRate: 1 }, [3, 5, 5, 4], [3, 4, 4, 20]],
  [{ depthMultiplier: 6, kernelSize: 2, strides: 1, padding: "same", dilationRate: [2, 2] }, [3, 4, 4, 4], [3, 4, 4, 24]],
  [{ depthMultiplier: 6, kernelSize: [2, 2], strides: [2, 2], padding: "valid", dilationRate: [1, 1] }, [3, 5, 5, 4], [3, 2, 2, 24]],
];

const CORRECTNESS: Case[] = [
  { depthMultiplier: 5, kernelSize: 2, strides: 1, padding: "valid", dilationRate: 1 },
  { depthMultiplier: 6, kernelSize: 2, strides: 1, padding: "same", dilationRate: [2, 2] },
  { depthMultiplier: 6, kernelSize: [2, 2], strides: [2, 2], padding: "valid", dilationRate: [1, 1] },
];

const make = (c: Case) => layers.DepthwiseConv2D(c.kernelSize, { depthMultiplier: c.depthMultiplier, strides: c.strides, padding: c.padding, dataFormat: "channels_last", dilationRate: c.dilationRate });

onBackends(() => {
  for (const [c, inputShape, outputShape] of BASIC) {
    test(`DepthwiseConvBasicTest.test_depthwise_conv2d_basic(${JSON.stringify(c)})`, () => {
      const layer = make(c);
      const out = layer.apply(tf.randomNormal(inputShape, 0, 1, "float32", 1)) as tf.Tensor;
      assert.deepEqual(out.shape, outputShape);
      assert.deepEqual(layer.computeOutputShape([null, ...inputShape.slice(1)]), [null, ...outputShape.slice(1)]);
      assert.equal(layer.trainableWeights.length, 2);
      assert.equal(layer.nonTrainableWeights.length, 0);
    });
  }

  CORRECTNESS.forEach((c, n) => {
    test(`DepthwiseConvCorrectnessTest.test_depthwise_conv2d(${JSON.stringify(c)})`, () => {
      const layer = make(c);
      const inputs = tf.randomNormal([2, 8, 8, 4], 0, 1, "float32", 10 + n);
      layer.build(inputs.shape);
      const kernel = tf.randomNormal(layer.getWeights()[0]!.shape, 0, 1, "float32", 20 + n);
      const bias = tf.randomNormal([c.depthMultiplier * 4], 0, 1, "float32", 30 + n);
      layer.setWeights([kernel, bias]);
      const outputs = layer.apply(inputs) as tf.Tensor;
      const expected = npDepthwiseConv2d(inputs.arraySync() as number[][][][], kernel.arraySync() as number[][][][], bias.arraySync() as number[], { strides: pair(c.strides), padding: c.padding, dilation: pair(c.dilationRate) });
      const e = tf.tensor(expected);
      assert.deepEqual(outputs.shape, e.shape);
      const diff = tf.max(tf.abs(tf.sub(outputs, e))).dataSync()[0]!;
      assert.ok(diff <= 1e-5, `max |diff| ${diff}`);
    });
  });

  test("a dilated DepthwiseConv2D trains: its kernel's gradient matches a finite difference", () => {
    const layer = layers.DepthwiseConv2D(2, { dilationRate: 2, depthMultiplier: 2 });
    const x = tf.randomNormal([1, 6, 6, 3], 0, 1, "float32", 5);
    layer.build(x.shape);
    const w = (layer.trainableWeights[0] as unknown as { val: tf.Variable }).val;
    const loss = () => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar;
    const analytic = tf.variableGrads(loss, [w]).grads[w.name]!.reshape([-1]).dataSync()[3]!;
    const base = w.reshape([-1]).arraySync() as number[];
    const at = (d: number) => {
      const flat = [...base];
      flat[3]! += d;
      w.assign(tf.tensor(flat, w.shape));
      return loss().dataSync()[0]!;
    };
    const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
    assert.ok(Math.abs(numeric - analytic) <= 2e-2 * (1 + Math.abs(numeric)), `${analytic} vs finite difference ${numeric}`);
  });
});
