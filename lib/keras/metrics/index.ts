// keras.metrics: Keras's metrics by name or object.
export { BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError, get } from "./metrics.js";
export type { MetricFn, MetricName, BinaryAccuracyOptions } from "./metrics.js";
export { Precision, Recall } from "./confusion_metrics.js";
export type { StatefulMetric, ConfusionMetricOptions } from "./confusion_metrics.js";
