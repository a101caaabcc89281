/**
 * Two Keras behaviours of BatchNormalization that tfjs's class lacks, installed once on its
 * prototype (so they hold for layers built anywhere, e.g. by keras.applications with
 * tf.layers.batchNormalization):
 * - A frozen BatchNormalization (its model's `trainable = false`, which in tfjs only flags the
 *   weights) runs in inference mode, using its moving statistics and not updating them — Keras's
 *   rule since 2.1.3, and what fine-tuning a frozen ImageNet CNN needs.
 * - `scale: false` or `center: false` (InceptionV3 uses scale=False) works under a gradient tape
 *   and in training: tfjs reads the missing gamma/beta, or records a null input, and throws.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.batchNormalizationBehaviour");

export function installBatchNormalizationBehaviour(): void {
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const originalCall = proto.call;
  proto.call = function (this: any, inputs: unknown, kwargs: Record<string, unknown>) {
    const params = [this.gamma, this.beta].filter((w) => w != null);
    const frozen = this.trainable === false || (params.length > 0 && params.every((w: any) => w.trainable === false));
    const args = !kwargs?.training || frozen ? { ...kwargs, training: false } : kwargs;
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
