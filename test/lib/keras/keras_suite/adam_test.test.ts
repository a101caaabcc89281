/**
 * Port of Keras 3's keras/src/optimizers/adam_test.py and adamw_test.py: their literal expected
 * values and golden trajectories, on every backend, plus Keras's update with a large ε computed
 * here in float64 from adam.py's `update_step` (tfjs's Adam gives other numbers there).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { KerasAdamOptimizer } from "../../../../lib/keras/optimizers/keras_adam.js";
import { onBackends } from "../backends.js";

function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol + tol * Math.abs(expected[i]!), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Keras's `optimizer.apply_gradients(zip(grads, vars))`. */
function applyGradients(optimizer: tf.Optimizer, pairs: [tf.Variable, tf.Tensor][]): void {
  optimizer.applyGradients(pairs.map(([variable, tensor]) => ({ name: variable.name, tensor })));
}

/** ops.arange(0.1, 1.1, 0.1) */
const arangeGrads = () => tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);

/** The golden tests' loop: one step with 0.01 everywhere, then 5 × (check, step with arange). */
function goldenRun(optimizer: tf.Optimizer, golden: number[][], what: string): void {
  const x = tf.variable(tf.ones([10]));
  applyGradients(optimizer, [[x, tf.fill([10], 0.01)]]);
  for (let i = 0; i < 5; i++) {
    allClose(x.dataSync(), golden[i]!, 5e-4, `${what} step ${i}`);
    applyGradients(optimizer, [[x, arangeGrads()]]);
  }
  x.dispose();
}

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
    const optimizer = optimizers.Adam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true });
    const config = optimizer.getConfig();
    assert.deepEqual(config, { learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true, weightDecay: 0 });
    const revived = tf.serialization.SerializationMap.getMap().classNameMap["Adam"]!;
    assert.deepEqual((revived[1](revived[0] as never, config) as KerasAdamOptimizer).getConfig(), config);
  });

  test("AdamTest.test_single_step", () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3, 4]));
    applyGradients(optimizers.Adam({ learningRate: 0.5 }), [[v, tf.tensor1d([1, 6, 7, 2])]]);
    allClose(v.dataSync(), [0.5, 1.5, 2.5, 3.5], 1e-4, "vars");
    v.dispose();
  });

  for (const [label, make] of [["AdamTest", (o: optimizers.AdamOptions) => optimizers.Adam(o)], ["AdamWTest", (o: optimizers.AdamOptions) => optimizers.AdamW(o)]] as const) {
    test(`${label}.test_weight_decay: excluded by name and by variable`, () => {
      const zero = tf.scalar(0);
      const [var1, var2, var3] = [tf.variable(tf.scalar(2)), tf.variable(tf.scalar(2), true, `exclude_${label}`), tf.variable(tf.scalar(2))];
      applyGradients(make({ learningRate: 1, weightDecay: 0.004 }), [[var1, zero]]);
      const optimizer2 = make({ learningRate: 1, weightDecay: 0.004 });
      optimizer2.excludeFromWeightDecay({ varNames: ["exclude"] });
      applyGradients(optimizer2, [[var1, zero], [var2, zero]]);
      const optimizer3 = make({ learningRate: 1, weightDecay: 0.004 });
      optimizer3.excludeFromWeightDecay({ varList: [var3] });
      applyGradients(optimizer3, [[var1, zero], [var3, zero]]);
      assert.ok(Math.abs(var1.dataSync()[0]! - 1.9760959) < 1e-6, String(var1.dataSync()[0]));
      assert.equal(var2.dataSync()[0], 2);
      assert.equal(var3.dataSync()[0], 2);
      tf.dispose([var1, var2, var3]);
    });
  }

  test("AdamTest.test_correctness_with_golden (amsgrad)", () => {
    const golden = [0.999, 0.9982, 0.9974, 0.9965, 0.9955].map((g) => new Array<number>(10).fill(g));
    goldenRun(optimizers.Adam({ amsgrad: true }), golden, "Adam(amsgrad)");
  });

  test("AdamWTest.test_single_step", () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3, 4]));
    applyGradients(optimizers.AdamW({ learningRate: 0.5 }), [[v, tf.tensor1d([1, 6, 7, 2])]]);
    allClose(v.dataSync(), [0.498, 1.496, 2.494, 3.492], 1e-4, "vars");
    v.dispose();
  });

  test("AdamWTest.test_correctness_with_golden (learning rate 1, weight decay 0.5, epsilon 2)", () => {
    const golden = [
      [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
      [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
      [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
      [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
      [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ];
    goldenRun(optimizers.AdamW({ learningRate: 1, weightDecay: 0.5, epsilon: 2 }), golden, "AdamW");
  });

  test("AdamWTest.test_config: weightDecay and amsgrad round-trip under the class name AdamW", () => {
    const optimizer = optimizers.AdamW({ learningRate: 0.5, weightDecay: 0.008, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true });
    const config = optimizer.getConfig();
    const revived = tf.serialization.SerializationMap.getMap().classNameMap["AdamW"]!;
    const again = revived[1](revived[0] as never, config) as KerasAdamOptimizer;
    assert.deepEqual(again.getConfig(), config);
    assert.equal(again.weightDecay, 0.008);
    assert.equal(again.amsgrad, true);
  });

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
