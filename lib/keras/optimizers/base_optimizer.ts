/**
 * What Keras 3's base optimizer (keras/src/optimizers/base_optimizer.py) does around every
 * optimizer's own step, and tfjs's optimizers lack: `lossScaleFactor` (the loss is multiplied
 * before the gradients are taken and the gradients divided before they are applied),
 * `gradientAccumulationSteps` (gradient_accumulation.ts) and `useEma` / `emaMomentum` /
 * `emaOverwriteFrequency` (moving_average.ts), in Keras's order within `apply`: unscale,
 * accumulate, then (on an update call) the class's own clipping, weight decay and step, then the
 * moving average.
 *
 * Each Keras optimizer class gets this once, by `installBaseOptimizer(cls)`, which wraps the
 * class's applyGradients, computeGradients, getWeights, setWeights, dispose and getConfig (its
 * own ones or tfjs's) and adds Keras's `finalizeVariableValues`, `scaleLoss` and the options'
 * getters; the classes declare the added members by interface merging. The state lives on the
 * optimizer under a symbol, set by the factories and by fromConfig (`restoreBase`).
 *
 * A learning-rate schedule lives here too: before each update the optimizer's learning rate
 * becomes the schedule's value at Keras's `_iterations` (the calls so far, accumulation calls
 * included), so the class's own step and its weight decay both use it.
 */
import * as tf from "@tensorflow/tfjs";
import { installNoTrainableWeights } from "./no_trainable_weights.js";

/** One optimizer weight, as tfjs's getWeights / setWeights pass them. */
type NamedWeight = { name: string; tensor: tf.Tensor };
import { GradientAccumulation, ACCUMULATOR_SUFFIX, CALL_COUNT_NAME } from "./gradient_accumulation.js";
import { GradientClipping } from "./gradient_clipping.js";
import { AVERAGE_SUFFIX, MovingAverage, type MovingAverageOptions } from "./moving_average.js";
import { deserialize, isSerializedSchedule, LearningRateSchedule, serialize } from "./schedules/learning_rate_schedule.js";

export interface BaseOptimizerOptions extends MovingAverageOptions {
  /** Multiply the loss by this before taking gradients, and divide the gradients by it before applying them (Keras's `loss_scale_factor`). */
  lossScaleFactor?: number | null;
  /** Apply the mean gradient of every this many calls (an integer ≥ 2), accumulating in between (Keras's `gradient_accumulation_steps`). */
  gradientAccumulationSteps?: number | null;
}

/** What `installBaseOptimizer` adds to a Keras optimizer class. */
export interface BaseOptimizerApi {
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  readonly lossScaleFactor: number | null;
  readonly gradientAccumulationSteps: number | null;
  /** The schedule the learning rate follows, or null for a fixed number. */
  readonly learningRateSchedule: LearningRateSchedule | null;
  /** Keras's `finalize_variable_values(var_list)`: with `useEma`, each variable takes its moving average. */
  finalizeVariableValues(variables: tf.Variable[]): void;
  /** Keras's `scale_loss(loss)`: the loss times `lossScaleFactor` (unchanged without one). */
  scaleLoss<T extends tf.Tensor | number>(loss: T): T;
}

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];
type GradientList = { name: string; tensor: tf.Tensor | undefined }[];

export class BaseOptimizerSteps {
  readonly lossScaleFactor: number | null;
  readonly movingAverage: MovingAverage;
  readonly accumulation: GradientAccumulation;
  /** The learning rate's schedule, when the optimizer was given one instead of a number. */
  learningRateSchedule: LearningRateSchedule | null = null;

  constructor(owner: string, options: BaseOptimizerOptions = {}) {
    const { lossScaleFactor = null, gradientAccumulationSteps = null, ...ema } = options;
    if (lossScaleFactor !== null && !(typeof lossScaleFactor === "number" && Number.isFinite(lossScaleFactor) && lossScaleFactor > 0)) {
      throw new RangeError(`${owner}: \`lossScaleFactor\` must be a number > 0 or null; got ${JSON.stringify(lossScaleFactor)}`);
    }
    this.lossScaleFactor = lossScaleFactor;
    this.accumulation = new GradientAccumulation(owner, gradientAccumulationSteps);
    this.movingAverage = new MovingAverage(owner, ema);
  }

  /** Nothing to do around the class's own step: applyGradients is the class's alone. */
  get inactive(): boolean {
    return this.lossScaleFactor === null && !this.accumulation.active && !this.movingAverage.useEma && this.learningRateSchedule === null;
  }

  /** Keras's `_iterations`: every call so far, including those that only accumulated. */
  rawIterations(optimizer: tf.Optimizer): number {
    return this.accumulation.active ? this.accumulation.calls : optimizer.iterations;
  }

  /** Keras's `optimizer.learning_rate`: the schedule's value now, or the optimizer's number. */
  currentLearningRate(optimizer: tf.Optimizer): number {
    if (this.learningRateSchedule !== null) return this.learningRateSchedule.call(this.rawIterations(optimizer));
    return (optimizer as unknown as { learningRate: number }).learningRate;
  }

