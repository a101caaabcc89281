/**
 * Keras's optimizers with Keras's defaults (`learningRate` 0.01 for SGD, 0.001 otherwise;
 * epsilon 1e-7), built on tfjs's optimizers so any tf.LayersModel's compile accepts them, and
 * by name ("adam", "sgd", "rmsprop", "adagrad", "adamw").
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, nullable, num } from "../layers/options.js";
import { AdamWOptimizer } from "./adamw.js";
import { assignLearningRate, BaseOptimizerSteps, baseStepsOf, setBaseSteps, type BaseOptimizerOptions } from "./base_optimizer.js";
import { GradientClipping } from "./gradient_clipping.js";
import { KerasAdamOptimizer } from "./keras_adam.js";
import { KerasAdagradOptimizer, KerasMomentumOptimizer, KerasRMSpropOptimizer, KerasSGDOptimizer } from "./keras_optimizers.js";
import { LearningRateSchedule } from "./schedules/learning_rate_schedule.js";
import { KerasAdamaxOptimizer } from "./adamax.js";
import { KerasAdadeltaOptimizer } from "./adadelta.js";
import { KerasNadamOptimizer } from "./nadam.js";
import { KerasLionOptimizer } from "./lion.js";
import { KerasFtrlOptimizer } from "./ftrl.js";
import { KerasAdafactorOptimizer } from "./adafactor.js";

const positive = num(0, Infinity, { minExclusive: true });
const unit = num(0, 1);
const nonNegative = num(0);

/** A number > 0, or a schedule (keras.optimizers.schedules), which the optimizer evaluates each step. */
export type LearningRate = number | LearningRateSchedule;
const learningRateCheck = (v: unknown, where: string) => (v instanceof LearningRateSchedule ? v : positive(v, where));

/**
 * What every Keras optimizer takes: `weight_decay` (each step first shrinks a variable by
 * `learningRate·weightDecay·variable`), gradient clipping (`clipnorm`, `clipvalue`,
 * `global_clipnorm`: at most one; gradient_clipping.ts), and the moving average, gradient
 * accumulation and loss scaling of base_optimizer.ts.
 */
const WEIGHT_DECAY = {
  weightDecay: nonNegative,
  clipnorm: positive,
  clipvalue: positive,
  globalClipnorm: positive,
  useEma: bool,
  emaMomentum: unit,
  emaOverwriteFrequency: nullable(num(1, Infinity, { integer: true })),
  lossScaleFactor: nullable(positive),
  gradientAccumulationSteps: nullable(num(2, Infinity, { integer: true })),
};

/** Keras's clipping options and base-optimizer options (useEma, gradientAccumulationSteps, lossScaleFactor…), on every optimizer. */
export interface ClippingOptions extends BaseOptimizerOptions {
  /** Clip each gradient to this L2 norm. */
  clipnorm?: number;
  /** Clip each gradient element to [−clipvalue, clipvalue]. */
  clipvalue?: number;
  /** Scale all gradients together so their joint L2 norm is at most this. */
  globalClipnorm?: number;
}

function withClipping<T extends tf.Optimizer & { clipping: GradientClipping }>(owner: string, optimizer: T, o: ClippingOptions & { learningRate?: LearningRate }): T {
  optimizer.clipping = new GradientClipping(owner, o);
  const { useEma, emaMomentum, emaOverwriteFrequency, lossScaleFactor, gradientAccumulationSteps } = o;
  const steps = new BaseOptimizerSteps(owner, { useEma, emaMomentum, emaOverwriteFrequency, lossScaleFactor, gradientAccumulationSteps });
  if (o.learningRate instanceof LearningRateSchedule) steps.learningRateSchedule = o.learningRate;
  return setBaseSteps(optimizer, steps);
}

/** The number the class is built with: a schedule's value at step 0. */
const initialRate = (lr: LearningRate | undefined, fallback: number): number => (lr instanceof LearningRateSchedule ? lr.call(0) : (lr ?? fallback));

/**
 * Keras's first positional argument is `learning_rate` (`SGD(0.1)`, `Adam(1e-3)` in every
 * tutorial): a number first, then the options; or the options alone.
 */
