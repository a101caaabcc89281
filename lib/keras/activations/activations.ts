/**
 * `keras.activations`: Keras 3's activation functions (keras/src/activations/activations.py),
 * by Keras's names in camelCase, Keras's positional order, keyword arguments as one options
 * object:
 *
 *     keras.activations.relu(x, { negativeSlope: 0.5, maxValue: 5 })
 *     keras.activations.softmax(x, { axis: [1, 2] })
 *     keras.activations.threshold(x, 0, -1)
 *     keras.layers.Dense(8, { activation: keras.activations.gelu })   // saved as "gelu"
 *
 * A tensor (or nested numbers) gives a tensor. A symbolic tensor (`keras.Input`, a layer's
 * output) gives a symbolic tensor, as Keras builds an op: with Keras's defaults through
 * `layers.Activation(name)` (saved by name), with arguments through a `Lambda` (which runs, but
 * cannot be saved, as a Python lambda cannot). Each function is also what a layer's `activation`
 * accepts: a built-in passed as a function is its Keras name (builtin_names.ts), so the layer
 * runs tfjs's registered kernel for it and saves the name.
 */
import * as tf from "@tensorflow/tfjs";
import * as ops from "./activation_ops.js";
import { nameBuiltinActivation } from "./builtin_names.js";
import { normalizeAxes } from "./softmax_axes.js";
import { Activation as ActivationLayer } from "../layers/core.js";
import { Lambda } from "../layers/lambda.js";
import { bool, checkOptions, num, nullable, type OptionCheck } from "../layers/options.js";

/** What an activation takes: a tensor, nested numbers, or a symbolic tensor. */
export type ActivationInput = tf.Tensor | tf.TensorLike;

/** A Keras activation: tensor in, tensor out; symbolic in, symbolic out; the rest of Keras's arguments after `x`. */
export interface KerasActivation<A extends unknown[] = []> {
  (x: tf.SymbolicTensor, ...args: A): tf.SymbolicTensor;
  (x: ActivationInput, ...args: A): tf.Tensor;
  /** Keras's name (snake_case), as `serialize` writes it. */
  readonly kerasName: string;
}

export interface ReluOptions {
  /** Slope below the threshold. Default 0. */
  negativeSlope?: number;
  /** The largest value returned; null (default) for none. */
  maxValue?: number | null;
  /** Values at or below it are damped (or zeroed). Default 0. */
  threshold?: number;
}
export interface NegativeSlopeOptions {
  /** Default 0.2. */
  negativeSlope?: number;
}
export interface AxisOptions {
  /** The axis (or, for softmax and log_softmax, axes) normalised over. Default -1. */
  axis?: number;
}
export interface AxesOptions {
  axis?: number | number[];
}
export interface AlphaOptions {
  /** Default 1. */
  alpha?: number;
}
export interface ThresholdOptions {
  /** Default 0.5. */
  threshold?: number;
}
export interface SquareplusOptions {
  /** Smoothness. Default 4. */
  b?: number;
}
export interface GeluOptions {
  /** The tanh approximation instead of the exact erf form. Default false. */
  approximate?: boolean;
}

const finite = num();
const integer = num(-Infinity, Infinity, { integer: true });
const axes: OptionCheck = (v, where) => {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.every((a) => Number.isInteger(a))) return v;
  throw new TypeError(`${where} must be an integer or a non-empty array of integers; got ${JSON.stringify(v)}`);
};

function toTensor(owner: string, x: unknown): tf.Tensor {
  if (x instanceof tf.Tensor) return x;
  if (typeof x === "number" || Array.isArray(x) || ArrayBuffer.isView(x)) return tf.tensor(x as tf.TensorLike);
  throw new TypeError(`${owner}: \`x\` must be a tensor, a symbolic tensor or (nested) numbers; got ${x === null ? "null" : typeof x}`);
}

function isSymbolic(x: unknown): x is tf.SymbolicTensor {
  return x instanceof tf.SymbolicTensor;
}

interface Definition<A extends unknown[]> {
  /** Keras's name, e.g. "leaky_relu". */
  name: string;
  /** Validates the arguments after `x` (throwing with the function's name); returns them checked. */
  check(owner: string, args: A): A;
  /** True when the checked arguments are Keras's defaults, so the layer form is the name. */
  isDefault(args: A): boolean;
  run(x: tf.Tensor, args: A): tf.Tensor;
  /** A symbolic input's check before any layer is made (shape-dependent errors); may be absent. */
  checkShape?(owner: string, shape: tf.Shape, args: A): void;
  /** The output shape of a symbolic call when it differs from the input's. */
  outputShape?(shape: tf.Shape, args: A): tf.Shape;
  /** Whether the default form can run as `layers.Activation(name)`; glu and threshold cannot. */
  hasLayerForm: boolean;
}

