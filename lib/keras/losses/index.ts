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
  lossObject,
} from "./losses.js";
export type { KerasLoss, LossKind, LossName, LossOptions, Reduction, PerSampleLoss, CrossentropyOptions, SparseCategoricalCrossentropyOptions, HuberOptions } from "./losses.js";
