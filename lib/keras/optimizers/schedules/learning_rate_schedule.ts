/**
 * Keras 3's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py):
 * a schedule maps the optimizer's step count to a learning rate, and any optimizer takes one as
 * its learning rate (`keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(...))`).
 *
 * Keras evaluates a schedule on tensors; the step is a number on the host here (the optimizer
 * counts its steps in JavaScript), so `call(step)` is plain arithmetic in float64 and a schedule
 * costs the device nothing. Each class keeps Keras's positional order for its required
 * arguments, then an options object; its config is Keras's, in camelCase, and round-trips.
 * Schedules are tfjs serializables: `serialize`/`deserialize` use Keras's
 * `{module, class_name, config}` form and find a class by its registered name, so a user's own
 * subclass registered with `tf.serialization.registerClass` saves and loads too.
 */
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, nullable, num, str } from "../../layers/options.js";

type Config = tf.serialization.ConfigDict;

const finite = num();
const positive = num(0, Infinity, { minExclusive: true });
const nonNegative = num(0);

/** Keras's `LearningRateSchedule`: subclasses define `call(step)` and `getConfig()`. */
export abstract class LearningRateSchedule extends tf.serialization.Serializable {
  /** The learning rate at optimizer step `step` (0 for the first update). */
  abstract call(step: number): number;

  override getConfig(): Config {
    throw new Error(`Learning rate schedule '${this.getClassName()}' must override \`getConfig()\` in order to be serializable.`);
  }
}

function checkSteps(owner: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${owner}: Argument \`${name}\` must be > 0. Received: ${name}=${String(value)}`);
  }
  return value;
}

function checkNumber(owner: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${owner}: \`${name}\` must be a finite number; got ${String(value)}`);
  }
  return value;
}

export interface ExponentialDecayOptions {
  /** Decay at whole multiples of `decaySteps` (an integer division). */
  staircase?: boolean;
  name?: string;
}

/** `initialLearningRate · decayRate^(step / decaySteps)` (the exponent floored with `staircase`). */
export class ExponentialDecay extends LearningRateSchedule {
  static readonly className = "ExponentialDecay";
  readonly staircase: boolean;
  readonly name: string;
  constructor(readonly initialLearningRate: number, readonly decaySteps: number, readonly decayRate: number, options?: ExponentialDecayOptions) {
    super();
    const o = checkOptions("ExponentialDecay", options, { staircase: bool, name: str });
    checkNumber("ExponentialDecay", "initialLearningRate", initialLearningRate);
    checkSteps("ExponentialDecay", "decaySteps", decaySteps);
    checkNumber("ExponentialDecay", "decayRate", decayRate);
    this.staircase = o.staircase ?? false;
    this.name = o.name ?? "ExponentialDecay";
  }
  override call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * Math.pow(this.decayRate, p);
  }
  override getConfig(): Config {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase, name: this.name };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    return new (cls as unknown as typeof ExponentialDecay)(c.initialLearningRate as number, c.decaySteps as number, c.decayRate as number, { staircase: c.staircase as boolean, name: c.name as string }) as unknown as T;
  }
}

/** `values[0]` while `step ≤ boundaries[0]`, `values[i]` while `step ≤ boundaries[i]`, then `values[last]`. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static readonly className = "PiecewiseConstantDecay";
  readonly name: string;
  readonly boundaries: number[];
  readonly values: number[];
  constructor(boundaries: number[], values: number[], options?: { name?: string }) {
    super();
    const o = checkOptions("PiecewiseConstantDecay", options, { name: str });
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
      throw new RangeError(
        `PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. Received: boundaries=${JSON.stringify(boundaries)} of length ${boundaries?.length}, and values=${JSON.stringify(values)} of length ${values?.length}.`,
      );
    }
    boundaries.forEach((b, i) => checkNumber("PiecewiseConstantDecay", `boundaries[${i}]`, b));
    values.forEach((v, i) => checkNumber("PiecewiseConstantDecay", `values[${i}]`, v));
    for (let i = 1; i < boundaries.length; i++) {
      if (!(boundaries[i]! > boundaries[i - 1]!)) throw new RangeError(`PiecewiseConstantDecay: \`boundaries\` must be strictly increasing; got ${JSON.stringify(boundaries)}`);
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
    this.name = o.name ?? "PiecewiseConstant";
  }
  override call(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i]!;
  }
  override getConfig(): Config {
    return { boundaries: [...this.boundaries], values: [...this.values], name: this.name };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    return new (cls as unknown as typeof PiecewiseConstantDecay)(c.boundaries as number[], c.values as number[], { name: c.name as string }) as unknown as T;
  }
}

export interface PolynomialDecayOptions {
  /** The rate reached at `decaySteps` (Keras's default 1e-4). */
  endLearningRate?: number;
  power?: number;
  /** Past `decaySteps`, decay again over the next multiple of it. */
  cycle?: boolean;
  name?: string;
}

