/**
 * Run-time validation of the one camelCase options object every Keras factory takes. The
 * TypeScript types already reject unknown names at edit time; this guards JS callers and `any`,
 * naming the bad argument and what is accepted, and translates Keras's snake_case string
 * identifiers (activations, initializers) into tfjs's camelCase ones.
 */
import * as tf from "@tensorflow/tfjs";
// Keras 3's hard_sigmoid replaces tfjs's (Keras 2's) under the name the table below maps to.
import "../activations/hard_sigmoid.js";
import { KERAS_ONLY_ACTIVATIONS, camelCaseOf } from "../activations/named_activations.js";
import { TfActivation } from "../activations/tf_activation.js";
import { builtinActivationName } from "../activations/builtin_names.js";

export type OptionCheck = (value: unknown, where: string) => unknown;

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return String(value);
}

/** Throws unless `options` is undefined or a plain object whose keys all appear in `checks`; returns the checked values. */
export function checkOptions(owner: string, options: unknown, checks: Record<string, OptionCheck>): Record<string, any> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${owner}: options must be an object of keyword arguments; got ${describe(options)}`);
  }
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    const check = checks[key];
    if (check === undefined) {
      const accepted = Object.keys(checks).sort();
      throw new TypeError(`${owner}: unknown argument \`${key}\`; accepted: ${accepted.join(", ")}`);
    }
    if (value === undefined) continue;
    out[key] = check(value, `${owner}: \`${key}\``);
  }
  return out;
}

export const anyValue: OptionCheck = (v) => v;

export const bool: OptionCheck = (v, where) => {
  if (typeof v !== "boolean") throw new TypeError(`${where} must be true or false; got ${describe(v)}`);
  return v;
};

export const str: OptionCheck = (v, where) => {
  if (typeof v !== "string") throw new TypeError(`${where} must be a string; got ${describe(v)}`);
  return v;
};

export function num(min = -Infinity, max = Infinity, { integer = false, minExclusive = false } = {}): OptionCheck {
  return (v, where) => {
    const ok =
      typeof v === "number" &&
      Number.isFinite(v) &&
      (!integer || Number.isInteger(v)) &&
      (minExclusive ? v > min : v >= min) &&
      v <= max;
    if (!ok) {
      const kind = integer ? "an integer" : "a number";
      const lo = min === -Infinity ? "" : `${minExclusive ? ">" : "≥"} ${min}`;
      const hi = max === Infinity ? "" : `≤ ${max}`;
      throw new RangeError(`${where} must be ${kind}${lo || hi ? " " + [lo, hi].filter(Boolean).join(" and ") : ""}; got ${describe(v)}`);
    }
    return v;
  };
}

export const positiveInt = num(1, Infinity, { integer: true });
export const nonNegativeInt = num(0, Infinity, { integer: true });
export const rate = num(0, 1);

export function oneOf<T extends string | number | null>(...accepted: T[]): OptionCheck {
  return (v, where) => {
    if (!accepted.includes(v as T)) throw new RangeError(`${where} must be one of ${accepted.map(describe).join(", ")}; got ${describe(v)}`);
    return v;
  };
}

export function nullable(check: OptionCheck): OptionCheck {
  return (v, where) => (v === null ? null : check(v, where));
}

/** A positive int, or a tuple of `n` positive ints (Keras's `kernel_size=3` or `(3, 3)`). */
export function intTuple(n: number, min = 1): OptionCheck {
  return (v, where) => {
    const ok = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x >= min;
    if (ok(v)) return Array(n).fill(v);
    if (Array.isArray(v) && v.length === n && v.every(ok)) return v;
    throw new RangeError(`${where} must be an integer ≥ ${min} or ${n} such integers; got ${describe(v)}`);
  };
}

/** A shape without the batch axis: positive ints, or null for a free dimension. */
export const shapeCheck: OptionCheck = (v, where) => {
  if (!Array.isArray(v) || !v.every((d) => d === null || (Number.isInteger(d) && d >= 0))) {
    throw new TypeError(`${where} must be an array of non-negative integers or null (free dimension); got ${describe(v)}`);
  }
  return v;
};

