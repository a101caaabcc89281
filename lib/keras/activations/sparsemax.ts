/**
 * Sparsemax (Martins & Astudillo 2016): the Euclidean projection of `x` onto the probability
 * simplex along `axis`, `max(x − τ, 0)` with τ = (Σ of the k largest − 1) / k, k the size of the
 * support. Keras 3 up to its August 2026 releases computed τ from the sum of the *cumulative
 * sums* over the support (all five backends; keras-team/keras#23425, fixed by #23469), which
 * agrees only when one logit survives (every case in its activations_test) and otherwise gives
 * outputs that do not sum to 1. This is the corrected definition, Keras's after the fix.
 */
import * as tf from "@tensorflow/tfjs";
import { normalizeAxes } from "./softmax_axes.js";

/**
 * Forward with tfjs's sort (topk, which has no gradient); the gradient is sparsemax's Jacobian
 * applied to dy, `s ⊙ (dy − Σ(s ⊙ dy) / |S|)` with s the support (Martins & Astudillo, §2.5).
 */
const sparsemaxLastAxis = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const n = x.shape[x.rank - 1];
  const sorted = tf.topk(x, n, true).values;
  const cumsum = tf.cumsum(sorted, x.rank - 1); // tfjs's cumsum takes no negative axis
  const k = tf.range(1, n + 1, 1, "float32");
  const support = tf.cast(tf.greater(tf.sub(sorted, tf.div(tf.sub(cumsum, 1), k)), 0), "float32");
  const supportSize = tf.sum(support, -1, true);
  const tau = tf.div(tf.sub(tf.sum(tf.mul(sorted, support), -1, true), 1), supportSize);
  const value = tf.relu(tf.sub(x, tau));
  save([value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const s = tf.cast(tf.greater(saved[0], 0), "float32");
      const mean = tf.div(tf.sum(tf.mul(s, dy), -1, true), tf.sum(s, -1, true));
      return tf.mul(s, tf.sub(dy, mean));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

export function sparsemaxOverAxis(x: tf.Tensor, axis = -1): tf.Tensor {
  const [a] = normalizeAxes("sparsemax", axis, x.rank);
  if (a === x.rank - 1) return tf.tidy(() => sparsemaxLastAxis(x));
  return tf.tidy(() => {
    // tfjs sorts along the last axis only: move `axis` there and back.
    const perm = [...Array(x.rank).keys()].filter((d) => d !== a).concat(a);
    const inverse = perm.map((_, d) => perm.indexOf(d));
    return tf.transpose(sparsemaxLastAxis(tf.transpose(x, perm)), inverse);
  });
}