function define<A extends unknown[]>(d: Definition<A>): KerasActivation<A> {
  const owner = `keras.activations.${d.name}`;
  const fn = (x: unknown, ...rawArgs: A): tf.Tensor | tf.SymbolicTensor => {
    const args = d.check(owner, rawArgs);
    if (isSymbolic(x)) {
      d.checkShape?.(owner, x.shape, args);
      if (d.hasLayerForm && d.isDefault(args)) return ActivationLayer(d.name as never).apply(x);
      const outputShape = d.outputShape;
      return Lambda((t: tf.Tensor) => d.run(t, args), outputShape ? { outputShape: (s) => outputShape(s as tf.Shape, args) } : {}).apply(x);
    }
    const t = toTensor(owner, x);
    d.checkShape?.(owner, t.shape, args);
    if (t === x) return d.run(t, args);
    return tf.tidy(() => d.run(t, args));
  };
  Object.defineProperty(fn, "name", { value: d.name });
  Object.defineProperty(fn, "kerasName", { value: d.name, enumerable: true });
  nameBuiltinActivation(fn, d.name);
  return fn as unknown as KerasActivation<A>;
}

/** An activation of `x` alone. */
function plain(name: string, run: (x: tf.Tensor) => tf.Tensor): KerasActivation<[]> {
  return define<[]>({
    name,
    check: (owner, args) => {
      if (args.length > 0) throw new TypeError(`${owner} takes only \`x\`; got ${args.length} more argument(s)`);
      return args;
    },
    isDefault: () => true,
    run: (x) => run(x),
    hasLayerForm: true,
  });
}

/** An activation of `x` and one options object, each option with Keras's default. */
function withOptions<O extends object>(name: string, checks: Record<string, OptionCheck>, defaults: Required<O>, run: (x: tf.Tensor, o: Required<O>) => tf.Tensor, extra: Partial<Definition<[O?]>> = {}): KerasActivation<[options?: O]> {
  return define<[O?]>({
    name,
    check: (owner, args) => {
      if (args.length > 1) throw new TypeError(`${owner} takes \`x\` and one options object; got ${args.length} more arguments`);
      return [{ ...defaults, ...checkOptions(owner, args[0], checks) } as O];
    },
    isDefault: ([o]) => Object.entries(defaults).every(([k, v]) => JSON.stringify((o as Record<string, unknown>)[k]) === JSON.stringify(v)),
    run: (x, [o]) => run(x, o as Required<O>),
    hasLayerForm: true,
    ...extra,
  });
}

/** `max(x, 0)`, or with Keras's `negative_slope`, `max_value` and `threshold`. */
export const relu = withOptions<ReluOptions>(
  "relu",
  { negativeSlope: finite, maxValue: nullable(num(0)), threshold: finite },
  { negativeSlope: 0, maxValue: null, threshold: 0 },
  (x, o) => ops.relu(x, o.negativeSlope, o.maxValue, o.threshold),
);
/** `x` above 0, `negativeSlope · x` below (default 0.2). */
export const leakyRelu = withOptions<NegativeSlopeOptions>("leaky_relu", { negativeSlope: finite }, { negativeSlope: 0.2 }, (x, o) => ops.leakyRelu(x, o.negativeSlope));
export const relu6 = plain("relu6", ops.relu6);
/** `exp(x) / Σ exp(x)` over `axis` (an axis or several; default -1). */
export const softmax = withOptions<AxesOptions>("softmax", { axis: axes }, { axis: -1 }, (x, o) => ops.softmaxOverAxes(x, o.axis), {
  checkShape: (owner, shape, [o]) => void normalizeAxes(owner, o?.axis ?? -1, shape.length),
});
export const elu = withOptions<AlphaOptions>("elu", { alpha: finite }, { alpha: 1 }, (x, o) => ops.elu(x, o.alpha));
export const selu = plain("selu", ops.selu);
export const softplus = plain("softplus", ops.softplus);
export const softsign = plain("softsign", ops.softsign);
export const softShrink = withOptions<ThresholdOptions>("soft_shrink", { threshold: finite }, { threshold: 0.5 }, (x, o) => ops.softShrink(x, o.threshold));
export const sparsePlus = plain("sparse_plus", ops.sparsePlus);
/** `x · sigmoid(x)`; also `swish`. */
export const silu = plain("silu", ops.silu);
export const swish = silu;
export const squareplus = withOptions<SquareplusOptions>("squareplus", { b: num(0) }, { b: 4 }, (x, o) => ops.squareplus(x, o.b));
export const gelu = withOptions<GeluOptions>("gelu", { approximate: bool }, { approximate: false }, (x, o) => ops.gelu(x, o.approximate));
export const celu = withOptions<AlphaOptions>("celu", { alpha: num(0, Infinity, { minExclusive: true }) }, { alpha: 1 }, (x, o) => ops.celu(x, o.alpha));

