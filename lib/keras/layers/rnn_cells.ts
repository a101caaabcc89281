/**
 * Keras 3's cells, `SimpleRNNCell`, `LSTMCell`, `GRUCell`: one step of a recurrence, for
 * `keras.layers.RNN` (rnn.ts). tfjs has the three cells; these are them with Keras's names,
 * option checks and defaults where tfjs's differ (glorot_uniform kernels where tfjs uses
 * glorotNormal; LSTM and GRU gate with sigmoid where tfjs uses hardSigmoid; LSTM's forget bias
 * starts at 1; GRU resets after the recurrent product, Keras's default, which tfjs lacks and
 * gru_cell.ts implements). Recurrent kernels are orthogonal in both.
 *
 * SimpleRNNCell and LSTMCell register under Keras's class names in place of tfjs's classes,
 * only so that a Keras config (which carries `seed`) loads; the fields and weights are tfjs's.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { WEIGHT_CHECKS, type ActivationSpec, type Initializer, type Regularizer, type Constraint } from "./core.js";
import { KERAS_GRU_DEFAULTS, ResetAfterGRUCell, ResetBeforeGRUCell } from "./gru_cell.js";
import { activation, bool, constraint, initializer, positional, positiveInt, rate, regularizer } from "./options.js";

type Kwargs = Record<string, any>;

export interface RNNCellOptions extends Omit<BaseLayerOptions, "inputShape" | "batchSize"> {
  activation?: ActivationSpec | null;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  recurrentInitializer?: Initializer;
  biasInitializer?: Initializer;
  kernelRegularizer?: Regularizer;
  recurrentRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  kernelConstraint?: Constraint;
  recurrentConstraint?: Constraint;
  biasConstraint?: Constraint;
  /** Fraction of the inputs dropped in training (one mask per sequence). */
  dropout?: number;
  /** Fraction of the recurrent state dropped in training (one mask per sequence). */
  recurrentDropout?: number;
}

export interface LSTMCellOptions extends RNNCellOptions {
  recurrentActivation?: ActivationSpec | null;
  /** Keras's default, true: the forget gate's bias starts at 1 (biasInitializer gives the rest). */
  unitForgetBias?: boolean;
}

export interface GRUCellOptions extends RNNCellOptions {
  recurrentActivation?: ActivationSpec | null;
  /** Keras's default, true: the reset gate multiplies the recurrent product (bias [2, 3·units]). */
  resetAfter?: boolean;
}

// Keras's cells take no activity_regularizer (its RNN layer does), so neither do these.
const { activityRegularizer: _notOnCells, ...CELL_WEIGHT_CHECKS } = WEIGHT_CHECKS;
const CELL_CHECKS = {
  ...CELL_WEIGHT_CHECKS,
  activation,
  recurrentInitializer: initializer,
  recurrentRegularizer: regularizer,
  recurrentConstraint: constraint,
  dropout: rate,
  recurrentDropout: rate,
};

/** Keras writes `seed` in its cells' configs; tfjs's dropout has no seed, and it changes no value. */
function withoutSeed(config: tf.serialization.ConfigDict): Kwargs {
  const c: Kwargs = { ...config };
  delete c.seed;
  return c;
}

type CellClass = new (args: Kwargs) => tf.layers.Layer;
const TfSimpleRNNCell = tf.layers.simpleRNNCell({ units: 1 }).constructor as CellClass;
const TfLSTMCell = tf.layers.lstmCell({ units: 1 }).constructor as CellClass;

/** tfjs's SimpleRNNCell, registered as "SimpleRNNCell" so Keras's configs load. */
export class KerasSimpleRNNCell extends TfSimpleRNNCell {
  static className = "SimpleRNNCell";
  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(withoutSeed(config));
  }
}
tf.serialization.registerClass(KerasSimpleRNNCell as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** tfjs's LSTMCell, registered as "LSTMCell" so Keras's configs load. */
export class KerasLSTMCell extends TfLSTMCell {
  static className = "LSTMCell";
  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(withoutSeed(config));
  }
}
tf.serialization.registerClass(KerasLSTMCell as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** `SimpleRNNCell(units, { activation, useBias, dropout, ... })`: h' = activation(x W + h U + b). */
export function SimpleRNNCell(units: number, options?: RNNCellOptions): tf.layers.Layer {
  positional("SimpleRNNCell", "units", units, positiveInt);
  return makeLayer("SimpleRNNCell", "simple_rnn_cell", options, CELL_CHECKS, (a) => new KerasSimpleRNNCell({ units, kernelInitializer: "glorotUniform", ...a }));
}

/** `LSTMCell(units, { recurrentActivation, unitForgetBias, ... })`; states [h, c], gates i, f, c, o. */
export function LSTMCell(units: number, options?: LSTMCellOptions): tf.layers.Layer {
  positional("LSTMCell", "units", units, positiveInt);
  return makeLayer("LSTMCell", "lstm_cell", options, { ...CELL_CHECKS, recurrentActivation: activation, unitForgetBias: bool }, (a) =>
    new KerasLSTMCell({ units, recurrentActivation: "sigmoid", kernelInitializer: "glorotUniform", unitForgetBias: true, ...a }),
  );
}

/** `GRUCell(units, { resetAfter, recurrentActivation, ... })`; gates z, r, h (Keras's layout). */
export function GRUCell(units: number, options?: GRUCellOptions): tf.layers.Layer {
  positional("GRUCell", "units", units, positiveInt);
  return makeLayer("GRUCell", "gru_cell", options, { ...CELL_CHECKS, recurrentActivation: activation, resetAfter: bool }, ({ resetAfter, ...a }) =>
    resetAfter === false ? new ResetBeforeGRUCell({ ...KERAS_GRU_DEFAULTS, units, ...a, resetAfter: false }) : new ResetAfterGRUCell({ units, ...a }),
  );
}
