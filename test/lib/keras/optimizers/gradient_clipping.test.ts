import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { GradientClipping } from "../../../../lib/keras/optimizers/gradient_clipping.js";
import * as optimizers from "../../../../lib/keras/optimizers/optimizers.js";
import { onBackends, onCpuOnly } from "../backends.js";

const values = (t: tf.Tensor | null | undefined) => Array.from(t!.dataSync());
const near = (a: number[], b: number[], what: string) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5, `${what}: ${a} vs ${b}`));

onBackends(() => {
  test("clipnorm clips each gradient to its own norm; a zero gradient and a short one pass unchanged", () => {
    const [big, zero, small] = new GradientClipping("t", { clipnorm: 5 }).clipGradients([tf.tensor1d([30, 40]), tf.zeros([3]), tf.tensor1d([0.3, 0.4])]);
    near(values(big), [3, 4], "norm 50 → 5");
    near(values(zero), [0, 0, 0], "zero stays zero");
    near(values(small), [0.3, 0.4], "norm 0.5 < 5: unchanged");
  });

  test("globalClipnorm scales all gradients together (Keras's clip_by_global_norm); a NaN norm gives NaN", () => {
    const [a, b] = new GradientClipping("t", { globalClipnorm: 1 }).clipGradients([tf.tensor1d([3, 0]), tf.tensor2d([[0], [4]])]);
    near(values(a), [0.6, 0], "a scaled by 1/5");
    near(values(b), [0, 0.8], "b scaled by 1/5");
    const [nan] = new GradientClipping("t", { globalClipnorm: 1 }).clipGradients([tf.tensor1d([Infinity, 1])]);
    assert.ok(values(nan).every(Number.isNaN), String(values(nan)));
  });

  test("clipvalue clips elements; a missing gradient stays missing", () => {
    const [a, none] = new GradientClipping("t", { clipvalue: 0.5 }).clipGradients([tf.tensor1d([-3, 0.2, 9]), null]);
    near(values(a), [-0.5, 0.2, 0.5], "clipped");
    assert.equal(none, null);
  });

  test("model.fit with SGD(clipvalue) moves each weight at most lr·clipvalue per step, and leaks no tensor", async () => {
    const model = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(1, { useBias: false, kernelInitializer: "zeros" })]);
    model.compile({ optimizer: optimizers.SGD({ learningRate: 1, clipvalue: 0.01 }), loss: "meanSquaredError" });
    const x = tf.tensor2d([[100, -100]]);
    const y = tf.tensor2d([[1000]]);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    near(values(model.getWeights()[0]!), [0.03, -0.03], "three clipped steps of lr·0.01");
    assert.ok(tf.memory().numTensors <= before + 2, `tensors ${before} → ${tf.memory().numTensors}`);
    const unclipped = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(1, { useBias: false, kernelInitializer: "zeros" })]);
    unclipped.compile({ optimizer: optimizers.SGD({ learningRate: 1e-6 }), loss: "meanSquaredError" });
    await unclipped.fit(x, y, { epochs: 1, verbose: 0 });
    assert.ok(Math.abs(values(unclipped.getWeights()[0]!)[0]! - 0.2) < 1e-4, "without clipping the same step is lr·2·100·1000");
    tf.dispose([x, y]);
  });

  for (const [name, make] of [
    ["SGD", () => optimizers.SGD({ learningRate: 0.1, momentum: 0.9, clipnorm: 1 })],
    ["RMSprop", () => optimizers.RMSprop({ clipnorm: 1 })],
    ["Adagrad", () => optimizers.Adagrad({ clipnorm: 1 })],
    ["Adam", () => optimizers.Adam({ clipnorm: 1 })],
    ["AdamW", () => optimizers.AdamW({ clipnorm: 1 })],
  ] as const) {
    test(`${name}: clipnorm is in the config and comes back through fromConfig`, () => {
      const optimizer = make();
      const config = optimizer.getConfig();
      assert.equal(config.clipnorm, 1);
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[optimizer.getClassName()]!;
      const again = fromConfig(cls, config) as tf.Optimizer & { clipping: GradientClipping };
      assert.equal(again.clipping.clipnorm, 1);
      assert.deepEqual(again.getConfig(), config);
    });
  }
});

onCpuOnly(() => {
  test("at most one clipping option, each > 0, named in the error", () => {
    assert.throws(() => optimizers.Adam({ clipnorm: 1, clipvalue: 1 }), /Adam: only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set/);
    assert.throws(() => optimizers.SGD({ clipvalue: -1 }), /SGD: .*clipvalue/);
    assert.throws(() => new GradientClipping("RMSprop", { globalClipnorm: Number.NaN }), /RMSprop: `globalClipnorm` must be a number > 0 or null/);
  });
});
