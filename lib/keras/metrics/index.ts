// keras.metrics: Keras's metrics by name or object.
export { BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError, get } from "./metrics.js";
export type { MetricFn, MetricName, BinaryAccuracyOptions } from "./metrics.js";
