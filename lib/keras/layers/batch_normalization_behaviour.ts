/**
 * Keras 3's BatchNormalization behaviours that tfjs's class lacks, installed once on its
 * prototype (so they hold for layers built anywhere, e.g. by keras.applications with
 * tf.layers.batchNormalization):
 * - Any `axis`, not only the last. tfjs reshapes the statistics to [1, C, 1, 1] and hands them
 *   to its batchNorm op, whose cpu and wasm kernels walk the statistics as if they ran along
 *   the last axis (`mean[i % C]`): with `axis: 1` the output came out with mean 0.2 and std 1.6,
 *   and the op's gradient cannot reshape such statistics at all. Here the normalisation is
 *   broadcasting tensor ops, exact on every backend and differentiable.
 * - A mask (e.g. from Masking or Embedding(maskZero)) in training: the batch's mean and variance
 *   are taken over the unmasked steps only, as Keras's `_moments(inputs, mask)`.
 * - A frozen BatchNormalization (its model's `trainable = false`, which in tfjs only flags the
 *   weights) runs in inference mode, using its moving statistics and not updating them — Keras's
 *   rule since 2.1.3, and what fine-tuning a frozen ImageNet CNN needs.
 * - `scale: false` or `center: false` (InceptionV3 uses scale=False) works under a gradient tape
 *   and in training: tfjs reads the missing gamma/beta, or records a null input, and throws.
 * The last-axis, unmasked case keeps tfjs's fused batchNorm op (its kernels are right there).
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.batchNormalizationBehaviour");

/** Keras's backend epsilon, which its masked moments add to the count. */
const KERAS_EPSILON = 1e-7;

interface LayerVariableLike {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
  trainable?: boolean;
}

interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: LayerVariableLike | null;
  beta?: LayerVariableLike | null;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
  trainable: boolean;
  name: string;
}

/** The batch's mean and (biased) variance over `axes`, over the unmasked entries only where a mask is given. */
function moments(x: tf.Tensor, axes: number[], mask: tf.Tensor | null): { mean: tf.Tensor; variance: tf.Tensor } {
  if (!mask) return tf.moments(x, axes, true);
  const weights = tf.broadcastTo(tf.expandDims(tf.cast(mask, x.dtype), -1), x.shape);
  const count = tf.add(tf.sum(weights, axes, true), KERAS_EPSILON);
  const mean = tf.div(tf.sum(tf.mul(x, weights), axes, true), count);
  const variance = tf.div(tf.sum(tf.mul(tf.square(tf.sub(x, mean)), weights), axes, true), count);
  return { mean, variance };
}

/** Keras 3's BatchNormalization.call for any axis, with or without a mask. */
function normalize(layer: BatchNormLayer, x: tf.Tensor, training: boolean, mask: tf.Tensor | null): tf.Tensor {
  const axis = layer.axis < 0 ? layer.axis + x.rank : layer.axis;
  const axes = [...Array(x.rank).keys()].filter((a) => a !== axis);
  const shape = x.shape.map((d, a) => (a === axis ? d : 1));
  const broadcast = (t: tf.Tensor) => tf.reshape(t, shape);
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  if (training) {
    ({ mean, variance } = moments(x, axes, mask));
    const update = (variable: LayerVariableLike, batch: tf.Tensor) =>
      tf.tidy(() => variable.write(tf.add(tf.mul(variable.read(), layer.momentum), tf.mul(tf.reshape(batch, [-1]), 1 - layer.momentum))));
    update(layer.movingMean, mean);
    update(layer.movingVariance, variance);
  } else {
    mean = broadcast(layer.movingMean.read());
    variance = broadcast(layer.movingVariance.read());
  }
  let scale = tf.rsqrt(tf.add(variance, layer.epsilon));
  if (layer.gamma) scale = tf.mul(scale, broadcast(layer.gamma.read()));
  let out = tf.mul(tf.sub(x, mean), scale);
  if (layer.beta) out = tf.add(out, broadcast(layer.beta.read()));
  return out;
}

export function installBatchNormalizationBehaviour(): void {
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const originalCall = proto.call;
  proto.call = function (this: any, inputs: unknown, kwargs: Record<string, unknown>) {
    const params = [this.gamma, this.beta].filter((w) => w != null);
    const frozen = this.trainable === false || (params.length > 0 && params.every((w: any) => w.trainable === false));
    const training = kwargs?.training === true && !frozen;
    const args = training ? kwargs : { ...kwargs, training: false };
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    const rawMask = (Array.isArray(kwargs?.mask) ? kwargs.mask[0] : kwargs?.mask) as tf.Tensor | null | undefined;
    const mask = training && rawMask ? rawMask : null;
    if (rawMask && rawMask.rank !== x.rank - 1) {
      throw new Error(`${this.name}: the mask provided should be one dimension less than the inputs; got mask shape ${JSON.stringify(rawMask.shape)} for inputs of shape ${JSON.stringify(x.shape)}`);
    }
    const axis = this.axis < 0 ? this.axis + x.rank : this.axis;
    if (axis !== x.rank - 1 || mask) return tf.tidy(() => normalize(this as BatchNormLayer, x, training, mask));
    if (this.gamma != null && this.beta != null) return originalCall.call(this, inputs, args);
    // Stand in ones/zeros for the missing weights for the duration of this call: tfjs's training
    // path reads them, and its batchNorm op records a null scale/offset for the gradient tape.
    const channels = this.movingMean.shape;
    const stand = (value: number) => ({ read: () => tf.fill(channels, value) });
    const saved = { gamma: this.gamma, beta: this.beta, scale: this.scale, center: this.center };
    this.gamma = saved.gamma ?? stand(1);
    this.beta = saved.beta ?? stand(0);
    this.scale = true;
    this.center = true;
    try {
      return originalCall.call(this, inputs, args);
    } finally {
      Object.assign(this, saved);
    }
  };
}
