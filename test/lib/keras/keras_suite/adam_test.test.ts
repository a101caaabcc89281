/**
 * Port of Keras 3's keras/src/optimizers/adam_test.py: its literal expected values and golden
 * trajectory, on every backend, plus Keras's update with a large ε computed here in float64 from
 * adam.py's `update_step` (tfjs's Adam gives other numbers there). Skipped:
 * test_clipnorm_indexed_slices (tf.IndexedSlices).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { baseStepsOf } from "../../../../lib/keras/optimizers/base_optimizer.js";
import { keras } from "../../../../lib/index.js";
import { onBackends } from "../backends.js";
import { allClose, applyGradients, clipCases, configRoundTrip, goldenRun, singleStep, weightDecayCase } from "./optimizer_cases.js";

/** Keras 3's adam.py update_step in float64: m, v, (v̂), value after each gradient. */
function kerasAdamReference(x0: number[], grads: number[][], lr: number, b1: number, b2: number, eps: number, amsgrad: boolean): number[] {
  const x = [...x0];
  const m = x.map(() => 0), v = x.map(() => 0), vHat = x.map(() => 0);
  grads.forEach((g, t) => {
    const alpha = (lr * Math.sqrt(1 - b2 ** (t + 1))) / (1 - b1 ** (t + 1));
    for (let i = 0; i < x.length; i++) {
      m[i]! += (g[i]! - m[i]!) * (1 - b1);
      v[i]! += (g[i]! * g[i]! - v[i]!) * (1 - b2);
      vHat[i] = Math.max(vHat[i]!, v[i]!);
      x[i]! -= (m[i]! * alpha) / (Math.sqrt(amsgrad ? vHat[i]! : v[i]!) + eps);
    }
  });
  return x;
}

