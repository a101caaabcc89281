/**
 * Keras 3's activation layers (keras/src/layers/activations/: relu.py, leaky_relu.py, prelu.py,
 * elu.py, softmax.py), registered under Keras's class names in place of tfjs's, so saved models
 * (Keras's configs and tfjs's own) load into these. tfjs's classes cannot honour Keras's options:
 * its ReLU takes only `maxValue`, its LeakyReLU calls the slope `alpha`, its ELU refuses any
 * alpha but 1, its Softmax defaults to axis 1 and adds −1e9·(1 − mask) without zeroing masked
 * outputs, and its PReLU pins the shared axes' sizes in its input spec. The math is the
 * activations' own (`activation_ops.ts`, `softmax_axes.ts`).
 *
 * A weightless layer is built when made, as Keras's `_build_at_init`. Options are checked in the
 * constructors, so `fromConfig` (loading a model) checks them as the factories do.
 */
import * as tf from "@tensorflow/tfjs";
import { elu, leakyRelu, relu } from "../activations/activation_ops.js";
import { normalizeAxes, softmaxOverAxes } from "../activations/softmax_axes.js";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { constraint, initializer, regularizer, type OptionCheck } from "./options.js";
import type { Constraint, Initializer, Regularizer } from "./core.js";

type Kwargs = { mask?: tf.Tensor | tf.Tensor[] | null } & Record<string, unknown>;
type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];

const one = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);
const show = (v: unknown): string => (v === null || v === undefined ? "null" : typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(show).join(", ")}]` : String(v));
const shapeText = (s: readonly (number | null)[]): string => `[${s.map((d) => (d === null ? "null" : d)).join(", ")}]`;

function numberOrThrow(owner: string, key: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${owner}: \`${key}\` must be a number; got ${show(v)}`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// ReLU

export interface ReLUArgs {
  maxValue?: number | null;
  negativeSlope?: number;
  threshold?: number;
}

/** Keras's ReLU checks, with its messages (our option names): max_value ≥ 0 or null, negative_slope and threshold ≥ 0, never null. */
function checkReLUArgs(args: ReLUArgs): Required<ReLUArgs> {
  const { maxValue = null, negativeSlope = 0, threshold = 0 } = args;
  if (maxValue !== null) {
    numberOrThrow("ReLU", "maxValue", maxValue);
    if (maxValue < 0) throw new RangeError(`ReLU: maxValue of a ReLU layer cannot be a negative value. Received: maxValue=${maxValue}`);
  }
  if (negativeSlope === null || (typeof negativeSlope === "number" && negativeSlope < 0)) {
    throw new RangeError(`ReLU: negativeSlope of a ReLU layer cannot be null or a negative value. Received: negativeSlope=${show(negativeSlope)}`);
  }
  numberOrThrow("ReLU", "negativeSlope", negativeSlope);
  if (threshold === null || (typeof threshold === "number" && threshold < 0)) {
    throw new RangeError(`ReLU: threshold of a ReLU layer cannot be null or a negative value. Received: threshold=${show(threshold)}`);
  }
  numberOrThrow("ReLU", "threshold", threshold);
  return { maxValue, negativeSlope, threshold };
}

