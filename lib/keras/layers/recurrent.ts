/** Keras's recurrent layers on tfjs's: LSTM, GRU, SimpleRNN (returnSequences, returnState, masks). */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { WEIGHT_CHECKS, type ActivationSpec, type Initializer, type Regularizer, type Constraint } from "./core.js";
import { FusedLSTM } from "./fused_lstm.js";
import { GRULayer } from "./gru_cell.js";
import { SimpleRNNLayer } from "./rnn_behaviour.js";
import { activation, bool, constraint, initializer, positional, positiveInt, rate, regularizer } from "./options.js";

export interface RecurrentOptions extends BaseLayerOptions {
  activation?: ActivationSpec | null;
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
  /** With `returnSequences`, masked steps output zeros instead of the last unmasked output. */
  zeroOutputForMask?: boolean;
}

const RECURRENT_CHECKS = {
  ...WEIGHT_CHECKS,
  activation,
  recurrentInitializer: initializer,
  recurrentRegularizer: regularizer,
  recurrentConstraint: constraint,
  dropout: rate,
  recurrentDropout: rate,
  returnSequences: bool,
  returnState: bool,
  goBackwards: bool,
  stateful: bool,
  unroll: bool,
  zeroOutputForMask: bool,
};

export interface LSTMOptions extends RecurrentOptions {
  recurrentActivation?: ActivationSpec | null;
  unitForgetBias?: boolean;
}

/**
 * Keras 3's defaults where tfjs's differ: tfjs's LSTM gates with hardSigmoid, initialises kernels
 * glorotNormal and leaves the forget-gate bias at 0; Keras's gates with sigmoid, uses
 * glorot_uniform and starts the forget bias at 1 (`unit_forget_bias=True`).
 */
const KERAS_LSTM_DEFAULTS = { recurrentActivation: "sigmoid", kernelInitializer: "glorotUniform", unitForgetBias: true } as const;

/**
 * `LSTM(units, { returnSequences, returnState, ... })` with Keras 3's defaults; where Keras would
 * use cuDNN, the sequence runs as one fused kernel each way (fused_lstm.ts).
 */
export function LSTM(units: number, options?: LSTMOptions): FusedLSTM {
  positional("LSTM", "units", units, positiveInt);
  return makeLayer("LSTM", "lstm", options, { ...RECURRENT_CHECKS, recurrentActivation: activation, unitForgetBias: bool }, (a) =>
    new FusedLSTM({ units, ...KERAS_LSTM_DEFAULTS, ...a }),
  );
}

export interface GRUOptions extends RecurrentOptions {
  recurrentActivation?: ActivationSpec | null;
  /**
   * Keras's default, true: the reset gate multiplies the recurrent product (cuDNN's form, bias
   * [2, 3·units]); false: the reset gate multiplies the state before it (bias [3·units]).
   */
  resetAfter?: boolean;
}

/**
 * `GRU(units, { resetAfter, returnSequences, returnState, ... })` with Keras 3's defaults
 * (reset after, sigmoid recurrent activation, glorotUniform kernel). tfjs implements only the
 * reset-before form; the reset-after one is `ResetAfterGRUCell` (gru_cell.ts).
 */
export function GRU(units: number, options?: GRUOptions): GRULayer {
  positional("GRU", "units", units, positiveInt);
  return makeLayer("GRU", "gru", options, { ...RECURRENT_CHECKS, recurrentActivation: activation, resetAfter: bool }, (a) => new GRULayer({ units, ...a }));
}

/** `SimpleRNN(units, { ... })` with Keras 3's glorot_uniform kernel (tfjs: glorotNormal). */
export function SimpleRNN(units: number, options?: RecurrentOptions): tf.layers.RNN {
  positional("SimpleRNN", "units", units, positiveInt);
  return makeLayer("SimpleRNN", "simple_rnn", options, RECURRENT_CHECKS, (a) => new SimpleRNNLayer({ units, kernelInitializer: "glorotUniform", ...a }));
}