function withLearningRate<O extends { learningRate?: LearningRate }>(owner: string, learningRate: LearningRate | O | undefined, options: O | undefined): O | undefined {
  if (typeof learningRate !== "number" && !(learningRate instanceof LearningRateSchedule)) {
    if (options !== undefined) throw new TypeError(`${owner}: a second argument (options) needs a learning rate as the first; pass the options alone as the first argument`);
    return learningRate;
  }
  if (options !== null && typeof options === "object" && "learningRate" in options) {
    throw new TypeError(`${owner}: learningRate given twice (as the first argument and in the options)`);
  }
  return { ...(options ?? {}), learningRate } as O;
}

export interface SGDOptions extends ClippingOptions {
  learningRate?: LearningRate;
  momentum?: number;
  /** Nesterov momentum; with `momentum` 0 it is plain SGD, as in Keras. */
  nesterov?: boolean;
  weightDecay?: number;
}

export function SGD(learningRate?: LearningRate | SGDOptions, options?: SGDOptions): KerasSGDOptimizer | KerasMomentumOptimizer {
  const o = checkOptions("SGD", withLearningRate("SGD", learningRate, options), { learningRate: learningRateCheck, momentum: unit, nesterov: bool, ...WEIGHT_DECAY });
  const lr = initialRate(o.learningRate, 0.01);
  const momentum: number = o.momentum ?? 0;
  return withClipping("SGD", momentum > 0 ? new KerasMomentumOptimizer(lr, momentum, o.nesterov ?? false, o.weightDecay ?? 0) : new KerasSGDOptimizer(lr, o.weightDecay ?? 0), o);
}

export interface AdamOptions extends ClippingOptions {
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** AMSGrad: divide by the running maximum of the second moment. */
  amsgrad?: boolean;
  /** Keras's `weight_decay`: each step first shrinks a variable by `learningRate·weightDecay·variable`. */
  weightDecay?: number;
}
const ADAM_CHECKS = { learningRate: learningRateCheck, beta1: unit, beta2: unit, epsilon: positive, amsgrad: bool, ...WEIGHT_DECAY };

/** Keras 3's Adam: its update `m·α/(√v+ε)`, `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)` (not tfjs's), AMSGrad, weight decay. */
export function Adam(learningRate?: LearningRate | AdamOptions, options?: AdamOptions): KerasAdamOptimizer {
  const o = checkOptions("Adam", withLearningRate("Adam", learningRate, options), ADAM_CHECKS);
  return withClipping("Adam", new KerasAdamOptimizer(initialRate(o.learningRate, 0.001), o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7, { amsgrad: o.amsgrad ?? false, weightDecay: o.weightDecay ?? 0 }), o);
}

export type AdamWOptions = AdamOptions;

/** Keras 3's AdamW: Adam with decoupled weight decay, 0.004 unless `weightDecay` says otherwise. */
export function AdamW(learningRate?: LearningRate | AdamWOptions, options?: AdamWOptions): AdamWOptimizer {
  const o = checkOptions("AdamW", withLearningRate("AdamW", learningRate, options), ADAM_CHECKS);
  return withClipping("AdamW", new AdamWOptimizer(initialRate(o.learningRate, 0.001), o.weightDecay ?? 0.004, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7, o.amsgrad ?? false), o);
}

export interface RMSpropOptions extends ClippingOptions {
  learningRate?: LearningRate;
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
  weightDecay?: number;
}

export function RMSprop(learningRate?: LearningRate | RMSpropOptions, options?: RMSpropOptions): KerasRMSpropOptimizer {
  const o = checkOptions("RMSprop", withLearningRate("RMSprop", learningRate, options), { learningRate: learningRateCheck, rho: unit, momentum: unit, epsilon: positive, centered: bool, ...WEIGHT_DECAY });
  return withClipping("RMSprop", new KerasRMSpropOptimizer(initialRate(o.learningRate, 0.001), o.rho ?? 0.9, o.momentum ?? 0, o.epsilon ?? 1e-7, o.centered ?? false, o.weightDecay ?? 0), o);
}

export interface AdagradOptions extends ClippingOptions {
  learningRate?: LearningRate;
  initialAccumulatorValue?: number;
  /** Added to the accumulator under the square root (Keras's default 1e-7). */
  epsilon?: number;
  weightDecay?: number;
}

