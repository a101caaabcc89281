/**
 * Two Keras 3 RNN behaviours tfjs's RNN base class lacks, installed once on its prototype, so
 * they hold for every recurrent layer applied directly or in a model (our FusedLSTM and GRULayer,
 * SimpleRNN; not yet inside Bidirectional, which calls its layers' `call` itself):
 * - `zeroOutputForMask` (Keras's `zero_output_for_mask`): with `returnSequences`, a masked step
 *   outputs zeros instead of carrying the last unmasked output (the states still carry over).
 *   The option is kept on the layer by the classes that take it (FusedLSTM, GRULayer,
 *   SimpleRNNLayer) and written into the config here.
 * - `resetState()`, Keras 3's name for tfjs's `resetStates()` (stateful layers).
 */
import * as tf from "@tensorflow/tfjs";
import { takeActivityRegularizer } from "./activity_regularization.js";

const INSTALLED = Symbol.for("tslab-keras.rnnBehaviour");

interface RnnLike {
  zeroOutputForMask?: boolean;
  returnSequences: boolean;
  returnState: boolean;
  resetStates(states?: tf.Tensor | tf.Tensor[], training?: boolean): void;
}

/** Zeroes the masked steps of a [batch, steps, units] output. */
function zeroMasked(sequence: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(sequence, tf.expandDims(tf.cast(mask, sequence.dtype), -1)));
}

export function installRnnBehaviour(): void {
  const proto = tf.layers.RNN.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const apply = proto.apply as (this: RnnLike, inputs: unknown, kwargs?: Record<string, unknown>) => unknown;
  proto.apply = function (this: RnnLike, inputs: unknown, kwargs?: Record<string, unknown>) {
    const rawMask = kwargs?.mask;
    const mask = (Array.isArray(rawMask) ? rawMask[0] : rawMask) as tf.Tensor | null | undefined;
    const out = apply.call(this, inputs, kwargs);
    if (!this.zeroOutputForMask || !this.returnSequences || !(mask instanceof tf.Tensor)) return out;
    if (Array.isArray(out)) {
      if (!(out[0] instanceof tf.Tensor)) return out;
      return [zeroMasked(out[0], mask), ...out.slice(1)];
    }
    return out instanceof tf.Tensor ? zeroMasked(out, mask) : out;
  };
  const getConfig = proto.getConfig as (this: RnnLike) => tf.serialization.ConfigDict;
  proto.getConfig = function (this: RnnLike) {
    return { ...getConfig.call(this), zeroOutputForMask: this.zeroOutputForMask === true };
  };
  proto.resetState = function (this: RnnLike, states?: tf.Tensor | tf.Tensor[]) {
    this.resetStates(states);
  };
}

/** Reads `zeroOutputForMask` off a layer's constructor args (tfjs's RNN ignores unknown ones). */
export function takeZeroOutputForMask(layer: object, args: { zeroOutputForMask?: unknown }): void {
  (layer as RnnLike).zeroOutputForMask = args.zeroOutputForMask === true;
}

type LayerClass = new (args: Record<string, unknown>) => tf.layers.RNN;
const TfSimpleRNN = tf.layers.simpleRNN({ units: 1 }).constructor as LayerClass;

/** tfjs's SimpleRNN with `zeroOutputForMask` and `activityRegularizer`, registered as "SimpleRNN". */
export class SimpleRNNLayer extends TfSimpleRNN {
  static className = "SimpleRNN";
  constructor(args: Record<string, unknown>) {
    super(args);
    takeZeroOutputForMask(this, args);
    takeActivityRegularizer(this, args);
  }
}
tf.serialization.registerClass(SimpleRNNLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