/** `(initial − end)·(1 − step/decaySteps)^power + end`, with step capped at `decaySteps` (or cycling). */
export class PolynomialDecay extends LearningRateSchedule {
  static readonly className = "PolynomialDecay";
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;
  /** Keras's third positional argument, `end_learning_rate`, may come as a number before the options. */
  constructor(readonly initialLearningRate: number, readonly decaySteps: number, endLearningRate?: number | PolynomialDecayOptions, options?: PolynomialDecayOptions) {
    super();
    const given = typeof endLearningRate === "number" ? { ...(options ?? {}), endLearningRate } : (endLearningRate ?? options);
    const o = checkOptions("PolynomialDecay", given, { endLearningRate: finite, power: finite, cycle: bool, name: str });
    checkNumber("PolynomialDecay", "initialLearningRate", initialLearningRate);
    checkSteps("PolynomialDecay", "decaySteps", decaySteps);
    this.endLearningRate = o.endLearningRate ?? 0.0001;
    this.power = o.power ?? 1.0;
    this.cycle = o.cycle ?? false;
    this.name = o.name ?? "PolynomialDecay";
  }
  override call(step: number): number {
    let decaySteps = this.decaySteps;
    let s = step;
    if (this.cycle) decaySteps *= s === 0 ? 1 : Math.ceil(s / this.decaySteps);
    else s = Math.min(s, decaySteps);
    const p = s / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * Math.pow(1 - p, this.power) + this.endLearningRate;
  }
  override getConfig(): Config {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, endLearningRate: this.endLearningRate, power: this.power, cycle: this.cycle, name: this.name };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    const { initialLearningRate, decaySteps, ...rest } = c as Record<string, never>;
    return new (cls as unknown as typeof PolynomialDecay)(initialLearningRate, decaySteps, rest) as unknown as T;
  }
}

/** `initialLearningRate / (1 + decayRate · step / decaySteps)` (the ratio floored with `staircase`). */
export class InverseTimeDecay extends LearningRateSchedule {
  static readonly className = "InverseTimeDecay";
  readonly staircase: boolean;
  readonly name: string;
  constructor(readonly initialLearningRate: number, readonly decaySteps: number, readonly decayRate: number, options?: ExponentialDecayOptions) {
    super();
    const o = checkOptions("InverseTimeDecay", options, { staircase: bool, name: str });
    checkNumber("InverseTimeDecay", "initialLearningRate", initialLearningRate);
    checkSteps("InverseTimeDecay", "decaySteps", decaySteps);
    checkNumber("InverseTimeDecay", "decayRate", decayRate);
    this.staircase = o.staircase ?? false;
    this.name = o.name ?? "InverseTimeDecay";
  }
  override call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate / (1 + this.decayRate * p);
  }
  override getConfig(): Config {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase, name: this.name };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    return new (cls as unknown as typeof InverseTimeDecay)(c.initialLearningRate as number, c.decaySteps as number, c.decayRate as number, { staircase: c.staircase as boolean, name: c.name as string }) as unknown as T;
  }
}

export interface CosineDecayOptions {
  /** The floor of the decay, as a fraction of the rate it decays from. */
  alpha?: number;
  name?: string;
  /** Warm up linearly from `initialLearningRate` to this over `warmupSteps`, then decay from it. */
  warmupTarget?: number | null;
  warmupSteps?: number;
}

const cosineDecayed = (completedFraction: number, alpha: number) => (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * completedFraction)) + alpha;

/** Loshchilov & Hutter's cosine decay over `decaySteps`, after an optional linear warm-up (Goyal et al.). */
export class CosineDecay extends LearningRateSchedule {
  static readonly className = "CosineDecay";
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  /** Keras's third positional argument, `alpha`, may come as a number before the options. */
  constructor(readonly initialLearningRate: number, readonly decaySteps: number, alpha?: number | CosineDecayOptions, options?: CosineDecayOptions) {
    super();
    const given = typeof alpha === "number" ? { ...(options ?? {}), alpha } : (alpha ?? options);
    const o = checkOptions("CosineDecay", given, { alpha: finite, name: str, warmupTarget: nullable(finite), warmupSteps: nonNegative });
    checkNumber("CosineDecay", "initialLearningRate", initialLearningRate);
    checkSteps("CosineDecay", "decaySteps", decaySteps);
    this.alpha = o.alpha ?? 0;
    this.name = o.name ?? "CosineDecay";
    this.warmupTarget = o.warmupTarget ?? null;
    this.warmupSteps = o.warmupSteps ?? 0;
  }
  override call(step: number): number {
    if (this.warmupTarget === null) return this.initialLearningRate * cosineDecayed(Math.min(step, this.decaySteps) / this.decaySteps, this.alpha);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    return this.warmupTarget * cosineDecayed((s - this.warmupSteps) / this.decaySteps, this.alpha);
  }
  override getConfig(): Config {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, alpha: this.alpha, name: this.name, warmupTarget: this.warmupTarget, warmupSteps: this.warmupSteps };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    const { initialLearningRate, decaySteps, ...rest } = c as Record<string, never>;
    return new (cls as unknown as typeof CosineDecay)(initialLearningRate, decaySteps, rest) as unknown as T;
  }
}

