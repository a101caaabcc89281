import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { makeLoss, offTape, reduceWeighted } from "../../../../lib/keras/losses/loss.js";
import { onBackends } from "../backends.js";

const value = (t: tf.Tensor) => Array.from(t.dataSync());
const near = (got: tf.Tensor, want: number[], what: string) => {
  const g = value(got);
  assert.equal(g.length, want.length, `${what}: ${g} vs ${want}`);
  want.forEach((w, i) => assert.ok(Math.abs(g[i]! - w) < 1e-5 * (1 + Math.abs(w)), `${what}: ${g} vs ${want}`));
};

onBackends(() => {
  // keras/src/losses/loss.py reduce_weighted_values with a mask, by hand: values [1, 2, 3, 4],
  // mask [1, 0, 1, 1], sample weights [0.5, 1, 2, 1].
  const values = () => tf.tensor1d([1, 2, 3, 4]);
  const mask = () => tf.tensor1d([true, false, true, true], "bool");
  const weights = () => tf.tensor1d([0.5, 1, 2, 1]);
  test("a mask leaves its entries out of every reduction, as Keras's apply_mask", () => {
    // Mean reductions: each kept entry weighs 4/3, so the sum over 4 is the mean over the 3 kept.
    near(reduceWeighted(values(), undefined, "sum_over_batch_size", mask()), [(1 + 3 + 4) / 3], "sum_over_batch_size");
    near(reduceWeighted(values(), undefined, "mean", mask()), [(1 + 3 + 4) / 3], "mean");
    near(reduceWeighted(values(), undefined, "sum", mask()), [8], "sum");
    near(reduceWeighted(values(), undefined, "none", mask()), [1, 0, 3, 4], "none");
    near(reduceWeighted(values(), undefined, "mean_with_sample_weight", mask()), [8 / 3], "mean_with_sample_weight: the mask is the weight");
  });
  test("a mask and sample weights multiply", () => {
    near(reduceWeighted(values(), weights(), "sum_over_batch_size", mask()), [(0.5 + 6 + 4) / 3], "sum_over_batch_size");
    near(reduceWeighted(values(), weights(), "sum", mask()), [10.5], "sum");
    near(reduceWeighted(values(), weights(), "mean_with_sample_weight", mask()), [10.5 / 3.5], "mean_with_sample_weight");
    near(reduceWeighted(values(), weights(), "none", mask()), [0.5, 0, 6, 4], "none");
  });
  test("all masked gives 0, not NaN (divide_no_nan)", () => {
    const none = tf.zeros([4], "bool");
    near(reduceWeighted(values(), undefined, "sum_over_batch_size", none), [0], "sum_over_batch_size");
    near(reduceWeighted(values(), undefined, "mean_with_sample_weight", none), [0], "mean_with_sample_weight");
  });

  test("a masked loss object: the call reduces over the kept entries, perSample is the values, forTfjs's mean is the call's", () => {
    // Keep the entries whose value exceeds 1.5, from the values themselves (as Circle's mask).
    const loss = makeLoss("Kept", "kept", "regression", false, {}, {}, (t, p) => {
      const v = tf.abs(tf.sub(p, t));
      return { values: v, mask: offTape(v, (x) => tf.greater(x, 1.5)) };
    });
    const t = tf.zeros([4]);
    const p = tf.tensor1d([1, -2, 3, 0.5]);
    near(loss(t, p), [(2 + 3) / 2], "call");
    near(loss.perSample(t, p), [1, 2, 3, 0.5], "perSample");
    near(tf.mean(loss.forTfjs(t, p)), [(2 + 3) / 2], "mean of forTfjs");
    // Its gradient: d/dp of (|p1| + |p2|) / 2 over the kept, 0 elsewhere; the mask's comparison is off the tape.
    near(tf.grad((x) => loss(t, x))(p), [0, -0.5, 0.5, 0], "gradient");
    near(tf.grad((x) => tf.mean(loss.forTfjs(t, x)))(p), [0, -0.5, 0.5, 0], "gradient of forTfjs's mean");
  });

  test("an unmasked loss's forTfjs is its perSample", () => {
    const loss = makeLoss("Abs", "abs", "regression", false, {}, {}, (t, p) => tf.abs(tf.sub(p, t)));
    near(loss.forTfjs(tf.zeros([2]), tf.tensor1d([-1, 2])), [1, 2], "forTfjs");
  });
});