export class ReLULayer extends tf.layers.Layer {
  static className = "ReLU";
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs & LayerArgs = {}) {
    const { maxValue, negativeSlope, threshold, ...base } = args;
    super(base);
    const checked = checkReLUArgs({ maxValue, negativeSlope, threshold });
    this.maxValue = checked.maxValue;
    this.negativeSlope = checked.negativeSlope;
    this.threshold = checked.threshold;
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return relu(one(inputs), this.negativeSlope, this.maxValue, this.threshold);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

// ---------------------------------------------------------------------------------------------
// LeakyReLU

export interface LeakyReLUArgs {
  negativeSlope?: number;
  /** Keras 2's (and tfjs's) name of `negativeSlope`; given, it wins, as in Keras. */
  alpha?: number;
}

export class LeakyReLULayer extends tf.layers.Layer {
  static className = "LeakyReLU";
  readonly negativeSlope: number;

  constructor(args: LeakyReLUArgs & LayerArgs = {}) {
    const { negativeSlope: given = 0.3, alpha, ...base } = args;
    super(base);
    // Keras pops `alpha` from kwargs over `negative_slope`: Keras 2's and tfjs's configs say alpha.
    const negativeSlope = alpha !== undefined ? alpha : given;
    if (negativeSlope === null || (typeof negativeSlope === "number" && negativeSlope < 0)) {
      throw new RangeError(`LeakyReLU: The negativeSlope value of a Leaky ReLU layer cannot be null or negative value. Expected a float. Received: negativeSlope=${show(negativeSlope)}`);
    }
    this.negativeSlope = numberOrThrow("LeakyReLU", alpha !== undefined ? "alpha" : "negativeSlope", negativeSlope);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return leakyRelu(one(inputs), this.negativeSlope);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

// ---------------------------------------------------------------------------------------------
// PReLU

export interface PReLUArgs {
  alphaInitializer?: unknown;
  alphaRegularizer?: unknown;
  alphaConstraint?: unknown;
  sharedAxes?: number | number[] | null;
}

function checkSharedAxes(v: unknown): number[] | null {
  if (v === null || v === undefined) return null;
  const axes = typeof v === "number" ? [v] : v;
  if (!Array.isArray(axes) || !axes.every((a) => Number.isInteger(a) && a >= 1)) {
    throw new RangeError(`PReLU: \`sharedAxes\` must be an axis ≥ 1 (axis 0 is the batch) or a list of them; got ${show(v)}`);
  }
  return [...axes];
}

/** tfjs's PReLU class (tfjs exports the factory): its constructor resolves the initializer, regularizer and constraint, and its config serialises them. */
const TfPReLUClass = tf.layers.prelu().constructor as new (args: Record<string, unknown>) => tf.layers.Layer;

export class PReLULayer extends TfPReLUClass {
  static className = "PReLU";
  declare readonly sharedAxes: number[] | null;
  declare alpha: tf.LayerVariable;
  declare alphaInitializer: unknown;
  declare alphaRegularizer: unknown;
  declare alphaConstraint: unknown;

  constructor(args: PReLUArgs & LayerArgs = {}) {
    super({ ...args, sharedAxes: checkSharedAxes(args.sharedAxes) });
    this.supportsMasking = true;
  }

  /** Keras's build: alpha is the input's shape less the batch, 1 on each shared axis; the input spec pins only the other axes. */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const paramShape = shape.slice(1);
    for (const axis of this.sharedAxes ?? []) {
      if (axis >= shape.length) throw new RangeError(`PReLU: \`sharedAxes\` ${axis} is outside a rank-${shape.length} input (axes 1..${shape.length - 1})`);
      paramShape[axis - 1] = 1;
    }
    if (paramShape.some((d) => d === null)) {
      throw new RangeError(`PReLU: alpha's shape ${shapeText(paramShape)} has a free dimension (input shape ${shapeText(shape)}); share that axis (\`sharedAxes\`) or give the input its size`);
    }
    this.alpha = this.addWeight("alpha", paramShape as number[], "float32", this.alphaInitializer as any, this.alphaRegularizer as any, true, this.alphaConstraint as any);
    const axes: Record<number, number> = {};
    if (this.sharedAxes && this.sharedAxes.length > 0) {
      for (let i = 1; i < shape.length; i++) if (!this.sharedAxes.includes(i) && shape[i] !== null) axes[i] = shape[i] as number;
    }
    this.inputSpec = [{ ndim: shape.length, axes }];
    this.built = true;
  }

  /** Keras's `relu(x) − alpha · relu(−x)`: plain ops on every backend, gradients to alpha included. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs);
      return tf.sub(tf.relu(x), tf.mul(this.alpha.read(), tf.relu(tf.neg(x))));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

// ---------------------------------------------------------------------------------------------
// ELU

export interface ELUArgs {
  alpha?: number;
}

export class ELULayer extends tf.layers.Layer {
  static className = "ELU";
  readonly alpha: number;

  constructor(args: ELUArgs & LayerArgs = {}) {
    const { alpha = 1, ...base } = args;
    super(base);
    this.alpha = numberOrThrow("ELU", "alpha", alpha);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return elu(one(inputs), this.alpha);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** Keras's ELU leaves `alpha` out of its config (so a saved ELU(0.7) loads as ELU(1)); ours keeps it, as tfjs's does, and Keras's from_config takes it. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

// ---------------------------------------------------------------------------------------------
// Softmax

export interface SoftmaxArgs {
  axis?: number | number[];
}

function checkSoftmaxAxis(v: unknown): number | number[] {
  const ok = (a: unknown) => Number.isInteger(a);
  if (ok(v)) return v as number;
  if (Array.isArray(v) && v.length > 0 && v.every(ok)) return [...v];
  throw new RangeError(`Softmax: \`axis\` must be an integer or a non-empty list of integers; got ${show(v)}`);
}

/** Keras's `_large_negative_number` for float32 (tfjs computes layers in float32). */
const LARGE_NEGATIVE = -1e9;

export class SoftmaxLayer extends tf.layers.Layer {
  static className = "Softmax";
  readonly axis: number | number[];

  constructor(args: SoftmaxArgs & LayerArgs = {}) {
    const { axis = -1, ...base } = args;
    super(base);
    this.axis = checkSoftmaxAxis(axis);
    this.supportsMasking = true;
    this.built = true;
  }

  /**
   * Keras's call: a mask (bool, or numbers kept where > 0.5) broadcastable to the inputs puts a
   * large negative at masked positions before the softmax and zeroes them after, so a fully
   * masked axis gives zeros rather than a uniform distribution. In a model the mask is the one
   * the input carries (Embedding(maskZero), Masking, ...), as Keras passes it.
   */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs = {}): tf.Tensor {
    return tf.tidy(() => {
      let x = one(inputs);
      const axes = normalizeAxes("Softmax", this.axis, x.rank);
      const given = kwargs.mask;
      const mask = given == null ? null : Array.isArray(given) ? given[0] ?? null : given;
      if (mask === null) return softmaxOverAxes(x, axes);
      checkMaskShape(x.shape, mask.shape);
      const keep = mask.dtype === "bool" ? mask : tf.greater(mask, 0.5);
      x = tf.where(keep, x, tf.scalar(LARGE_NEGATIVE, x.dtype));
      return tf.where(keep, softmaxOverAxes(x, axes), tf.scalar(0, x.dtype));
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Keras's checks: no more dimensions than the inputs, and each trailing dimension 1 or the input's. */
function checkMaskShape(inputShape: readonly number[], maskShape: readonly number[]): void {
  const received = `Received: inputs.shape=${shapeText(inputShape)}, mask.shape=${shapeText(maskShape)}`;
  if (maskShape.length > inputShape.length) {
    throw new RangeError(`Softmax: The \`mask\` must be broadcastable to \`inputs\` and must not have more dimensions. ${received}`);
  }
  for (let i = 1; i <= maskShape.length; i++) {
    const m = maskShape[maskShape.length - i]!;
    if (m !== 1 && m !== inputShape[inputShape.length - i]) {
      throw new RangeError(`Softmax: The \`mask\` must be broadcastable to \`inputs\`. Each mask dimension must be 1 or match the corresponding input dimension. ${received}`);
    }
  }
}

for (const cls of [ReLULayer, LeakyReLULayer, PReLULayer, ELULayer, SoftmaxLayer]) tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

// ---------------------------------------------------------------------------------------------
// keras.layers factories

export interface ReLUOptions extends BaseLayerOptions {
  /** ≥ 0; `null` (the default) is no cap. */
  maxValue?: number | null;
  /** ≥ 0, default 0. */
  negativeSlope?: number;
  /** ≥ 0, default 0. */
  threshold?: number;
}

export interface LeakyReLUOptions extends BaseLayerOptions {
  /** ≥ 0, default 0.3. */
  negativeSlope?: number;
  /** @deprecated Keras 2's name of `negativeSlope` (Keras 3 warns and takes it). */
  alpha?: number;
}

export interface PReLUOptions extends BaseLayerOptions {
  /** Default "zeros". */
  alphaInitializer?: Initializer;
  alphaRegularizer?: Regularizer | null;
  alphaConstraint?: Constraint | null;
  /** Axes (1 is the first after the batch) along which alpha is one value, e.g. [1, 2] for one alpha per channel of an image. */
  sharedAxes?: number | number[] | null;
}

export interface ELUOptions extends BaseLayerOptions {
  /** Scale of the negative part, default 1. */
  alpha?: number;
}

export interface SoftmaxOptions extends BaseLayerOptions {
  /** The axis, or axes, normalised over; default -1. */
  axis?: number | number[];
}

/** The constructors check values (they also serve loading); the factories check names and pass values on. */
const passed: OptionCheck = (v) => v;
const orNull = (check: OptionCheck): OptionCheck => (v, where) => (v === null ? null : check(v, where));

/** `ReLU({ maxValue, negativeSlope, threshold })`: Keras's thresholded, capped, leaky ReLU. */
export function ReLU(options?: ReLUOptions): ReLULayer {
  return makeLayer("ReLU", "re_lu", options, { maxValue: passed, negativeSlope: passed, threshold: passed }, (a) => new ReLULayer(a));
}

/** `LeakyReLU({ negativeSlope })`, default slope 0.3. */
export function LeakyReLU(options?: LeakyReLUOptions): LeakyReLULayer {
  if (options?.alpha !== undefined) console.warn("LeakyReLU: Argument `alpha` is deprecated. Use `negativeSlope` instead.");
  return makeLayer("LeakyReLU", "leaky_re_lu", options, { negativeSlope: passed, alpha: passed }, (a) => new LeakyReLULayer(a));
}

/** `PReLU({ alphaInitializer, alphaRegularizer, alphaConstraint, sharedAxes })`: a leaky ReLU with a learned slope per position (weight "alpha"). */
export function PReLU(options?: PReLUOptions): PReLULayer {
  const checks = { alphaInitializer: initializer, alphaRegularizer: orNull(regularizer), alphaConstraint: orNull(constraint), sharedAxes: passed };
  return makeLayer("PReLU", "p_re_lu", options, checks, (a) => new PReLULayer(a));
}

/** `ELU({ alpha })`: x for x > 0, alpha · (eˣ − 1) otherwise. */
export function ELU(options?: ELUOptions): ELULayer {
  return makeLayer("ELU", "elu", options, { alpha: passed }, (a) => new ELULayer(a));
}

/** `Softmax({ axis })`; `apply(x, { mask })` (or the input's mask in a model) zeroes masked positions. */
export function Softmax(options?: SoftmaxOptions): SoftmaxLayer {
  return makeLayer("Softmax", "softmax", options, { axis: passed }, (a) => new SoftmaxLayer(a));
}
