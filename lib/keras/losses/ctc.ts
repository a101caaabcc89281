/**
 * Keras 3's CTC loss (keras/src/losses/losses.py CTC, ctc) and the op under it,
 * keras.ops.ctc_loss: the negative log-probability, summed over every alignment, that per-step
 * class scores spell a label sequence (Graves et al., 2006). As Keras, the scores are logits
 * ([batch, steps, classes]; log-softmax is taken here), the labels integers ([batch, max_length]),
 * and the blank is class `maskIndex`, 0 for the loss, which also pads the labels: a sample's label
 * length is its count of non-zero labels, and its first that many labels are its sequence.
 *
 * The forward (alpha) recursion runs in log space over the blank-interleaved label sequence, one
 * step a time, in differentiable tensor ops, so tfjs's tape gives the gradient (the backward, beta,
 * recursion) on every backend. Impossible states hold −1e5 rather than −∞, as Keras's jax and numpy
 * backends (optax's log_epsilon), so no gradient meets ∞ − ∞; a sequence no alignment can spell
 * (labels too long for the steps) gets a loss of that order instead of ∞.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOptions } from "../layers/options.js";
import { LOSS_CHECKS, makeLoss, sameRank, type KerasLoss, type LossOptions } from "./loss.js";

/** log(0) as the recursion holds it: optax's (and Keras's jax/numpy backends') log_epsilon. */
const LOG_ZERO = -1e5;

function lengthsOf(name: string, v: tf.Tensor | number[], batch: number): tf.Tensor {
  const t = tf.cast(v instanceof tf.Tensor ? v : tf.tensor1d(v, "int32"), "int32");
  if (t.rank !== 1 || t.shape[0] !== batch) throw new RangeError(`ctc_loss: \`${name}\` must be of shape [${batch}] (one length per sample); got [${t.shape.join(", ")}]`);
  return t;
}

/**
 * keras.ops.ctc_loss: the CTC loss of each sample, shape [batch]. `target` [batch, max_length]
 * integer labels, `output` [batch, steps, classes] logits, `targetLength` and `outputLength`
 * [batch] the labels and steps of each sample that count, `maskIndex` the blank class.
 */
