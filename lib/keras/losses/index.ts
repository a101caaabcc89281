// keras.losses: Keras's loss classes and names.
export {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  MeanSquaredError,
  MeanAbsoluteError,
  Huber,
  get,
  isKerasLoss,
} from "./losses.js";
export type { KerasLoss, LossKind, LossName, CrossentropyOptions, SparseCategoricalCrossentropyOptions, HuberOptions } from "./losses.js";
