/**
 * Softmax and log-softmax over any axes, Keras's `softmax(x, axis=(1, 2))`: tfjs's kernels
 * normalise the last axis only. Over one last axis, tfjs's kernel serves; otherwise the
 * max-shifted exponentials are normalised over the given axes (keras/src/backend/numpy/nn.py),
 * with tfjs ops, so gradients flow.
 */
import * as tf from "@tensorflow/tfjs";

/** Axes as non-negative ints of a rank-`rank` tensor; throws naming `owner` on an axis outside it or a repeat. */
export function normalizeAxes(owner: string, axis: number | readonly number[], rank: number): number[] {
  const axes = typeof axis === "number" ? [axis] : [...axis];
  if (axes.length === 0) throw new RangeError(`${owner}: \`axis\` must name at least one axis; got []`);
  const out = axes.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new RangeError(`${owner}: \`axis\` ${a} is outside a rank-${rank} input (axes -${rank}..${rank - 1})`);
    }
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length) throw new RangeError(`${owner}: \`axis\` repeats an axis; got [${axes.join(", ")}]`);
  return out;
}

function lastAxisOnly(axes: number[], rank: number): boolean {
  return axes.length === 1 && axes[0] === rank - 1;
}

export function softmaxOverAxes(x: tf.Tensor, axis: number | readonly number[]): tf.Tensor {
  const axes = normalizeAxes("softmax", axis, x.rank);
  if (lastAxisOnly(axes, x.rank)) return tf.softmax(x);
  return tf.tidy(() => {
    const e = tf.exp(tf.sub(x, tf.max(x, axes, true)));
    return tf.div(e, tf.sum(e, axes, true));
  });
}

export function logSoftmaxOverAxes(x: tf.Tensor, axis: number | readonly number[]): tf.Tensor {
  const axes = normalizeAxes("log_softmax", axis, x.rank);
  if (lastAxisOnly(axes, x.rank)) return tf.logSoftmax(x);
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, axes, true));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axes, true)));
  });
}