function checkEvenAxis(owner: string, shape: tf.Shape, axis: number): number {
  const [a] = normalizeAxes(owner, axis, shape.length);
  const size = shape[a];
  if (size !== null && size % 2 !== 0) throw new RangeError(`${owner}: axis ${axis} must have an even size to split in two halves; got size ${size} (input shape [${shape.map(String).join(", ")}])`);
  return a;
}
/** `a · sigmoid(b)`, `a` and `b` the two halves of `axis` (default -1): the output is half as wide there. */
export const glu = withOptions<AxisOptions>("glu", { axis: integer }, { axis: -1 }, (x, o) => ops.glu(x, o.axis), {
  hasLayerForm: false,
  checkShape: (owner, shape, [o]) => void checkEvenAxis(owner, shape, o?.axis ?? -1),
  outputShape: (shape, [o]) => {
    const a = normalizeAxes("glu", o?.axis ?? -1, shape.length)[0];
    return shape.map((d, i) => (i === a && d !== null ? d / 2 : d));
  },
});
export const tanh = plain("tanh", ops.tanh);
export const tanhShrink = plain("tanh_shrink", ops.tanhShrink);
export const hardTanh = plain("hard_tanh", ops.hardTanh);
export const hardShrink = withOptions<ThresholdOptions>("hard_shrink", { threshold: finite }, { threshold: 0.5 }, (x, o) => ops.hardShrink(x, o.threshold));
/** `x` where `x > threshold`, else `defaultValue`: both required, as in Keras. */
export const threshold = define<[threshold: number, defaultValue: number]>({
  name: "threshold",
  check: (owner, args) => {
    if (args.length !== 2) throw new TypeError(`${owner}(x, threshold, default_value) takes both \`threshold\` and \`defaultValue\`; got ${args.length} argument(s) after x`);
    finite(args[0], `${owner}: \`threshold\``);
    finite(args[1], `${owner}: \`defaultValue\``);
    return args;
  },
  isDefault: () => false,
  run: (x, [t, v]) => ops.threshold(x, t, v),
  hasLayerForm: false,
});
export const sigmoid = plain("sigmoid", ops.sigmoid);
export const exponential = plain("exponential", ops.exponential);
/** Keras 3's `relu6(x + 3) / 6`. */
export const hardSigmoid = plain("hard_sigmoid", ops.hardSigmoid);
export const logSigmoid = plain("log_sigmoid", ops.logSigmoid);
export const sparseSigmoid = plain("sparse_sigmoid", ops.sparseSigmoid);
/** `x · relu6(x + 3) / 6`; also `hardSwish`. */
export const hardSilu = plain("hard_silu", ops.hardSilu);
export const hardSwish = hardSilu;
/** `x` itself. */
export const linear = plain("linear", (x) => x);
export const mish = plain("mish", ops.mish);
/** `x − log Σ exp(x)` over `axis` (an axis or several; default -1). */
export const logSoftmax = withOptions<AxesOptions>("log_softmax", { axis: axes }, { axis: -1 }, (x, o) => ops.logSoftmaxOverAxes(x, o.axis), {
  checkShape: (owner, shape, [o]) => void normalizeAxes(owner, o?.axis ?? -1, shape.length),
});
/** The projection of `x` onto the probability simplex along `axis` (default -1): sparse probabilities. */
export const sparsemax = withOptions<AxisOptions>("sparsemax", { axis: integer }, { axis: -1 }, (x, o) => ops.sparsemaxOverAxis(x, o.axis), {
  checkShape: (owner, shape, [o]) => void normalizeAxes(owner, o?.axis ?? -1, shape.length),
});
