/** Keras's recurrent layers on tfjs's: LSTM, GRU, SimpleRNN (returnSequences, returnState, masks). */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { WEIGHT_CHECKS, type ActivationName, type Initializer, type Regularizer, type Constraint } from "./core.js";
import { activation, bool, initializer, positional, positiveInt, rate, tfObject } from "./options.js";

export interface RecurrentOptions extends BaseLayerOptions {
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  recurrentInitializer?: Initializer;
  biasInitializer?: Initializer;
  kernelRegularizer?: Regularizer;
  recurrentRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  activityRegularizer?: Regularizer;
  kernelConstraint?: Constraint;
  recurrentConstraint?: Constraint;
  biasConstraint?: Constraint;
  dropout?: number;
  recurrentDropout?: number;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  unroll?: boolean;
}

const RECURRENT_CHECKS = {
  ...WEIGHT_CHECKS,
  activation,
  recurrentInitializer: initializer,
  recurrentRegularizer: tfObject,
  recurrentConstraint: tfObject,
  dropout: rate,
  recurrentDropout: rate,
  returnSequences: bool,
  returnState: bool,
  goBackwards: bool,
  stateful: bool,
  unroll: bool,
};

export interface LSTMOptions extends RecurrentOptions {
  recurrentActivation?: ActivationName | null;
  unitForgetBias?: boolean;
}

/** `LSTM(units, { returnSequences, returnState, ... })`. */
export function LSTM(units: number, options?: LSTMOptions): tf.layers.RNN {
  positional("LSTM", "units", units, positiveInt);
  return makeLayer("LSTM", "lstm", options, { ...RECURRENT_CHECKS, recurrentActivation: activation, unitForgetBias: bool }, (a) =>
    tf.layers.lstm({ units, ...a }),
  );
}

export interface GRUOptions extends RecurrentOptions {
  recurrentActivation?: ActivationName | null;
  /** Keras's default is true (cuDNN layout); tfjs implements only false, so false is required. */
  resetAfter?: false;
}

/**
 * `GRU(units, { resetAfter: false, ... })`. tfjs implements only the original GRU formulation
 * (reset gate before the matrix product), so unlike Keras the default here is `resetAfter: false`
 * and `true` is refused rather than silently computing something else.
 */
export function GRU(units: number, options?: GRUOptions): tf.layers.RNN {
  positional("GRU", "units", units, positiveInt);
  const resetAfter = (v: unknown, where: string) => {
    if (v !== false) throw new RangeError(`${where} must be false: tfjs implements only the reset-before GRU (Keras's reset_after=False); got ${String(v)}`);
    return v;
  };
  return makeLayer("GRU", "gru", options, { ...RECURRENT_CHECKS, recurrentActivation: activation, resetAfter }, (a) => {
    delete a.resetAfter;
    return tf.layers.gru({ units, ...a });
  });
}

/** `SimpleRNN(units, { ... })`. */
export function SimpleRNN(units: number, options?: RecurrentOptions): tf.layers.RNN {
  positional("SimpleRNN", "units", units, positiveInt);
  return makeLayer("SimpleRNN", "simple_rnn", options, RECURRENT_CHECKS, (a) => tf.layers.simpleRNN({ units, ...a }));
}