  /**
   * Keras's `apply(grads, vars)` around `step` (the class's own clipping, weight decay and
   * update, which advances tfjs's iteration count).
   */
  apply(optimizer: tf.Optimizer, original: Gradients, step: (gradients: Gradients) => void): void {
    if (this.inactive) return step(original);
    // Positions matter (tfjs's optimizers keep their slots by index), so missing gradients stay in place.
    let gradients: GradientList = Array.isArray(original) ? original.map((g) => ({ name: g.name, tensor: g.tensor })) : Object.keys(original).map((name) => ({ name, tensor: original[name] }));
    if (gradients.length === 0) return;
    const owned: tf.Tensor[] = [];
    const scale = this.lossScaleFactor;
    if (scale !== null) {
      gradients = gradients.map(({ name, tensor }) => ({ name, tensor: tensor == null ? tensor : tf.tidy(() => tf.div(tensor, scale)) }));
      owned.push(...gradients.flatMap((g) => (g.tensor ? [g.tensor] : [])));
    }
    // Keras's `iterations` before this call's increment: the number of updates made so far.
    const iterations = this.accumulation.active ? Math.floor(this.accumulation.calls / this.accumulation.steps!) : optimizer.iterations;
    if (this.learningRateSchedule !== null) assignLearningRate(optimizer, this.currentLearningRate(optimizer));
    try {
      if (this.accumulation.active) {
        // Keras's optimizer is built by its first call, also one that only accumulates; tfjs's
        // counter (unset until a first step) then reads 0, as its saveIterations sets it.
        const counter = optimizer as unknown as { iterations_: number | null };
        counter.iterations_ ??= 0;
        const mean = this.accumulation.accumulate(gradients);
        if (mean !== null) {
          owned.push(...mean.flatMap((g) => (g.tensor ? [g.tensor] : [])));
          step(mean as { name: string; tensor: tf.Tensor }[]);
        }
      } else {
        step(gradients as { name: string; tensor: tf.Tensor }[]);
      }
    } finally {
      tf.dispose(owned);
    }
    this.movingAverage.update(gradients.map((g) => g.name), iterations);
  }

  /** tfjs's computeGradients (`compute`) of the scaled loss; the value reported is the loss itself, as Keras's trainer logs it. */
  computeGradients(f: () => tf.Scalar, varList: tf.Variable[] | undefined, compute: (f: () => tf.Scalar, varList?: tf.Variable[]) => { value: tf.Scalar; grads: tf.NamedTensorMap }): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    const scale = this.lossScaleFactor;
    if (scale === null) return compute(f, varList);
    const { value, grads } = compute(() => tf.mul(f(), scale), varList);
    const loss = tf.tidy(() => tf.div(value, scale)) as tf.Scalar;
    value.dispose();
    return { value: loss, grads };
  }

  /** The moving averages, then the accumulation's call count and accumulators, as optimizer weights after tfjs's. */
  weights(): NamedWeight[] {
    return [...this.movingAverage.weights(), ...this.accumulation.weights()];
  }

  /** Splits saved optimizer weights into the class's own (tfjs's) and this state's, which it restores. */
  async restoreWeights(all: NamedWeight[]): Promise<NamedWeight[]> {
    const isAverage = (w: NamedWeight) => w.name.endsWith(AVERAGE_SUFFIX);
    const isAccumulation = (w: NamedWeight) => w.name === CALL_COUNT_NAME || w.name.endsWith(ACCUMULATOR_SUFFIX);
    const averages = all.filter(isAverage);
    const accumulation = all.filter(isAccumulation);
    if (averages.length > 0 || this.movingAverage.useEma) this.movingAverage.setWeights(averages);
    if (accumulation.length > 0 || this.accumulation.active) await this.accumulation.setWeights(accumulation);
    return all.filter((w) => !isAverage(w) && !isAccumulation(w));
  }

  dispose(): void {
    this.movingAverage.dispose();
    this.accumulation.dispose();
  }

  config(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...this.movingAverage.config(), lossScaleFactor: this.lossScaleFactor, gradientAccumulationSteps: this.accumulation.steps };
    // Keras's config keeps a schedule in place of the number (serialized as Keras serializes it).
    if (this.learningRateSchedule !== null) config.learningRate = serialize(this.learningRateSchedule) as unknown as tf.serialization.ConfigDict;
    return config;
  }

  static fromConfig(owner: string, config: tf.serialization.ConfigDict): BaseOptimizerSteps {
    const orNull = (k: string) => (typeof config[k] === "number" ? (config[k] as number) : null);
    return new BaseOptimizerSteps(owner, {
      ...MovingAverage.fromConfig(owner, config).config(),
      lossScaleFactor: orNull("lossScaleFactor"),
      gradientAccumulationSteps: orNull("gradientAccumulationSteps"),
    } as BaseOptimizerOptions);
  }
}

