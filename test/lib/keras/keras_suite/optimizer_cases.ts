/** What Keras 3's optimizer tests share (keras/src/optimizers/*_test.py), ported once. */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { ExcludeFromWeightDecay } from "../../../../lib/keras/optimizers/weight_decay.js";

export function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol + tol * Math.abs(expected[i]!), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Keras's `optimizer.apply_gradients(zip(grads, vars))`. */
export function applyGradients(optimizer: tf.Optimizer, pairs: [tf.Variable, tf.Tensor][]): void {
  optimizer.applyGradients(pairs.map(([variable, tensor]) => ({ name: variable.name, tensor })));
}

/** test_single_step: grads [1, 6, 7, 2] on vars [1, 2, 3, 4], one step. */
export function singleStep(optimizer: tf.Optimizer, expected: number[]): void {
  const v = tf.variable(tf.tensor1d([1, 2, 3, 4]));
  applyGradients(optimizer, [[v, tf.tensor1d([1, 6, 7, 2])]]);
  allClose(v.dataSync(), expected, 1e-4, "vars");
  v.dispose();
}

/** test_correctness_with_golden: one step with 0.01 everywhere, then 5 × (check, step with arange(0.1, 1.1, 0.1)). */
export function goldenRun(optimizer: tf.Optimizer, golden: number[][], what: string): void {
  const x = tf.variable(tf.ones([10]));
  applyGradients(optimizer, [[x, tf.fill([10], 0.01)]]);
  for (let i = 0; i < 5; i++) {
    allClose(x.dataSync(), golden[i]!, 5e-4, `${what} step ${i}`);
    applyGradients(optimizer, [[x, tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])]]);
  }
  x.dispose();
}

type Decaying = tf.Optimizer & { excludeFromWeightDecay(options: ExcludeFromWeightDecay): void };

/** test_weight_decay: three optimizers with weight decay 0.004 and a zero gradient; exclusions by name and by variable. */
export function weightDecayCase(make: () => Decaying, label: string): void {
  const zero = tf.scalar(0);
  const [var1, var2, var3] = [tf.variable(tf.scalar(2)), tf.variable(tf.scalar(2), true, `exclude_${label}_${Math.random().toString(36).slice(2)}`), tf.variable(tf.scalar(2))];
  applyGradients(make(), [[var1, zero]]);
  const optimizer2 = make();
  optimizer2.excludeFromWeightDecay({ varNames: ["exclude"] });
  applyGradients(optimizer2, [[var1, zero], [var2, zero]]);
  const optimizer3 = make();
  optimizer3.excludeFromWeightDecay({ varList: [var3] });
  applyGradients(optimizer3, [[var1, zero], [var3, zero]]);
  assert.ok(Math.abs(var1.dataSync()[0]! - 1.9760959) < 1e-6, `${label}: ${var1.dataSync()[0]}`);
  assert.equal(var2.dataSync()[0], 2);
  assert.equal(var3.dataSync()[0], 2);
  tf.dispose([var1, var2, var3, zero]);
}

/** test_config: getConfig → the registered class's fromConfig → the same config. */
export function configRoundTrip(optimizer: tf.Optimizer): tf.serialization.ConfigDict {
  const config = optimizer.getConfig();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[optimizer.getClassName()]!;
  assert.deepEqual((fromConfig(cls, config) as tf.Optimizer).getConfig(), config);
  return config;
}

type Clipping = tf.Optimizer & { clipping: { clipGradients(g: tf.Tensor[]): (tf.Tensor | null | undefined)[] } };

/** test_clip_norm and test_clip_value: `_clip_gradients` of [100, 100] with clipnorm 1 and clipvalue 1. */
export function clipCases(make: (options: { clipnorm?: number; clipvalue?: number }) => Clipping): void {
  const grad = () => [tf.tensor1d([100, 100])];
  allClose((make({ clipnorm: 1 }).clipping.clipGradients(grad())[0] as tf.Tensor).dataSync(), [2 ** 0.5 / 2, 2 ** 0.5 / 2], 1e-6, "clipnorm");
  allClose((make({ clipvalue: 1 }).clipping.clipGradients(grad())[0] as tf.Tensor).dataSync(), [1, 1], 1e-6, "clipvalue");
}
