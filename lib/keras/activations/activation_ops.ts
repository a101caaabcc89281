/**
 * Keras 3's activation functions as plain tensor ops with Keras's positional parameters and
 * defaults (keras/src/activations/activations.py and the ops it calls), no validation and no
 * layers: the one definition that the tfjs-registered names (named_activations.ts), Keras's
 * hard sigmoid (hard_sigmoid.ts) and the public `keras.activations` functions (activations.ts)
 * all run. Each keeps its intermediates in a `tidy`.
 */
import * as tf from "@tensorflow/tfjs";

export { softmaxOverAxes, logSoftmaxOverAxes } from "./softmax_axes.js";
export { sparsemaxOverAxis } from "./sparsemax.js";

const between = (x: tf.Tensor, low: number, high: number, inside: tf.Tensor, lowValue: tf.Tensor | number, highValue: tf.Tensor | number): tf.Tensor =>
  tf.where(tf.lessEqual(x, low), tf.broadcastTo(lowValue, x.shape), tf.where(tf.greaterEqual(x, high), tf.broadcastTo(highValue, x.shape), inside));

/** Keras's ReLU.static_call, step for step (the threshold, max_value and negative_slope cases). */
export function relu(x: tf.Tensor, negativeSlope = 0, maxValue: number | null = null, threshold = 0): tf.Tensor {
  return tf.tidy(() => {
    if (negativeSlope !== 0 && maxValue === null && threshold === 0) return tf.leakyRelu(x, negativeSlope);
    const negativePart = negativeSlope === 0 ? null : tf.relu(threshold !== 0 ? tf.add(tf.neg(x), threshold) : tf.neg(x));
    let y: tf.Tensor;
    let clipMax = maxValue !== null;
    if (threshold !== 0) y = tf.where(tf.greater(x, threshold), x, tf.zerosLike(x));
    else if (maxValue === 6) {
      y = tf.relu6(x);
      clipMax = false;
    } else y = tf.relu(x);
    if (clipMax) y = tf.clipByValue(y, 0, maxValue as number);
    if (negativePart !== null) y = tf.sub(y, tf.mul(negativeSlope, negativePart));
    return y;
  });
}

export const leakyRelu = (x: tf.Tensor, negativeSlope = 0.2): tf.Tensor => tf.leakyRelu(x, negativeSlope);
export const relu6 = (x: tf.Tensor): tf.Tensor => tf.relu6(x);
export const elu = (x: tf.Tensor, alpha = 1): tf.Tensor =>
  alpha === 1 ? tf.elu(x) : tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1))));
export const selu = (x: tf.Tensor): tf.Tensor => tf.selu(x);
export const softplus = (x: tf.Tensor): tf.Tensor => tf.softplus(x);
export const softsign = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.div(x, tf.add(1, tf.abs(x))));
export const softShrink = (x: tf.Tensor, threshold = 0.5): tf.Tensor =>
  tf.tidy(() => tf.where(tf.greater(x, threshold), tf.sub(x, threshold), tf.where(tf.less(x, -threshold), tf.add(x, threshold), tf.zerosLike(x))));
export const sparsePlus = (x: tf.Tensor): tf.Tensor => tf.tidy(() => between(x, -1, 1, tf.div(tf.square(tf.add(x, 1)), 4), 0, x));
export const silu = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
export const squareplus = (x: tf.Tensor, b = 4): tf.Tensor => tf.tidy(() => tf.div(tf.add(x, tf.sqrt(tf.add(tf.square(x), b))), 2));
/** Exact (erf) by default, as Keras's activation; `approximate` is the tanh form. */
export const gelu = (x: tf.Tensor, approximate = false): tf.Tensor =>
  tf.tidy(() =>
    approximate
      ? tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))
      : tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))),
  );
export const celu = (x: tf.Tensor, alpha = 1): tf.Tensor => tf.tidy(() => tf.add(tf.relu(x), tf.mul(alpha, tf.sub(tf.exp(tf.div(tf.minimum(x, 0), alpha)), 1))));
/** `a · sigmoid(b)` for the two halves of `axis`; the caller checks the axis is even. */
export const glu = (x: tf.Tensor, axis = -1): tf.Tensor =>
  tf.tidy(() => {
    const [a, b] = tf.split(x, 2, axis);
    return tf.mul(a, tf.sigmoid(b));
  });
export const tanh = (x: tf.Tensor): tf.Tensor => tf.tanh(x);
export const tanhShrink = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.sub(x, tf.tanh(x)));
export const hardTanh = (x: tf.Tensor): tf.Tensor => tf.clipByValue(x, -1, 1);
export const hardShrink = (x: tf.Tensor, threshold = 0.5): tf.Tensor => tf.tidy(() => tf.where(tf.greater(tf.abs(x), threshold), x, tf.zerosLike(x)));
export const threshold = (x: tf.Tensor, threshold: number, defaultValue: number): tf.Tensor =>
  tf.tidy(() => tf.where(tf.greater(x, threshold), x, tf.fill(x.shape, defaultValue, x.dtype)));
export const sigmoid = (x: tf.Tensor): tf.Tensor => tf.sigmoid(x);
export const exponential = (x: tf.Tensor): tf.Tensor => tf.exp(x);
/** Keras 3's `relu6(x + 3) / 6` (Keras 2's, and tfjs's, was `clip(0.2x + 0.5)`). */
export const hardSigmoid = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1));
export const logSigmoid = (x: tf.Tensor): tf.Tensor => tf.logSigmoid(x);
export const sparseSigmoid = (x: tf.Tensor): tf.Tensor => tf.tidy(() => between(x, -1, 1, tf.div(tf.add(x, 1), 2), 0, 1));
export const hardSilu = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.div(tf.clipByValue(tf.add(x, 3), 0, 6), 6)));
export const mish = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));
