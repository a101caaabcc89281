/**
 * Keras 3's exponential moving average of the model's variables, which every Keras optimizer
 * takes (base_optimizer.py `use_ema`, `ema_momentum`, `ema_overwrite_frequency`); tfjs's
 * optimizers have none.
 *
 * After each step, every variable the optimizer was built on (the first step's variables, then
 * any new ones) moves its average `a ← μ·a + (1 − μ)·v` with `μ = emaMomentum`, except on the
 * optimizer's first iteration, where μ is 0 and the average starts at the updated variable
 * (`_update_model_variables_moving_average`). Every `emaOverwriteFrequency` iterations the
 * variables are overwritten with their averages (`_overwrite_model_variables_with_average_value`);
 * `finalizeVariableValues` (which `fit` calls when it ends, as Keras's does) overwrites them once.
 * The averages are optimizer weights named `<variable>/average`, saved after tfjs's own.
 */
import * as tf from "@tensorflow/tfjs";

/** One optimizer weight, as tfjs's getWeights / setWeights pass them. */
type NamedWeight = { name: string; tensor: tf.Tensor };

export interface MovingAverageOptions {
  /** Keep a moving average of the model's variables (Keras's `use_ema`). */
  useEma?: boolean;
  /** The average's momentum μ in [0, 1]: `average = μ·average + (1 − μ)·variable`. Keras's default 0.99. */
  emaMomentum?: number;
  /** Overwrite the variables with their averages every this many iterations (an integer ≥ 1), or never (null, the default). */
  emaOverwriteFrequency?: number | null;
}

/** Optimizer weights of the averages end with this (no tfjs optimizer slot does). */
export const AVERAGE_SUFFIX = "/average";

type Average = { variableName: string; average: tf.Variable };

export class MovingAverage {
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  /** One per variable the optimizer was built on, by position in the gradient list. */
  private averages: Average[] = [];

  constructor(owner: string, options: MovingAverageOptions = {}) {
    const { useEma = false, emaMomentum = 0.99, emaOverwriteFrequency = null } = options;
    if (typeof useEma !== "boolean") throw new TypeError(`${owner}: \`useEma\` must be true or false; got ${JSON.stringify(useEma)}`);
    if (!(typeof emaMomentum === "number" && emaMomentum >= 0 && emaMomentum <= 1)) {
      throw new RangeError(`${owner}: \`emaMomentum\` must be in the range [0, 1]; got ${JSON.stringify(emaMomentum)}`);
    }
    if (emaOverwriteFrequency !== null && !(Number.isInteger(emaOverwriteFrequency) && emaOverwriteFrequency >= 1)) {
      throw new RangeError(`${owner}: \`emaOverwriteFrequency\` must be an integer >= 1 or null; got ${JSON.stringify(emaOverwriteFrequency)}`);
    }
    this.useEma = useEma;
    this.emaMomentum = emaMomentum;
    this.emaOverwriteFrequency = emaOverwriteFrequency;
  }

  /** The averages, in build order (Keras's `_model_variables_moving_average`). */
  get variables(): tf.Variable[] {
    return this.averages.map((a) => a.average);
  }

  /**
   * After the update step of one `apply`: adds averages for variables not seen before (Keras
   * builds them on the first step), moves every average and, on an overwrite iteration, copies
   * the averages into the variables. `iterations` is Keras's `optimizer.iterations` before this
   * step's increment (with gradient accumulation, the number of updates made, not of calls).
   * Averages pair with variables by position in the gradient list, as tfjs's optimizer slots
   * and Keras's do (a loaded model's variables may carry other names than the saved ones).
   */
  update(variableNames: string[], iterations: number): void {
    if (!this.useEma) return;
    const momentum = iterations === 0 ? 0 : this.emaMomentum;
    const current: [tf.Variable, tf.Variable][] = [];
    variableNames.forEach((name, i) => {
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) return;
      // The initial value is only a placeholder: a first iteration replaces it, and a variable
      // first seen later starts at its own value rather than at Keras's zeros (Keras refuses those).
      this.averages[i] ??= { variableName: name, average: tf.tidy(() => tf.clone(variable).variable(false)) };
      this.averages[i]!.variableName = name;
      current.push([variable, this.averages[i]!.average]);
    });
    tf.tidy(() => {
      for (const [variable, average] of current) average.assign(tf.add(tf.mul(average, momentum), tf.mul(variable, 1 - momentum)));
    });
    if (this.emaOverwriteFrequency !== null && (iterations + 1) % this.emaOverwriteFrequency === 0) {
      for (const [variable, average] of current) variable.assign(average);
    }
  }

  /**
   * Keras's `finalize_variable_values(var_list)`: with `useEma`, each variable takes its average.
   * The list must be the variables the optimizer was built on, in their order (Keras's check).
   */
  finalizeVariableValues(variables: tf.Variable[]): void {
    if (!this.useEma) return;
    if (variables.length !== this.averages.length) {
      throw new Error(
        `The length of model variables (${variables.length}) to override does not match the length of model variables stored in the optimizer (${this.averages.length}). Please check if the optimizer was called on your model.`,
      );
    }
    variables.forEach((v, i) => {
      const average = this.averages[i]?.average;
      if (average === undefined) return;
      if (!tf.util.arraysEqual(v.shape, average.shape)) throw new Error(`finalizeVariableValues: variable ${i} (${v.name}) has shape [${v.shape}], its average [${average.shape}]`);
      v.assign(average);
    });
  }

  /** The averages as optimizer weights, appended to tfjs's. */
  weights(): NamedWeight[] {
    return this.averages.map((a) => ({ name: `${a.variableName}${AVERAGE_SUFFIX}`, tensor: a.average }));
  }

  /** Restores the averages from saved optimizer weights (those named `…/average`; the rest are the caller's). */
  setWeights(weights: NamedWeight[]): void {
    tf.dispose(this.variables);
    this.averages = weights.map((w) => {
      const variableName = w.name.slice(0, -AVERAGE_SUFFIX.length);
      return { variableName, average: tf.tidy(() => tf.clone(w.tensor).variable(false)) };
    });
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.averages = [];
  }

  config(): tf.serialization.ConfigDict {
    return { useEma: this.useEma, emaMomentum: this.emaMomentum, emaOverwriteFrequency: this.emaOverwriteFrequency };
  }

  static fromConfig(owner: string, config: tf.serialization.ConfigDict): MovingAverage {
    return new MovingAverage(owner, {
      useEma: config.useEma === true,
      emaMomentum: typeof config.emaMomentum === "number" ? config.emaMomentum : 0.99,
      emaOverwriteFrequency: typeof config.emaOverwriteFrequency === "number" ? config.emaOverwriteFrequency : null,
    });
  }
}
