/**
 * `keras.losses.serialize` / `deserialize`: a loss object as Keras 3 writes it
 * (`{module: "keras.losses", class_name, config, registered_name}`, config keys in snake_case)
 * and back. A saved model's training config holds its losses this way, so a loss's options
 * (`fromLogits`, `labelSmoothing`, `delta`, ...) survive a save and load: a name alone would
 * reload `SparseCategoricalCrossentropy({ fromLogits: true })` as a loss on probabilities.
 */
import { isKerasLoss, type KerasLoss } from "./losses.js";
import { BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, MeanSquaredError, MeanAbsoluteError, Huber } from "./losses.js";
import { MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, LogCosh } from "./regression_losses.js";
import { Hinge, SquaredHinge, CategoricalHinge } from "./hinge_losses.js";
import { KLDivergence, Poisson, BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy } from "./probabilistic_losses.js";
import { Dice, Tversky } from "./segmentation_losses.js";
import { Circle } from "./circle.js";
import { CTC } from "./ctc.js";

type LossClass = (options?: never) => KerasLoss;

const CLASSES: Record<string, LossClass> = {
  BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, MeanSquaredError, MeanAbsoluteError, Huber,
  MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, LogCosh,
  Hinge, SquaredHinge, CategoricalHinge,
  KLDivergence, Poisson, BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy,
  Dice, Tversky, Circle, CTC,
} as unknown as Record<string, LossClass>;

export interface SerializedLoss {
  module: "keras.losses";
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function isSerializedLoss(value: unknown): value is SerializedLoss {
  return value !== null && typeof value === "object" && typeof (value as { class_name?: unknown }).class_name === "string";
}

/** Keras's `keras.losses.serialize(loss)` for a loss object of keras.losses. */
export function serialize(loss: KerasLoss): SerializedLoss {
  if (!isKerasLoss(loss)) throw new TypeError("losses.serialize: expected a loss object of keras.losses (e.g. keras.losses.Huber()); a plain function has no config");
  const className = (loss as unknown as { className: string }).className;
  const config = Object.fromEntries(Object.entries(loss.getConfig()).map(([k, v]) => [snake(k), v]));
  return { module: "keras.losses", class_name: className, config, registered_name: null };
}

/** Keras's `keras.losses.deserialize(config)`: the loss object a `serialize` result (or Keras's file) describes. */
export function deserialize(serialized: SerializedLoss | { class_name: string; config?: Record<string, unknown> }): KerasLoss {
  const make = Object.prototype.hasOwnProperty.call(CLASSES, serialized.class_name) ? CLASSES[serialized.class_name] : undefined;
  if (make === undefined) {
    throw new RangeError(`losses.deserialize: unknown loss class ${JSON.stringify(serialized.class_name)}; known: ${Object.keys(CLASSES).join(", ")}`);
  }
  const options = Object.fromEntries(Object.entries(serialized.config ?? {}).map(([k, v]) => [camel(k), v]));
  return make(options as never);
}
