/**
 * Keras 3's Circle loss (keras/src/losses/losses.py Circle, circle; Sun et al., 2020): a metric
 * learning loss over integer labels and L2-normalized embeddings. Each sample's embedding is
 * compared, by cosine distance, with every reference embedding (the batch itself by default): the
 * same-label ones (positives) are pulled in and the others (negatives) pushed out, each pair
 * weighted by how far it is from its optimum. As in Keras, only the samples whose loss is positive
 * count in the mean (the loss's mask): a sample with no positives, or whose pairs are all at their
 * optimum, is left out.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num } from "../layers/options.js";
import { LOSS_CHECKS, makeLoss, offTape, type KerasLoss, type LossOptions, type MaskedValues } from "./loss.js";

/**
 * log Σ exp(x) along the last axis over the entries where `mask` holds: −∞ for a row with none,
 * as ops.logsumexp of −∞ fill. Written so that such a row sends no NaN back to `x` (tfjs's
 * logSumExp of −∞ does, and its `where` multiplies gradients by the condition).
 */
function maskedLogSumExp(x: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const any = tf.any(mask, -1);
  const rowMax = tf.max(tf.where(mask, x, tf.fill(x.shape, -3.4e38)), -1, true);
  const shift = tf.where(tf.expandDims(any, -1), rowMax, tf.zerosLike(rowMax));
  const terms = tf.exp(tf.where(mask, tf.sub(x, shift), tf.fill(x.shape, -Infinity)));
  const total = tf.sum(terms, -1);
  const lse = tf.add(tf.log(tf.where(any, total, tf.onesLike(total))), tf.squeeze(shift, [-1]));
  return tf.where(any, lse, tf.fill(lse.shape, -Infinity));
}

export interface CircleFunctionOptions {
  /** The reference embeddings' labels; default the labels themselves. */
  refLabels?: tf.Tensor;
  /** The L2-normalized reference embeddings; default the embeddings themselves. */
  refEmbeddings?: tf.Tensor;
  /** Leave each sample's pair with itself out of the positives (default true). */
  removeDiagonal?: boolean;
  /** The scale of the similarity scores; default 80. */
  gamma?: number;
  /** The relaxation margin; default 0.4. */
  margin?: number;
}

/** keras.losses.circle's values with their mask (the positive losses), which Circle's reduction keeps. */
function circleMasked(yTrue: tf.Tensor, yPred: tf.Tensor, options: CircleFunctionOptions = {}): MaskedValues {
  const o = checkOptions("circle", options, {
    refLabels: (v, w) => tensorArg(v, w),
    refEmbeddings: (v, w) => tensorArg(v, w),
    removeDiagonal: bool,
    gamma: num(),
    margin: num(),
  });
  const gamma: number = o.gamma ?? 80;
  const margin: number = o.margin ?? 0.4;
  const removeDiagonal: boolean = o.removeDiagonal ?? true;
  const embeddings = tf.cast(yPred, "float32");
  const labels = tf.reshape(tf.cast(yTrue, "int32"), [-1, 1]);
  const refEmbeddings = o.refEmbeddings === undefined ? embeddings : tf.cast(o.refEmbeddings as tf.Tensor, "float32");
  const refLabels = o.refLabels === undefined ? labels : tf.reshape(tf.cast(o.refLabels as tf.Tensor, "int32"), [-1, 1]);
  if (embeddings.rank !== 2 || refEmbeddings.rank !== 2) {
    throw new RangeError(`circle: the embeddings must be of shape [batch, dims]; got [${embeddings.shape.join(", ")}] and references [${refEmbeddings.shape.join(", ")}]`);
  }
  if (labels.shape[0] !== embeddings.shape[0] || refLabels.shape[0] !== refEmbeddings.shape[0]) {
    throw new RangeError(`circle: one label per embedding; got ${labels.shape[0]} labels for ${embeddings.shape[0]} embeddings and ${refLabels.shape[0]} for ${refEmbeddings.shape[0]} references`);
  }
  // numerical_utils.build_pos_neg_masks: same label is positive, the rest negative; the diagonal
  // (a sample with itself, as indices, whatever the references) leaves the positives.
  const same = tf.equal(labels, tf.transpose(refLabels));
  const negative = tf.logicalNot(same);
  const positive = removeDiagonal ? tf.logicalAnd(same, tf.logicalNot(tf.cast(tf.eye(labels.shape[0]!, refLabels.shape[0]!), "bool"))) : same;
  const distances = tf.relu(tf.sub(1, tf.matMul(embeddings, refEmbeddings, false, true)));
  const posWeights = tf.relu(tf.mul(tf.add(margin, distances), tf.cast(positive, "float32")));
  const negWeights = tf.relu(tf.mul(tf.sub(1 + margin, distances), tf.cast(negative, "float32")));
  const posScores = tf.mul(-gamma, tf.mul(posWeights, tf.sub(margin, distances)));
  const negScores = tf.mul(gamma, tf.mul(negWeights, tf.sub(1 - margin, distances)));
  const values = tf.softplus(tf.add(maskedLogSumExp(posScores, positive), maskedLogSumExp(negScores, negative)));
  return { values, mask: offTape(values, (v) => tf.greater(v, 0)) };
}

function tensorArg(v: unknown, where: string): tf.Tensor {
  if (v instanceof tf.Tensor) return v;
  throw new TypeError(`${where} must be a tensor; got ${JSON.stringify(v)}`);
}

/**
 * keras.losses.circle: per sample, softplus(logsumexp over positives of −γ·α_p·(m − d) +
 * logsumexp over negatives of γ·α_n·(1 − m − d)), d the cosine distance, α_p = max(m + d, 0),
 * α_n = max(1 + m − d, 0).
 */
export function circle(yTrue: tf.Tensor, yPred: tf.Tensor, options?: CircleFunctionOptions): tf.Tensor {
  return tf.tidy(() => circleMasked(yTrue, yPred, options).values);
}

export interface CircleOptions extends LossOptions {
  /** The scale of the similarity scores; default 80. */
  gamma?: number;
  /** The relaxation margin; default 0.4. */
  margin?: number;
  /** Leave each sample's pair with itself out of the positives; default true. */
  removeDiagonal?: boolean;
}

/** Circle loss of integer labels (shape [batch]) and L2-normalized embeddings ([batch, dims]), the batch its own reference. */
export function Circle(options?: CircleOptions): KerasLoss {
  const o = checkOptions("Circle", options, { ...LOSS_CHECKS, gamma: num(), margin: num(), removeDiagonal: bool });
  const gamma: number = o.gamma ?? 80;
  const margin: number = o.margin ?? 0.4;
  const removeDiagonal: boolean = o.removeDiagonal ?? true;
  return makeLoss("Circle", "circle", "sparse_categorical", false, { gamma, margin, removeDiagonal }, o, (t, p) => circleMasked(t, p, { gamma, margin, removeDiagonal }));
}
