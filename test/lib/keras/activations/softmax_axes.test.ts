/** Softmax / log-softmax over several axes, and the axis checks every axis-taking activation shares. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { logSoftmaxOverAxes, normalizeAxes, softmaxOverAxes } from "../../../../lib/keras/activations/softmax_axes.js";
import { onBackends } from "../backends.js";

onBackends(() => {
  test("over axes (0, 2) every [:, j, :] slice sums to 1, log_softmax is its log, and gradients flow", () => {
    const x = tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 9]]]);
    const s = softmaxOverAxes(x, [0, 2]);
    assert.deepEqual(Array.from(tf.sum(s, [0, 2]).dataSync()).map((v) => Number(v.toFixed(5))), [1, 1]);
    const diff = tf.max(tf.abs(tf.sub(tf.log(s), logSoftmaxOverAxes(x, [2, 0])))).dataSync()[0]!;
    assert.ok(diff < 1e-5, `log(softmax) vs log_softmax: ${diff}`);
    // Σ over the normalised axes is constant, so its gradient is 0.
    const g = tf.grad((t: tf.Tensor) => tf.sum(softmaxOverAxes(t, [0, 2])))(x);
    assert.ok(tf.max(tf.abs(g)).dataSync()[0]! < 1e-6);
  });
});

test("normalizeAxes: negative axes count from the end; out of range, repeats and [] are refused by name", () => {
  assert.deepEqual(normalizeAxes("softmax", [-1, 0], 3), [2, 0]);
  assert.throws(() => normalizeAxes("softmax", 3, 3), /softmax: `axis` 3 is outside a rank-3 input \(axes -3..2\)/);
  assert.throws(() => normalizeAxes("log_softmax", [0, -3], 3), /log_softmax: `axis` repeats an axis; got \[0, -3\]/);
  assert.throws(() => normalizeAxes("softmax", [], 2), /must name at least one axis/);
});
