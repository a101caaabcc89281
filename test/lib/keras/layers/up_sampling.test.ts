import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { halfPixelUpsampleAlong, repeatAlong, UpSampling1DLayer, UpSampling2DLayer } from "../../../../lib/keras/layers/up_sampling.js";
import { onBackends, onCpuOnly } from "../backends.js";

const fromRegistry = (className: string, config: tf.serialization.ConfigDict) => {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
  return fromConfig(cls, config) as unknown as tf.layers.Layer;
};

onBackends(() => {
  test("repeatAlong is numpy's repeat on any axis, and its gradient sums the copies", () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    assert.deepEqual(repeatAlong(x, 0, 2).arraySync(), [[1, 2], [1, 2], [3, 4], [3, 4]]);
    assert.deepEqual(repeatAlong(x, 1, 3).arraySync(), [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(repeatAlong(v, 1, 2), tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]))))(x);
    assert.deepEqual(g.arraySync(), [[3, 7], [11, 15]]);
  });

  test("bilinear samples at half-pixel centres: [0, 1] up by 2 is [0, 0.25, 0.75, 1] (tfjs's UpSampling2D gives [0, 0.5, 1, 1])", () => {
    const x = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    const ours = new UpSampling2DLayer({ size: [1, 2], interpolation: "bilinear" }).apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(ours.dataSync()), [0, 0.25, 0.75, 1]);
    const tfjs = tf.image.resizeBilinear(x as tf.Tensor4D, [1, 4]);
    assert.deepEqual(Array.from(tfjs.dataSync()), [0, 0.5, 1, 1]);
  });
});

// Debian's torch (python3-torch) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";

/** torch's bilinear (align_corners=False) of NCHW `x` to `size`, and d(sum(y · w))/dx. */
function torchBilinear(x: tf.Tensor, w: tf.Tensor, size: [number, number]): { y: number[]; dx: number[] } {
  const script = [
    "import json, sys, torch",
    "d = json.load(sys.stdin)",
    "x = torch.tensor(d['x'], dtype=torch.float64, requires_grad=True)",
    `y = torch.nn.functional.interpolate(x, size=(${size[0]}, ${size[1]}), mode="bilinear", align_corners=False)`,
    "(y * torch.tensor(d['w'], dtype=torch.float64)).sum().backward()",
    "print(json.dumps({'y': y.detach().flatten().tolist(), 'dx': x.grad.flatten().tolist()}))",
  ].join("\n");
  return JSON.parse(execFileSync(python, ["-c", script], { input: JSON.stringify({ x: x.arraySync(), w: w.arraySync() }), encoding: "utf8" }));
}

const near = (got: tf.Tensor, want: number[], what: string) => {
  const g = Array.from(got.dataSync());
  assert.equal(g.length, want.length, what);
  g.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5, `${what}[${i}]: ${v} vs ${want[i]}`));
};

onBackends(() => {
  test("bilinear up-sampling's values and gradient equal torch's (align_corners=False) on a non-square image, channels first", () => {
    const x = tf.randomUniform([2, 3, 3, 5], -1, 1, "float32", 7);
    const w = tf.randomUniform([2, 3, 6, 15], -1, 1, "float32", 8);
    const layer = new UpSampling2DLayer({ size: [2, 3], interpolation: "bilinear", dataFormat: "channelsFirst" });
    const want = torchBilinear(x, w, [6, 15]);
    near(layer.apply(x) as tf.Tensor, want.y, "y");
    // tfjs's ResizeBilinear gradient ignores half-pixel centres and swaps height and width: this fails on it.
    near(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(layer.apply(v) as tf.Tensor, w)))(x), want.dx, "dx");
  });

  test("halfPixelUpsampleAlong: a length-1 axis is repeated; [0, 1] by 3 samples at 1/6 steps from the centres", () => {
    assert.deepEqual(Array.from(halfPixelUpsampleAlong(tf.tensor2d([[4]]), 1, 3).dataSync()), [4, 4, 4]);
    near(halfPixelUpsampleAlong(tf.tensor1d([0, 1]), 0, 3), [0, 0, 1 / 3, 2 / 3, 1, 1], "3x");
  });
});

onCpuOnly(() => {
  test("a config saved by tfjs's UpSampling2D loads into ours, unchanged", () => {
    const tfjs = tf.layers.upSampling2d({ size: [2, 3], dataFormat: "channelsFirst", interpolation: "bilinear", name: "up" });
    const ours = fromRegistry("UpSampling2D", tfjs.getConfig());
    assert.ok(ours instanceof UpSampling2DLayer);
    assert.deepEqual(ours.getConfig(), tfjs.getConfig());
  });

  test("UpSampling1D's config is Keras's: an int size, no data format", () => {
    const config = new UpSampling1DLayer({ size: 3 }).getConfig();
    assert.equal(config.size, 3);
    assert.equal("dataFormat" in config, false);
    assert.equal("interpolation" in config, false);
  });
});
