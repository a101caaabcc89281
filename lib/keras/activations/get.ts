/**
 * `keras.activations.get`, `serialize` and `deserialize` (keras/src/activations/__init__.py):
 * Keras's names (snake_case, with the aliases "swish" and "hard_swish") ↔ the functions of
 * activations.ts. A built-in serialises to its bare name, as Keras's `serialize` returns it;
 * `deserialize` also reads Keras's full object form `{"class_name": "function", "config": name}`.
 */
import * as activations from "./activations.js";
import type { KerasActivation } from "./activations.js";
import { builtinActivationName } from "./builtin_names.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActivation = KerasActivation<any>;

const BUILTINS: AnyActivation[] = [
  activations.relu, activations.leakyRelu, activations.relu6, activations.softmax, activations.celu, activations.elu,
  activations.selu, activations.softplus, activations.softsign, activations.squareplus, activations.softShrink,
  activations.sparsePlus, activations.silu, activations.gelu, activations.glu, activations.tanh, activations.tanhShrink,
  activations.threshold, activations.sigmoid, activations.sparseSigmoid, activations.exponential, activations.hardSigmoid,
  activations.hardSilu, activations.hardTanh, activations.hardShrink, activations.linear, activations.mish,
  activations.logSoftmax, activations.logSigmoid, activations.sparsemax,
];

/** Keras's ALL_OBJECTS_DICT: each function by its name, plus Keras's two aliases. */
const BY_NAME: ReadonlyMap<string, AnyActivation> = new Map<string, AnyActivation>([
  ...BUILTINS.map((fn) => [fn.kerasName, fn] as [string, AnyActivation]),
  ["swish", activations.silu],
  ["hard_swish", activations.hardSilu],
]);

/** The names `get` and `deserialize` accept. */
export const ACTIVATION_NAMES: readonly string[] = [...BY_NAME.keys()].sort();

/** The function for a name, a function itself, linear for null/undefined; throws on anything else. */
export function get(identifier: string | AnyActivation | ((x: never) => unknown) | Record<string, unknown> | null | undefined): AnyActivation {
  if (identifier === null || identifier === undefined) return activations.linear;
  if (typeof identifier === "function") return identifier as AnyActivation;
  if (typeof identifier === "string") {
    const fn = BY_NAME.get(identifier);
    if (fn !== undefined) return fn;
    throw new RangeError(`Could not interpret activation function identifier: ${JSON.stringify(identifier)}; Keras's activations are ${ACTIVATION_NAMES.join(", ")}`);
  }
  if (typeof identifier === "object") return deserialize(identifier);
  throw new TypeError(`Could not interpret activation function identifier: ${String(identifier)}`);
}

/** A built-in activation's Keras name; throws for any other function (it has no name to save). */
export function serialize(activation: unknown): string {
  const name = builtinActivationName(activation);
  if (name !== undefined) return name;
  const what = typeof activation === "function" ? `function ${activation.name || "(anonymous)"}` : JSON.stringify(activation);
  throw new TypeError(`keras.activations.serialize: ${what} is not one of Keras's activations (${ACTIVATION_NAMES.join(", ")}); a JavaScript function cannot be saved by name`);
}

/** A name, or Keras's `{"class_name": "function", "config": name}`, → the function. */
export function deserialize(config: unknown): AnyActivation {
  if (typeof config === "string") return get(config);
  if (config !== null && typeof config === "object") {
    const c = config as Record<string, unknown>;
    if (c.class_name === "function" && typeof c.config === "string") return get(c.config);
  }
  throw new TypeError(`keras.activations.deserialize: expected an activation name or {"class_name": "function", "config": name}; got ${JSON.stringify(config)}`);
}
