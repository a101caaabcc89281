// keras.metrics: Keras's metrics as stateful objects (updateState/result/resetState), and by name in compile.
export { get } from "./get.js";
export type { MetricName } from "./get.js";
export type { MetricFn } from "./metrics.js";
export {
  Mean,
  Sum,
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  MeanSquaredError,
  MeanAbsoluteError,
} from "./mean_metrics.js";
export type { BinaryAccuracyOptions, TopKOptions, MeanOptions } from "./mean_metrics.js";
export {
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  RootMeanSquaredError,
  CosineSimilarity,
  LogCoshError,
  R2Score,
} from "./regression_metrics.js";
export type { CosineSimilarityOptions, R2ScoreOptions, R2ClassAggregation } from "./regression_metrics.js";
export { Hinge, SquaredHinge, CategoricalHinge } from "./hinge_metrics.js";
export { KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy } from "./probabilistic_metrics.js";
export type { BinaryCrossentropyMetricOptions, CategoricalCrossentropyMetricOptions, SparseCategoricalCrossentropyMetricOptions } from "./probabilistic_metrics.js";
export { Precision, Recall } from "./confusion_metrics.js";
export type { StatefulMetric, ConfusionMetricOptions } from "./confusion_metrics.js";
export { AUC } from "./auc.js";
export type { AUCOptions } from "./auc.js";