export function ctcLoss(target: tf.Tensor, output: tf.Tensor, targetLength: tf.Tensor | number[], outputLength: tf.Tensor | number[], maskIndex = 0): tf.Tensor {
  return tf.tidy(() => {
    if (target.rank !== 2) throw new RangeError(`ctc_loss: \`target\` must be of shape [batch, max_length]; got [${target.shape.join(", ")}]`);
    if (output.rank !== 3) throw new RangeError(`ctc_loss: \`output\` must be of shape [batch, steps, classes]; got [${output.shape.join(", ")}]`);
    const [batch, steps, classes] = output.shape as [number, number, number];
    if (target.shape[0] !== batch) {
      throw new RangeError(`ctc_loss: Arguments \`target\` and \`output\` must have the same first dimension. Received shapes: \`[${target.shape.join(", ")}]\` and \`[${output.shape.join(", ")}]\`.`);
    }
    if (!Number.isInteger(maskIndex) || maskIndex < 0 || maskIndex >= classes) throw new RangeError(`ctc_loss: \`maskIndex\` must be a class index in [0, ${classes}); got ${maskIndex}`);
    const labelLengths = lengthsOf("targetLength", targetLength, batch);
    const stepLengths = lengthsOf("outputLength", outputLength, batch);
    const maxLength = target.shape[1] as number;
    const states = 2 * maxLength + 1;

    // The extended sequence: blank, l1, blank, l2, ..., blank.
    const labels = tf.cast(target, "int32");
    const blanks = tf.fill([batch, maxLength], maskIndex, "int32");
    const extended = tf.concat([tf.reshape(tf.stack([blanks, labels], 2), [batch, 2 * maxLength]), tf.fill([batch, 1], maskIndex, "int32")], 1);
    // Each state's log-probability at each step, [batch, steps, states], as one batched matmul.
    const logProbs = tf.logSoftmax(tf.cast(output, "float32"));
    const stateOneHot = tf.reshape(tf.oneHot(tf.reshape(extended, [-1]), classes), [batch, states, classes]);
    const emissions = tf.unstack(tf.matMul(logProbs, stateOneHot, false, true), 1);
    // A label may be reached from two states back (skipping a blank) unless it repeats the label before it.
    const twoBack = tf.concat([tf.fill([batch, 2], -1, "int32"), tf.slice(extended, [0, 0], [batch, states - 2])], 1);
    const isLabel = tf.equal(tf.mod(tf.range(0, states, 1, "int32"), 2), 1);
    const skipPenalty = tf.where(tf.logicalAnd(isLabel, tf.notEqual(extended, twoBack)), tf.zeros([batch, states]), tf.fill([batch, states], LOG_ZERO));

    const logZero1 = tf.fill([batch, 1], LOG_ZERO);
    const logZero2 = tf.fill([batch, 2], LOG_ZERO);
    // Before the first step all the mass is on a virtual state behind the first blank, so the
    // first step reaches the first blank and the first label, as CTC starts.
    let alpha: tf.Tensor = tf.concat([tf.zeros([batch, 1]), tf.fill([batch, states - 1], LOG_ZERO)], 1);
    // Lengths given as numbers are known here: all of them full skips the per-step hold.
    const partial = !Array.isArray(outputLength) || outputLength.some((n) => n < steps);
    const running = partial ? tf.unstack(tf.less(tf.range(0, steps, 1, "int32").expandDims(0), stepLengths.expandDims(1)), 1).map((r) => tf.expandDims(r, 1)) : [];
    for (let t = 0; t < steps; t++) {
      const stay = alpha;
      const advance = tf.concat([logZero1, tf.slice(alpha, [0, 0], [batch, states - 1])], 1);
      const skip = tf.add(tf.concat([logZero2, tf.slice(alpha, [0, 0], [batch, states - 2])], 1), skipPenalty);
      const next = tf.add(tf.logSumExp(tf.stack([stay, advance, skip]), 0), emissions[t]!);
      // Past a sample's own steps its alphas stay as they were.
      alpha = partial ? tf.where(running[t]!, next, alpha) : next;
    }
    // The sequence ends on its last label or on the blank after it.
    const stateIndex = tf.range(0, states, 1, "int32").expandDims(0);
    const last = tf.mul(labelLengths, 2).expandDims(1);
    const ends = tf.logicalOr(tf.equal(stateIndex, last), tf.equal(stateIndex, tf.sub(last, 1)));
    return tf.neg(tf.logSumExp(tf.add(alpha, tf.where(ends, tf.zeros([batch, states]), tf.fill([batch, states], LOG_ZERO))), -1));
  });
}

/**
 * keras.losses.ctc: `yTrue` [batch, max_length] integer labels padded with 0 (the blank, never a
 * class), `yPred` [batch, steps, classes] logits (not softmax-normalized); every step counts.
 */
export function ctc(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  if (yTrue.rank !== 2) {
    throw new RangeError(`ctc: Targets \`y_true\` are expected to be a tensor of shape \`(batch_size, max_length)\` in integer format. Received: y_true.shape=[${yTrue.shape.join(", ")}]`);
  }
  if (yPred.rank !== 3) {
    throw new RangeError(`ctc: Logits \`y_pred\` are expected to be a tensor of shape \`(batch_size, max_length, num_classes)\`. Received: y_pred.shape=[${yPred.shape.join(", ")}]`);
  }
  return tf.tidy(() => {
    const maskIndex = 0;
    const [batch, steps] = yPred.shape as [number, number, number];
    const labelLength = tf.sum(tf.cast(tf.notEqual(tf.cast(yTrue, "int32"), maskIndex), "int32"), -1);
    return ctcLoss(yTrue, yPred, labelLength, new Array<number>(batch).fill(steps), maskIndex);
  });
}

/** The CTC loss of label sequences padded with 0 (the blank) and per-step logits. */
export function CTC(options?: LossOptions): KerasLoss {
  const o = checkOptions("CTC", options, LOSS_CHECKS);
  return makeLoss("CTC", "ctc", "sequence", false, {}, o, (t, p) => ctc(...sameRank(t, p)));
}
