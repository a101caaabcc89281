/**
 * Keras 3's SGD, RMSprop and Adagrad on tfjs's optimizer classes (the same state, weights and
 * class names, so saved training configs load either way), with what every Keras optimizer has
 * and tfjs's lack: `weightDecay` and `excludeFromWeightDecay` (weight_decay.ts). Adagrad also
 * takes Keras's `epsilon` (tfjs's adds the backend's fixed epsilon). The updates are tfjs's,
 * which equal Keras's: SGD with momentum `m = μm − lr·g` is tfjs's `a = μa + g` with `m = −lr·a`,
 * and RMSprop's ε sits inside the square root in both.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { GradientClipping, withClipped } from "./gradient_clipping.js";
import { WeightDecay, type ExcludeFromWeightDecay } from "./weight_decay.js";

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];
type Config = tf.serialization.ConfigDict;
type Ctor<T extends tf.serialization.Serializable> = tf.serialization.SerializableConstructor<T>;

/** What these classes add to tfjs's optimizers. */
export interface KerasOptimizerExtras {
  readonly weightDecay: number;
  /** Keras's clipnorm / clipvalue / global_clipnorm (gradient_clipping.ts), set by the factories and fromConfig. */
  clipping: GradientClipping;
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void;
}

const decayOf = (config: Config) => (config.weightDecay as number | undefined) ?? 0;

export class KerasSGDOptimizer extends tf.SGDOptimizer implements KerasOptimizerExtras {
  private readonly weightDecayRule: WeightDecay;
  clipping = new GradientClipping(this.getClassName());
  static override get className(): string {
    return "SGD";
  }
  constructor(learningRate: number, weightDecay = 0) {
    super(learningRate);
    this.weightDecayRule = new WeightDecay(weightDecay);
  }
  get weightDecay(): number {
    return this.weightDecayRule.rate;
  }
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.weightDecayRule.exclude(options, this.iterations);
  }
  override applyGradients(variableGradients: Gradients): void {
    withClipped(this.clipping, variableGradients, (gradients) => {
      this.weightDecayRule.apply(gradients, this.learningRate);
      super.applyGradients(gradients as never);
    });
  }
  override getConfig(): Config {
    return { ...super.getConfig(), weightDecay: this.weightDecayRule.rate, ...this.clipping.config() };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: Ctor<T>, config: Config): T {
    return restoreBase(new cls(learningRateOf(config), decayOf(config)), config);
  }
}

export class KerasMomentumOptimizer extends tf.MomentumOptimizer implements KerasOptimizerExtras {
  private readonly weightDecayRule: WeightDecay;
  clipping = new GradientClipping(this.getClassName());
  static override get className(): string {
    return "Momentum";
  }
  constructor(learningRate: number, momentum: number, useNesterov = false, weightDecay = 0) {
    super(learningRate, momentum, useNesterov);
    this.weightDecayRule = new WeightDecay(weightDecay);
  }
  get weightDecay(): number {
    return this.weightDecayRule.rate;
  }
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.weightDecayRule.exclude(options, this.iterations);
  }
  override applyGradients(variableGradients: Gradients): void {
    withClipped(this.clipping, variableGradients, (gradients) => {
      this.weightDecayRule.apply(gradients, this.learningRate);
      super.applyGradients(gradients as never);
    });
  }
  override getConfig(): Config {
    return { ...super.getConfig(), weightDecay: this.weightDecayRule.rate, ...this.clipping.config() };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: Ctor<T>, config: Config): T {
    return restoreBase(new cls(learningRateOf(config), config.momentum, config.useNesterov, decayOf(config)), config);
  }
}

