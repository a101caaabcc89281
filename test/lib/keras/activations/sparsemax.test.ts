/**
 * Sparsemax with several logits in the support, where Keras 3 up to August 2026 was wrong
 * (keras-team/keras#23425; the fix, #23469, adds these cases): the output is the Euclidean
 * projection onto the simplex, so it sums to 1 along the axis; checked against Algorithm 1 of
 * Martins & Astudillo (2016) written out here, and the gradient against central differences.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { sparsemaxOverAxis } from "../../../../lib/keras/activations/sparsemax.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";

/** Algorithm 1: sort descending, the largest k with 1 + k·z(k) > Σ_{j≤k} z(j), τ = (Σ_{j≤k} z(j) − 1)/k. */
function reference(z: number[]): number[] {
  const sorted = [...z].sort((a, b) => b - a);
  let sum = 0;
  let k = 0;
  let supportSum = 0;
  sorted.forEach((v, i) => {
    sum += v;
    if (1 + (i + 1) * v > sum) {
      k = i + 1;
      supportSum = sum;
    }
  });
  const tau = (supportSum - 1) / k;
  return z.map((v) => Math.max(v - tau, 0));
}

const near = (got: ArrayLike<number>, want: number[], what: string, tol = 1e-5) =>
  want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= tol, `${what}[${i}] = ${got[i]}, want ${w}`));

onBackends(() => {
  test("keras-team/keras#23469: [0.1 … 0.5] → [0, 0.1, 0.2, 0.3, 0.4]; #23425: [[0, 0.5, 1]] → [[0, 0.25, 0.75]]", () => {
    near(sparsemaxOverAxis(tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5])).dataSync(), [0, 0.1, 0.2, 0.3, 0.4], "closely spaced");
    near(sparsemaxOverAxis(tf.tensor2d([[0, 0.5, 1]])).dataSync(), [0, 0.25, 0.75], "two in the support");
  });

  test("random logits, along the last axis and along axis 0: Algorithm 1's values, each slice summing to 1", () => {
    const rand = mulberry32(7);
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => (rand() - 0.5) * 3));
    const last = sparsemaxOverAxis(tf.tensor2d(rows)).arraySync() as number[][];
    rows.forEach((r, i) => {
      near(last[i]!, reference(r), `row ${i}`);
      assert.ok(Math.abs(last[i]!.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row ${i} sums to 1`);
    });
    const columns = sparsemaxOverAxis(tf.tensor2d(rows), 0).arraySync() as number[][];
    for (let j = 0; j < 5; j++) near(columns.map((r) => r[j]!), reference(rows.map((r) => r[j]!)), `column ${j}`);
  });

  test("the gradient is sparsemax's Jacobian: central differences agree", () => {
    const z = [0.3, -0.2, 0.9, 0.05]; // support {0.9, 0.3}, τ = 0.1: every z at least 0.05 from a kink
    const w = tf.tensor1d([1, -2, 0.5, 3]);
    const f = (x: tf.Tensor) => tf.sum(tf.mul(sparsemaxOverAxis(x), w));
    const grad = tf.grad(f)(tf.tensor1d(z)).dataSync();
    const h = 1e-2; // float32: large enough steps; sparsemax is piecewise linear, so exact away from kinks
    z.forEach((_, i) => {
      const plus = [...z];
      const minus = [...z];
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (f(tf.tensor1d(plus)).dataSync()[0]! - f(tf.tensor1d(minus)).dataSync()[0]!) / (2 * h);
      assert.ok(Math.abs(grad[i]! - numeric) < 1e-3, `∂/∂z${i}: ${grad[i]} vs ${numeric}`);
    });
  });
});