export interface CosineDecayRestartsOptions {
  /** Each period is this many times longer than the one before. */
  tMul?: number;
  /** Each period starts at this many times the rate the one before started at. */
  mMul?: number;
  alpha?: number;
  name?: string;
}

/** SGDR: cosine decay over `firstDecaySteps`, then warm restarts of `tMul`× the length and `mMul`× the rate. */
export class CosineDecayRestarts extends LearningRateSchedule {
  static readonly className = "CosineDecayRestarts";
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  readonly name: string;
  constructor(readonly initialLearningRate: number, readonly firstDecaySteps: number, options?: CosineDecayRestartsOptions) {
    super();
    const o = checkOptions("CosineDecayRestarts", options, { tMul: positive, mMul: finite, alpha: finite, name: str });
    checkNumber("CosineDecayRestarts", "initialLearningRate", initialLearningRate);
    checkSteps("CosineDecayRestarts", "firstDecaySteps", firstDecaySteps);
    this.tMul = o.tMul ?? 2.0;
    this.mMul = o.mMul ?? 1.0;
    this.alpha = o.alpha ?? 0;
    this.name = o.name ?? "SGDRDecay";
  }
  override call(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods of length 1, t, t², ...: the restart is the largest i with (1 − tⁱ)/(1 − t) ≤ fraction.
      restart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const elapsed = (1 - Math.pow(this.tMul, restart)) / (1 - this.tMul);
      fraction = (fraction - elapsed) / Math.pow(this.tMul, restart);
    }
    const decayed = 0.5 * Math.pow(this.mMul, restart) * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * decayed + this.alpha);
  }
  override getConfig(): Config {
    return { initialLearningRate: this.initialLearningRate, firstDecaySteps: this.firstDecaySteps, tMul: this.tMul, mMul: this.mMul, alpha: this.alpha, name: this.name };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: Config): T {
    const { initialLearningRate, firstDecaySteps, ...rest } = c as Record<string, never>;
    return new (cls as unknown as typeof CosineDecayRestarts)(initialLearningRate, firstDecaySteps, rest) as unknown as T;
  }
}

for (const cls of [ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts]) {
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/** Keras's serialized form of a schedule, as an optimizer's config keeps its learning rate. */
export interface SerializedSchedule {
  module: "keras.optimizers.schedules";
  class_name: string;
  config: Config;
  registered_name: string | null;
}

/** Keras's `keras.optimizers.schedules.serialize`. */
export function serialize(schedule: LearningRateSchedule): SerializedSchedule {
  if (!(schedule instanceof LearningRateSchedule)) throw new TypeError(`schedules.serialize: expected a LearningRateSchedule; got ${String(schedule)}`);
  const className = schedule.getClassName();
  const builtin = [ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts].some((c) => c.className === className);
  return { module: "keras.optimizers.schedules", class_name: className, config: schedule.getConfig(), registered_name: builtin ? null : className };
}

/** Whether an optimizer config's `learningRate` is a serialized schedule. */
export function isSerializedSchedule(value: unknown): value is SerializedSchedule {
  return typeof value === "object" && value !== null && typeof (value as { class_name?: unknown }).class_name === "string" && typeof (value as { config?: unknown }).config === "object";
}

/** Keras's `keras.optimizers.schedules.deserialize`: a built-in or a class registered with tfjs. */
export function deserialize(config: SerializedSchedule | { className: string; config: Config }): LearningRateSchedule {
  const className = "class_name" in config ? (config.registered_name ?? config.class_name) : config.className;
  const cls = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (cls === undefined) throw new RangeError(`schedules.deserialize: unknown learning rate schedule "${className}" (register a custom one with tf.serialization.registerClass)`);
  const schedule = cls[1](cls[0], config.config);
  if (!(schedule instanceof LearningRateSchedule)) throw new TypeError(`schedules.deserialize: "${className}" is not a LearningRateSchedule`);
  return schedule;
}
