/**
 * TimeDistributed folds time into the batch, installed once on tfjs's class: tfjs runs the wrapped
 * layer once per time step (its `rnn` loop), so a frozen InceptionV3 over 4 frames costs 4 × 94
 * convolutions on a quarter of the batch each, and per-call overhead dominates on CPU backends.
 * tf.keras 2 does what is done here for a batch of unknown size: reshape [batch, time, ...] to
 * [batch × time, ...], call the layer once, reshape back. Results are the same for every layer
 * that treats samples independently; a BatchNormalization *training* inside TimeDistributed now
 * takes its batch statistics over all frames (as tf.keras 2), not per time step. A mask is
 * checked as Keras 3 checks it and handed on folded the same way (Keras gives the layer mask[:, t]
 * at step t; tfjs dropped it).
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.timeDistributedBehaviour");

function oneTensor(x: unknown, what: string): tf.Tensor {
  const t = Array.isArray(x) ? (x.length === 1 ? x[0] : undefined) : x;
  if (!(t instanceof tf.Tensor)) throw new TypeError(`TimeDistributed: ${what} must be exactly one tensor`);
  return t;
}

/** Keras's TimeDistributed mask check: at least 2-D, its first two axes the input's. */
function checkMask(mask: tf.Tensor, x: tf.Tensor): void {
  const text = (shape: number[]) => `[${shape.join(", ")}]`;
  if (mask.rank < 2) {
    throw new RangeError(`The \`mask\` passed to the \`TimeDistributed\` layer must be at least 2D (e.g., \`[batchSize, timesteps]\`), but it has ${mask.rank} dimension(s) with shape ${text(mask.shape)}.`);
  }
  if (mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1]) {
    throw new RangeError(
      `The \`mask\` passed to the \`TimeDistributed\` layer has a shape ${text(mask.shape)} that is incompatible with the input shape ${text(x.shape)}. The first two dimensions of the mask (batch size and timesteps) must match the input's first two dimensions. Expected mask shape prefix: [${x.shape[0]}, ${x.shape[1]}].`,
    );
  }
}

export function installTimeDistributedBehaviour(): void {
  const proto = Object.getPrototypeOf(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) })) as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  proto.call = function (this: { layer: tf.layers.Layer }, inputs: unknown, kwargs: Record<string, unknown> = {}) {
    return tf.tidy(() => {
      const x = oneTensor(inputs, "its input");
      const [batch, steps, ...inner] = x.shape;
      const args: Record<string, unknown> = { ...kwargs };
      delete args.mask;
      // Keras hands the wrapped layer each step's slice of the mask (mask[:, t], any further
      // axes being the layer's own); folded as the input is: [batch × time, ...].
      const mask = kwargs.mask instanceof tf.Tensor ? kwargs.mask : undefined;
      if (mask) {
        checkMask(mask, x);
        args.mask = tf.reshape(mask, [batch! * steps!, ...mask.shape.slice(2)]);
      }
      const y = oneTensor(this.layer.call(tf.reshape(x, [batch! * steps!, ...inner]), args), "the wrapped layer's output");
      return tf.reshape(y, [batch!, steps!, ...y.shape.slice(1)]);
    });
  };
}