const ACTIVATIONS: Record<string, string> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  sigmoid: "sigmoid",
  hard_sigmoid: "hardSigmoid",
  tanh: "tanh",
  softmax: "softmax",
  softplus: "softplus",
  softsign: "softsign",
  elu: "elu",
  selu: "selu",
  swish: "swish",
  silu: "swish",
  mish: "mish",
  gelu: "gelu",
  log_softmax: "logSoftmax",
  hard_swish: "hardSilu",
  // Keras's names tfjs lacks, registered by named_activations.ts.
  ...Object.fromEntries(Object.keys(KERAS_ONLY_ACTIVATIONS).map((name) => [name, camelCaseOf(name)])),
};

/** A JS function used as an activation: tensor → tensor (Keras's callable activation). */
export type ActivationFunction = (x: tf.Tensor) => tf.Tensor;


/**
 * A function activation as a tfjs activation object. Its class name ("function") is no fused
 * kernel's, so Dense and the convolutions apply it after the bias; it cannot be serialised, and
 * `makeLayer` makes the layer's `getConfig` say so (`refuseConfigOfFunctions`).
 */
export class FunctionActivation extends TfActivation {
  static className = "function";
  constructor(readonly fn: ActivationFunction) {
    super();
  }
  override apply(x: tf.Tensor): tf.Tensor {
    return this.fn(x);
  }
}

/**
 * Keras activation names (snake_case) → tfjs identifiers; `null` means linear, as in Keras; a
 * function (tensor → tensor) is Keras's callable activation.
 */
export const activation: OptionCheck = (v, where) => {
  if (v === null) return "linear";
  const builtin = builtinActivationName(v);
  if (builtin !== undefined) {
    // `keras.activations.relu` is Keras's "relu": tfjs's registered kernel, saved by name.
    const mapped = ACTIVATIONS[builtin];
    if (mapped !== undefined) return mapped;
    throw new RangeError(
      builtin === "glu"
        ? `${where}: keras.activations.glu halves its axis, so it cannot be a layer's activation (the layer's output shape would be wrong); apply keras.activations.glu to the layer's output instead`
        : `${where}: keras.activations.${builtin} needs its \`threshold\` and \`defaultValue\`; pass (x) => keras.activations.threshold(x, threshold, defaultValue)`,
    );
  }
  if (typeof v === "function") return new FunctionActivation(v as ActivationFunction);
  if (typeof v === "string") {
    const mapped = ACTIVATIONS[v] ?? (Object.values(ACTIVATIONS).includes(v) ? v : undefined);
    if (mapped !== undefined) return mapped;
  }
  throw new RangeError(`${where} must be null, a function of a tensor or one of ${Object.keys(ACTIVATIONS).map((a) => JSON.stringify(a)).join(", ")}; got ${describe(v)}`);
};

const CONFIG_WITH_FUNCTIONS = Symbol("configWithFunctions");

/**
 * The config of a layer given function activations with the functions themselves in it (tfjs's
 * layers take an activation object as is), for cloning the layer in memory, as Bidirectional
 * does; `undefined` for a layer without them, whose `getConfig` serves.
 */
export function configWithFunctions(layer: object): tf.serialization.ConfigDict | undefined {
  const make = (layer as { [CONFIG_WITH_FUNCTIONS]?: () => tf.serialization.ConfigDict })[CONFIG_WITH_FUNCTIONS];
  return make?.();
}

/**
 * A layer given a function activation cannot be serialised (a JS function is code, not config):
 * its `getConfig` (and so `model.save`, `toJSON`) throws naming the layer and the option, as
 * Lambda's does. The layer otherwise runs as usual.
 */
export function refuseConfigOfFunctions(layer: { name: string; getConfig(): unknown }, owner: string, args: Record<string, unknown>): void {
  const options = Object.keys(args).filter((k) => args[k] instanceof FunctionActivation);
  if (options.length === 0) return;
  const functions = Object.fromEntries(options.map((k) => [k, args[k]]));
  const ownConfig = Object.getPrototypeOf(layer).getConfig as () => tf.serialization.ConfigDict;
  Object.defineProperty(layer, CONFIG_WITH_FUNCTIONS, {
    configurable: true,
    value: () => ({ ...ownConfig.call(layer), ...functions }),
  });
  Object.defineProperty(layer, "getConfig", {
    configurable: true,
    writable: true,
    value: () => {
      throw new Error(
        `${owner} layer "${layer.name}" cannot be serialized: its \`${options[0]}\` is a JavaScript function (code, not config). Pass an activation name (e.g. "relu") to save the model, or write a tf.layers.Layer subclass with getConfig and register it with tf.serialization.registerClass.`,
      );
    },
  });
}