onBackends(() => {
  test("AdamTest.test_config: getConfig/fromConfig round-trips every argument", () => {
    const config = configRoundTrip(optimizers.Adam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true }));
    assert.deepEqual(config, { learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true, weightDecay: 0, clipnorm: null, clipvalue: null, globalClipnorm: null, useEma: false, emaMomentum: 0.99, emaOverwriteFrequency: null, lossScaleFactor: null, gradientAccumulationSteps: null });
    assert.equal(configRoundTrip(optimizers.Adam({ useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 4 })).emaOverwriteFrequency, 4);
    assert.equal(configRoundTrip(optimizers.Adam({ globalClipnorm: 2 })).globalClipnorm, 2);
  });

  test("AdamTest.test_ema", async () => {
    const optimizer = optimizers.Adam({ learningRate: 1, useEma: true, emaMomentum: 0.9 });
    const v = tf.variable(tf.tensor1d([1, 2]));
    const grads = tf.tensor1d([0.1, 0.2]);
    const average = () => Array.from(baseStepsOf(optimizer).movingAverage.variables[0]!.dataSync());
    applyGradients(optimizer, [[v, grads]]);
    const v1 = Array.from(v.dataSync());
    allClose(average(), v1, 1e-6, "average starts at the first updated value");
    applyGradients(optimizer, [[v, grads]]);
    const v2 = Array.from(v.dataSync());
    const expected = v1.map((a, i) => 0.9 * a + 0.1 * v2[i]!);
    allClose(average(), expected, 1e-6, "average after step 2");
    optimizer.finalizeVariableValues([v]);
    allClose(v.dataSync(), expected, 1e-6, "finalized to the average");
    tf.dispose([v, grads]);

    const model = keras.Sequential([keras.Input({ shape: [5] }), keras.layers.Dense(10, { kernelInitializer: "ones", useBias: false })]);
    model.compile({ optimizer: optimizers.Adam({ useEma: true, emaMomentum: 0.9 }), loss: "mse" });
    const x = tf.ones([1, 5]);
    const y = tf.zeros([1, 10]);
    await model.fit(x, y, { verbose: 0 });
    allClose(model.trainableWeights[0]!.read().dataSync(), baseStepsOf(model.optimizer).movingAverage.variables[0]!.dataSync(), 1e-7, "weights finalized at the end of fit");
    tf.dispose([x, y]);
  });

  test("AdamTest.test_ema_overwrite_frequency", () => {
    const optimizer = optimizers.Adam({ learningRate: 1, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 2 });
    const optimizerNoEma = optimizers.Adam({ learningRate: 1 });
    const v = tf.variable(tf.tensor1d([1, 2]));
    const vNoEma = tf.variable(tf.tensor1d([1, 2]));
    const grads = tf.tensor1d([0.1, 0.2]);
    applyGradients(optimizer, [[v, grads]]);
    applyGradients(optimizerNoEma, [[vNoEma, grads]]);
    const v1 = Array.from(vNoEma.dataSync());
    allClose(v.dataSync(), v1, 1e-6, "not overwritten after step 1");
    applyGradients(optimizer, [[v, grads]]);
    applyGradients(optimizerNoEma, [[vNoEma, grads]]);
    const v2 = Array.from(vNoEma.dataSync());
    const expected = v1.map((a, i) => 0.9 * a + 0.1 * v2[i]!);
    allClose(v.dataSync(), expected, 1e-6, "updated, then overwritten with the average at step 2");
    allClose(baseStepsOf(optimizer).movingAverage.variables[0]!.dataSync(), expected, 1e-6, "average");
    tf.dispose([v, vNoEma, grads]);
  });

  test("AdamTest.test_single_step", () => singleStep(optimizers.Adam({ learningRate: 0.5 }), [0.5, 1.5, 2.5, 3.5]));
  test("AdamTest.test_weight_decay", () => weightDecayCase(() => optimizers.Adam({ learningRate: 1, weightDecay: 0.004 }), "adam"));

  test("AdamTest.test_correctness_with_golden (amsgrad)", () => {
    const golden = [0.999, 0.9982, 0.9974, 0.9965, 0.9955].map((g) => new Array<number>(10).fill(g));
    goldenRun(optimizers.Adam({ amsgrad: true }), golden, "Adam(amsgrad)");
  });

  test("AdamTest.test_clip_norm / test_clip_value", () => clipCases((o) => optimizers.Adam(o)));

  for (const amsgrad of [false, true]) {
    test(`Adam with epsilon 0.5${amsgrad ? " and amsgrad" : ""} follows Keras's m·α/(√v+ε), not tfjs's m̂/(√v̂+ε)`, () => {
      const x0 = [1, -2, 0.5, 3];
      const grads = [[0.3, -1, 2, 0.01], [1, 0.2, -0.5, 0.4], [-0.7, 0.1, 0.3, 2]];
      const x = tf.variable(tf.tensor1d(x0));
      const optimizer = optimizers.Adam({ learningRate: 0.1, epsilon: 0.5, amsgrad });
      for (const g of grads) applyGradients(optimizer, [[x, tf.tensor1d(g)]]);
      const expected = kerasAdamReference(x0, grads, 0.1, 0.9, 0.999, 0.5, amsgrad);
      allClose(x.dataSync(), expected, 1e-6, "Keras's update");
      // tfjs's own Adam lands elsewhere by far more than rounding: the row this test guards.
      const y = tf.variable(tf.tensor1d(x0));
      const tfjs = new tf.AdamOptimizer(0.1, 0.9, 0.999, 0.5);
      for (const g of grads) applyGradients(tfjs, [[y, tf.tensor1d(g)]]);
      const gap = Math.max(...Array.from(y.dataSync(), (v, i) => Math.abs(v - expected[i]!)));
      assert.ok(gap > 1e-3, `tfjs's formula should differ here, gap ${gap}`);
      tf.dispose([x, y]);
    });
  }

  test("Adam(amsgrad) keeps v̂ in its weights: getWeights/setWeights resume the same trajectory", async () => {
    const grads = [[0.3, -1], [1, 0.2], [-0.7, 0.1], [0.2, 0.9]];
    const run = async (split: boolean) => {
      const x = tf.variable(tf.tensor1d([1, -2]));
      let optimizer = optimizers.Adam({ learningRate: 0.1, amsgrad: true });
      for (const [i, g] of grads.entries()) {
        if (split && i === 2) {
          const weights = await optimizer.getWeights();
          assert.equal(weights.length, 4, "iterations, m, v, vhat");
          optimizer = optimizers.Adam({ learningRate: 0.1, amsgrad: true });
          await optimizer.setWeights(weights);
        }
        applyGradients(optimizer, [[x, tf.tensor1d(g)]]);
      }
      const out = Array.from(x.dataSync());
      x.dispose();
      return out;
    };
    allClose(await run(true), await run(false), 1e-7, "resumed");
  });
});