export class KerasRMSpropOptimizer extends tf.RMSPropOptimizer implements KerasOptimizerExtras {
  private readonly weightDecayRule: WeightDecay;
  clipping = new GradientClipping(this.getClassName());
  static override get className(): string {
    return "RMSProp";
  }
  constructor(learningRate: number, rho: number, momentum: number, epsilon: number, centered: boolean, weightDecay = 0) {
    super(learningRate, rho, momentum, epsilon, centered);
    this.weightDecayRule = new WeightDecay(weightDecay);
  }
  get weightDecay(): number {
    return this.weightDecayRule.rate;
  }
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.weightDecayRule.exclude(options, this.iterations);
  }
  override applyGradients(variableGradients: Gradients): void {
    withClipped(this.clipping, variableGradients, (gradients) => {
      this.weightDecayRule.apply(gradients, this.learningRate);
      super.applyGradients(gradients as never);
    });
  }
  override getConfig(): Config {
    return { ...super.getConfig(), weightDecay: this.weightDecayRule.rate, ...this.clipping.config() };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: Ctor<T>, config: Config): T {
    return restoreBase(new cls(learningRateOf(config), config.decay, config.momentum, config.epsilon, config.centered, decayOf(config)), config);
  }
}

/** tf.AdagradOptimizer's private state, which KerasAdagradOptimizer steps in its place. */
interface AdagradState {
  accumulatedGrads: { originalName: string; variable: tf.Variable }[];
  initialAccumulatorValue: number;
}

/** Keras 3's Adagrad: `accumulator += g²; value −= lr·g/√(accumulator + ε)` with Keras's ε (default 1e-7). */
export class KerasAdagradOptimizer extends tf.AdagradOptimizer implements KerasOptimizerExtras {
  private readonly weightDecayRule: WeightDecay;
  clipping = new GradientClipping(this.getClassName());
  static override get className(): string {
    return "Adagrad";
  }
  constructor(learningRate: number, initialAccumulatorValue = 0.1, readonly epsilon = 1e-7, weightDecay = 0) {
    super(learningRate, initialAccumulatorValue);
    this.weightDecayRule = new WeightDecay(weightDecay);
  }
  get weightDecay(): number {
    return this.weightDecayRule.rate;
  }
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.weightDecayRule.exclude(options, this.iterations);
  }

  override applyGradients(original: Gradients): void {
    withClipped(this.clipping, original, (gradients) => this.adagradStep(gradients));
  }

  private adagradStep(variableGradients: Gradients): void {
    this.weightDecayRule.apply(variableGradients, this.learningRate);
    const state = this as unknown as AdagradState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        state.accumulatedGrads[i] ??= { originalName: `${name}/accumulator`, variable: tf.tidy(() => tf.fill(value.shape, state.initialAccumulatorValue).variable(false)) };
        const gradient: tf.Tensor | undefined = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const accumulator = state.accumulatedGrads[i]!.variable;
        accumulator.assign(tf.add(accumulator, tf.square(gradient)));
        value.assign(tf.sub(value, tf.div(tf.mul(gradient, this.learningRate), tf.sqrt(tf.add(accumulator, this.epsilon)))));
      });
    });
    this.incrementIterations();
  }

  override getConfig(): Config {
    return { ...super.getConfig(), epsilon: this.epsilon, weightDecay: this.weightDecayRule.rate, ...this.clipping.config() };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: Ctor<T>, config: Config): T {
    return restoreBase(new cls(learningRateOf(config), config.initialAccumulatorValue, (config.epsilon as number | undefined) ?? 1e-7, decayOf(config)), config);
  }
}

// Keras's base-optimizer options (base_optimizer.ts), declared here and installed below.
export interface KerasSGDOptimizer extends BaseOptimizerApi {}
export interface KerasMomentumOptimizer extends BaseOptimizerApi {}
export interface KerasRMSpropOptimizer extends BaseOptimizerApi {}
export interface KerasAdagradOptimizer extends BaseOptimizerApi {}

for (const cls of [KerasSGDOptimizer, KerasMomentumOptimizer, KerasRMSpropOptimizer, KerasAdagradOptimizer]) {
  installBaseOptimizer(cls);
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
