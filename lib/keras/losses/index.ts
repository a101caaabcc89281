// keras.losses: Keras's loss classes, their functions, and names.
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
export {
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  CosineSimilarity,
  LogCosh,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  cosineSimilarity,
  logCosh,
} from "./regression_losses.js";
export type { CosineSimilarityOptions } from "./regression_losses.js";
export { Hinge, SquaredHinge, CategoricalHinge, hinge, squaredHinge, categoricalHinge } from "./hinge_losses.js";
export {
  KLDivergence,
  Poisson,
  BinaryFocalCrossentropy,
  CategoricalFocalCrossentropy,
  CategoricalGeneralizedCrossEntropy,
  klDivergence,
  poisson,
  categoricalGeneralizedCrossEntropy,
} from "./probabilistic_losses.js";
export type { BinaryFocalCrossentropyOptions, CategoricalFocalCrossentropyOptions, CategoricalGeneralizedCrossEntropyOptions } from "./probabilistic_losses.js";
export { Dice, Tversky, dice, tversky } from "./segmentation_losses.js";
export type { DiceOptions, TverskyOptions, ReductionAxis } from "./segmentation_losses.js";
export { serialize, deserialize, isSerializedLoss } from "./serialization.js";
export type { SerializedLoss } from "./serialization.js";
export { Circle, circle } from "./circle.js";
export type { CircleOptions, CircleFunctionOptions } from "./circle.js";
export { CTC, ctc, ctcLoss } from "./ctc.js";
