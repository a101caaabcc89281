// keras.metrics: Keras's metrics as stateful objects (updateState/result/resetState), and by name in compile.
export { get } from "./metrics.js";
export type { MetricFn, MetricName } from "./metrics.js";
export {
  Mean,
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  MeanSquaredError,
  MeanAbsoluteError,
} from "./mean_metrics.js";
export type { BinaryAccuracyOptions, TopKOptions } from "./mean_metrics.js";
export { Precision, Recall } from "./confusion_metrics.js";
export type { StatefulMetric, ConfusionMetricOptions } from "./confusion_metrics.js";
export { AUC } from "./auc.js";
export type { AUCOptions } from "./auc.js";