/**
 * Sets the number a tfjs optimizer steps with (SGD and Momentum also keep it as a scalar
 * tensor, which `setLearningRate` replaces).
 */
export function assignLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
  o.learningRate = lr;
}

/** The number a class's constructor takes for a config's learning rate: a schedule's value at step 0. */
export function learningRateOf(config: tf.serialization.ConfigDict): number {
  const lr = config.learningRate;
  return isSerializedSchedule(lr) ? deserialize(lr).call(0) : (lr as number);
}

const STEPS = Symbol.for("tslab-keras.baseOptimizerSteps");
type WithSteps = tf.Optimizer & { [STEPS]?: BaseOptimizerSteps };

/** The optimizer's Keras base-optimizer state (defaults until a factory or fromConfig sets it). */
export function baseStepsOf(optimizer: tf.Optimizer): BaseOptimizerSteps {
  const o = optimizer as WithSteps;
  return (o[STEPS] ??= new BaseOptimizerSteps(optimizer.getClassName()));
}

export function setBaseSteps<T extends tf.Optimizer>(optimizer: T, steps: BaseOptimizerSteps): T {
  (optimizer as WithSteps)[STEPS] = steps;
  return optimizer;
}

/** fromConfig's optimizer with the config's clipping and base-optimizer options. */
export function restoreBase<T>(optimizer: T, config: tf.serialization.ConfigDict): T {
  const o = optimizer as unknown as tf.Optimizer & { clipping: GradientClipping };
  o.clipping = GradientClipping.fromConfig(o.getClassName(), config);
  const steps = BaseOptimizerSteps.fromConfig(o.getClassName(), config);
  if (isSerializedSchedule(config.learningRate)) steps.learningRateSchedule = deserialize(config.learningRate);
  setBaseSteps(o, steps);
  return optimizer;
}

const INSTALLED = Symbol.for("tslab-keras.baseOptimizerInstalled");

/**
 * Wraps the class's (own or inherited) methods with the base optimizer's steps and adds its API.
 * Subclasses of an installed class inherit it; installing one twice is refused.
 */
export function installBaseOptimizer(cls: { prototype: tf.Optimizer }): void {
  const proto = cls.prototype as any;
  if (Object.prototype.hasOwnProperty.call(proto, INSTALLED)) throw new Error("installBaseOptimizer: already installed on this class");
  Object.defineProperty(proto, INSTALLED, { value: true });
  // The methods are captured here: tfjs's Optimizer must carry our fix for models without
  // trainable weights before that (it may be installed later otherwise, and missed).
  installNoTrainableWeights();
  const { applyGradients, computeGradients, getWeights, setWeights, dispose, getConfig } = proto;
  const methods: Record<string, unknown> = {
    applyGradients(this: tf.Optimizer, gradients: Gradients) {
      baseStepsOf(this).apply(this, gradients, (g) => applyGradients.call(this, g));
    },
    computeGradients(this: tf.Optimizer, f: () => tf.Scalar, varList?: tf.Variable[]) {
      return baseStepsOf(this).computeGradients(f, varList, (g, v) => computeGradients.call(this, g, v));
    },
    async getWeights(this: tf.Optimizer) {
      return [...(await getWeights.call(this)), ...baseStepsOf(this).weights()];
    },
    async setWeights(this: tf.Optimizer, weights: NamedWeight[]) {
      return setWeights.call(this, await baseStepsOf(this).restoreWeights(weights));
    },
    dispose(this: tf.Optimizer) {
      dispose.call(this);
      baseStepsOf(this).dispose();
    },
    getConfig(this: tf.Optimizer) {
      return { ...getConfig.call(this), ...baseStepsOf(this).config() };
    },
    finalizeVariableValues(this: tf.Optimizer, variables: tf.Variable[]) {
      baseStepsOf(this).movingAverage.finalizeVariableValues(variables);
    },
    scaleLoss(this: tf.Optimizer, loss: tf.Tensor | number) {
      const scale = baseStepsOf(this).lossScaleFactor;
      if (scale === null) return loss;
      return typeof loss === "number" ? loss * scale : tf.mul(loss, scale);
    },
  };
  for (const [name, value] of Object.entries(methods)) Object.defineProperty(proto, name, { value, writable: true, configurable: true });
  const getters: Record<string, (s: BaseOptimizerSteps) => unknown> = {
    useEma: (s) => s.movingAverage.useEma,
    emaMomentum: (s) => s.movingAverage.emaMomentum,
    emaOverwriteFrequency: (s) => s.movingAverage.emaOverwriteFrequency,
    lossScaleFactor: (s) => s.lossScaleFactor,
    gradientAccumulationSteps: (s) => s.accumulation.steps,
    learningRateSchedule: (s) => s.learningRateSchedule,
  };
  for (const [name, read] of Object.entries(getters)) {
    Object.defineProperty(proto, name, { get(this: tf.Optimizer) { return read(baseStepsOf(this)); }, configurable: true });
  }
}