export function Adagrad(learningRate?: LearningRate | AdagradOptions, options?: AdagradOptions): KerasAdagradOptimizer {
  const o = checkOptions("Adagrad", withLearningRate("Adagrad", learningRate, options), { learningRate: learningRateCheck, initialAccumulatorValue: nonNegative, epsilon: positive, ...WEIGHT_DECAY });
  return withClipping("Adagrad", new KerasAdagradOptimizer(initialRate(o.learningRate, 0.001), o.initialAccumulatorValue ?? 0.1, o.epsilon ?? 1e-7, o.weightDecay ?? 0), o);
}

export interface AdamaxOptions extends ClippingOptions {
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

/** Keras 3's Adamax: Adam with the infinity norm. */
export function Adamax(learningRate?: LearningRate | AdamaxOptions, options?: AdamaxOptions): KerasAdamaxOptimizer {
  const o = checkOptions("Adamax", withLearningRate("Adamax", learningRate, options), { learningRate: learningRateCheck, beta1: unit, beta2: unit, epsilon: positive, ...WEIGHT_DECAY });
  return withClipping("Adamax", new KerasAdamaxOptimizer(initialRate(o.learningRate, 0.001), o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7, o.weightDecay ?? 0), o);
}

export type NadamOptions = AdamaxOptions;

/** Keras 3's Nadam: Adam with Nesterov momentum. */
export function Nadam(learningRate?: LearningRate | NadamOptions, options?: NadamOptions): KerasNadamOptimizer {
  const o = checkOptions("Nadam", withLearningRate("Nadam", learningRate, options), { learningRate: learningRateCheck, beta1: unit, beta2: unit, epsilon: positive, ...WEIGHT_DECAY });
  return withClipping("Nadam", new KerasNadamOptimizer(initialRate(o.learningRate, 0.001), o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7, o.weightDecay ?? 0), o);
}

export interface AdadeltaOptions extends ClippingOptions {
  learningRate?: LearningRate;
  rho?: number;
  epsilon?: number;
  weightDecay?: number;
}

/** Keras 3's Adadelta (Keras's learning rate 0.001, ρ 0.95, ε 1e-7). */
export function Adadelta(learningRate?: LearningRate | AdadeltaOptions, options?: AdadeltaOptions): KerasAdadeltaOptimizer {
  const o = checkOptions("Adadelta", withLearningRate("Adadelta", learningRate, options), { learningRate: learningRateCheck, rho: unit, epsilon: positive, ...WEIGHT_DECAY });
  return withClipping("Adadelta", new KerasAdadeltaOptimizer(initialRate(o.learningRate, 0.001), o.rho ?? 0.95, o.epsilon ?? 1e-7, o.weightDecay ?? 0), o);
}

export interface LionOptions extends ClippingOptions {
  learningRate?: LearningRate;
  /** In (0, 1]: at 0 Lion degenerates to SignSGD. */
  beta1?: number;
  beta2?: number;
  weightDecay?: number;
}

/** Keras 3's Lion: the sign of an interpolated momentum. */
export function Lion(learningRate?: LearningRate | LionOptions, options?: LionOptions): KerasLionOptimizer {
  const o = checkOptions("Lion", withLearningRate("Lion", learningRate, options), { learningRate: learningRateCheck, beta1: num(), beta2: unit, ...WEIGHT_DECAY });
  return withClipping("Lion", new KerasLionOptimizer(initialRate(o.learningRate, 0.001), o.beta1 ?? 0.9, o.beta2 ?? 0.99, o.weightDecay ?? 0), o);
}

export interface FtrlOptions extends ClippingOptions {
  learningRate?: LearningRate;
  /** ≤ 0: how the per-coordinate rate falls as the squared gradients accumulate (−0.5: as Adagrad). */
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  /** An L2 penalty on the gradient (a magnitude penalty), unlike the stabilization L2 above. */
  l2ShrinkageRegularizationStrength?: number;
  beta?: number;
  weightDecay?: number;
}

/** Keras 3's Ftrl: follow the regularized leader, as in sparse click-through models. */
export function Ftrl(learningRate?: LearningRate | FtrlOptions, options?: FtrlOptions): KerasFtrlOptimizer {
  // The settings' own ranges are checked by the class, with Keras's messages.
  const any = num();
  const o = checkOptions("Ftrl", withLearningRate("Ftrl", learningRate, options), {
    learningRate: learningRateCheck, learningRatePower: any, initialAccumulatorValue: any, l1RegularizationStrength: any,
    l2RegularizationStrength: any, l2ShrinkageRegularizationStrength: any, beta: any, ...WEIGHT_DECAY,
  });
  const { learningRatePower, initialAccumulatorValue, l1RegularizationStrength, l2RegularizationStrength, l2ShrinkageRegularizationStrength, beta } = o;
  const settings = Object.fromEntries(Object.entries({ learningRatePower, initialAccumulatorValue, l1RegularizationStrength, l2RegularizationStrength, l2ShrinkageRegularizationStrength, beta }).filter(([, v]) => v !== undefined));
  return withClipping("Ftrl", new KerasFtrlOptimizer(initialRate(o.learningRate, 0.001), settings, o.weightDecay ?? 0), o);
}

export interface AdafactorOptions extends ClippingOptions {
  learningRate?: LearningRate;
  /** The second moment's decay is 1 − t^beta2Decay at step t. */
  beta2Decay?: number;
  /** Added to the squared gradient. */
  epsilon1?: number;
  /** The least RMS a variable's step is scaled by. */
  epsilon2?: number;
  /** The update's RMS is clipped to this. */
  clipThreshold?: number;
  /** Cap a fixed learning rate at 1/√t. */
  relativeStep?: boolean;
  weightDecay?: number;
}

/** Keras 3's Adafactor: Adam-like steps with a factored second moment (memory O(n + m) per n×m weight). */
export function Adafactor(learningRate?: LearningRate | AdafactorOptions, options?: AdafactorOptions): KerasAdafactorOptimizer {
  const o = checkOptions("Adafactor", withLearningRate("Adafactor", learningRate, options), {
    learningRate: learningRateCheck, beta2Decay: num(-Infinity, 0), epsilon1: nonNegative, epsilon2: nonNegative, clipThreshold: positive, relativeStep: bool, ...WEIGHT_DECAY,
  });
  const { beta2Decay, epsilon1, epsilon2, clipThreshold, relativeStep } = o;
  const settings = Object.fromEntries(Object.entries({ beta2Decay, epsilon1, epsilon2, clipThreshold, relativeStep }).filter(([, v]) => v !== undefined));
  return withClipping("Adafactor", new KerasAdafactorOptimizer(initialRate(o.learningRate, 0.001), settings, o.weightDecay ?? 0), o);
}

const BY_NAME: Record<string, () => tf.Optimizer> = {
  sgd: () => SGD(),
  adam: () => Adam(),
  adamw: () => AdamW(),
  rmsprop: () => RMSprop(),
  adagrad: () => Adagrad(),
  adamax: () => Adamax(),
  nadam: () => Nadam(),
  adadelta: () => Adadelta(),
  lion: () => Lion(),
  ftrl: () => Ftrl(),
  adafactor: () => Adafactor(),
};

export type OptimizerName = "sgd" | "adam" | "adamw" | "rmsprop" | "adagrad" | "adamax" | "nadam" | "adadelta" | "lion" | "ftrl" | "adafactor";

/** An optimizer by Keras name (case-insensitive); an optimizer object passes through. */
export function get(identifier: OptimizerName | tf.Optimizer): tf.Optimizer {
  if (identifier instanceof tf.Optimizer) return identifier;
  const key = typeof identifier === "string" ? identifier.toLowerCase() : "";
  if (Object.prototype.hasOwnProperty.call(BY_NAME, key)) return BY_NAME[key]();
  throw new RangeError(`optimizer: unknown optimizer ${JSON.stringify(identifier)}; accepted: ${Object.keys(BY_NAME).join(", ")}, or an optimizer object`);
}

/**
 * Keras's `optimizer.learning_rate`: the current rate, a schedule's value at the optimizer's
 * step count where it has one.
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const lr = baseStepsOf(optimizer).currentLearningRate(optimizer);
  if (typeof lr !== "number") throw new TypeError(`optimizer ${optimizer.getClassName()} has no numeric learningRate`);
  return lr;
}

/** Sets an optimizer's learning rate; refused, as in Keras, where a schedule sets it. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (baseStepsOf(optimizer).learningRateSchedule !== null) {
    throw new TypeError(
      `${optimizer.getClassName()}: This optimizer was created with a \`LearningRateSchedule\` object as its \`learning_rate\` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a float \`learning_rate\` argument.`,
    );
  }
  assignLearningRate(optimizer, lr);
}