const INITIALIZERS: Record<string, string> = {
  zeros: "zeros",
  ones: "ones",
  glorot_uniform: "glorotUniform",
  glorot_normal: "glorotNormal",
  he_uniform: "heUniform",
  he_normal: "heNormal",
  lecun_uniform: "leCunUniform",
  lecun_normal: "leCunNormal",
  orthogonal: "orthogonal",
  random_normal: "randomNormal",
  random_uniform: "randomUniform",
  truncated_normal: "truncatedNormal",
  identity: "identity",
};

/** Keras initializer names → tfjs; an initializer object (`tf.initializers.*`) passes through. */
export const initializer: OptionCheck = (v, where) => {
  if (typeof v === "string") {
    const mapped = INITIALIZERS[v] ?? (Object.values(INITIALIZERS).includes(v) ? v : undefined);
    if (mapped !== undefined) return mapped;
  } else if (v !== null && typeof v === "object" && typeof (v as any).apply === "function") {
    return v;
  }
  throw new RangeError(`${where} must be an initializer object or one of ${Object.keys(INITIALIZERS).map((a) => JSON.stringify(a)).join(", ")}; got ${describe(v)}`);
};

/** A regularizer or constraint object (tfjs's), passed through after a type check. */
export const tfObject: OptionCheck = (v, where) => {
  if (v === null || typeof v !== "object") throw new TypeError(`${where} must be a tfjs object (e.g. tf.regularizers.l2()); got ${describe(v)}`);
  return v;
};

/**
 * Keras's regularizer names (with Keras's default factors) or a tfjs regularizer object. Keras's
 * `regularizers.get` also takes the class names ("L1", "L2", "L1L2"), as Keras's tests do.
 */
export const regularizer: OptionCheck = (v, where) => {
  if (v === "l1" || v === "L1") return tf.regularizers.l1({ l1: 0.01 });
  if (v === "l2" || v === "L2") return tf.regularizers.l2({ l2: 0.01 });
  if (v === "l1_l2" || v === "L1L2") return tf.regularizers.l1l2({ l1: 0, l2: 0 });
  if (v !== null && typeof v === "object") return v;
  throw new TypeError(`${where} must be "l1", "l2", "l1_l2" (or Keras's class names "L1", "L2", "L1L2") or a tfjs regularizer (e.g. tf.regularizers.l2()); got ${describe(v)}`);
};

/** Keras's constraint names (with Keras's defaults), or its class names ("NonNeg", "MaxNorm", ...), or a tfjs constraint object. */
export const constraint: OptionCheck = (v, where) => {
  if (v === "non_neg" || v === "NonNeg") return tf.constraints.nonNeg();
  if (v === "unit_norm" || v === "UnitNorm") return tf.constraints.unitNorm({ axis: 0 });
  if (v === "max_norm" || v === "MaxNorm") return tf.constraints.maxNorm({ maxValue: 2, axis: 0 });
  if (v === "min_max_norm" || v === "MinMaxNorm") return tf.constraints.minMaxNorm({ minValue: 0, maxValue: 1, rate: 1, axis: 0 });
  if (v !== null && typeof v === "object") return v;
  throw new TypeError(`${where} must be "non_neg", "unit_norm", "max_norm", "min_max_norm" (or Keras's class names "NonNeg", "UnitNorm", "MaxNorm", "MinMaxNorm") or a tfjs constraint (e.g. tf.constraints.nonNeg()); got ${describe(v)}`);
};

export const dtype = oneOf("float32", "int32", "bool");

/** The options every Keras layer takes. */
export const BASE_LAYER_CHECKS: Record<string, OptionCheck> = {
  name: str,
  trainable: bool,
  dtype,
  inputShape: shapeCheck,
  batchSize: positiveInt,
};

/** Checks a positional argument; `where` names it as Keras does. */
export function positional<T>(owner: string, argName: string, value: unknown, check: OptionCheck): T {
  return check(value, `${owner}: \`${argName}\``) as T;
}
