/**
 * Which JS functions are Keras's built-in activations, by Keras's name. `keras.activations.relu`
 * passed as a layer's `activation` is Keras's "relu", not an opaque callable: the layer runs
 * tfjs's registered "relu" and saves the name, as Keras serialises a built-in by name. The map
 * lives apart from the functions (activations.ts) so the option checks (layers/options.ts) can
 * read it without importing the layers the functions use on symbolic inputs.
 */
const NAMES = new WeakMap<object, string>();

/** Marks `fn` as Keras's activation `kerasName` (snake_case, e.g. "leaky_relu"). */
export function nameBuiltinActivation(fn: object, kerasName: string): void {
  NAMES.set(fn, kerasName);
}

/** Keras's name of a built-in activation function; undefined for any other function. */
export function builtinActivationName(fn: unknown): string | undefined {
  return typeof fn === "function" ? NAMES.get(fn) : undefined;
}
