/**
 * Keras's metrics by name (keras.metrics.get, and what compile does with a metric string). The
 * accuracies, "mse" and "mae" are per-sample functions (metrics.ts) named as Keras names them
 * (so `history.history.accuracy`, `val_accuracy`), which tfjs's fit averages over batches; the
 * other names give Keras's stateful metric objects (Precision/Recall, the regression, hinge and
 * probabilistic metrics), named by the string as Keras's compile names them, whose epoch value
 * model_extensions.ts logs from `result()`. "accuracy" is resolved from the loss as Keras does
 * (binary, categorical or sparse categorical accuracy); with `fromLogits` binary losses the
 * threshold is on the logit (0), so the metric agrees with the probabilities' 0.5 (the same rule
 * for "precision" and "recall").
 */
import type { LossKind } from "../losses/loss.js";
import { Precision, Recall, type StatefulMetric } from "./confusion_metrics.js";
import { BinaryAccuracy, CategoricalAccuracy, MeanAbsoluteError, MeanSquaredError, SparseCategoricalAccuracy, type MetricFn } from "./metrics.js";
import { CosineSimilarity, LogCoshError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, R2Score, RootMeanSquaredError } from "./regression_metrics.js";
import { CategoricalHinge, Hinge, SquaredHinge } from "./hinge_metrics.js";
import { BinaryCrossentropy, CategoricalCrossentropy, KLDivergence, Poisson, SparseCategoricalCrossentropy } from "./probabilistic_metrics.js";

/** Keras's names of stateful metrics (keras/src/metrics/__init__.py: snake-case class names and aliases). */
const STATEFUL_BY_NAME: Record<string, (name: string) => StatefulMetric> = {
  mean_absolute_percentage_error: (name) => MeanAbsolutePercentageError({ name }),
  mape: (name) => MeanAbsolutePercentageError({ name }),
  mean_squared_logarithmic_error: (name) => MeanSquaredLogarithmicError({ name }),
  msle: (name) => MeanSquaredLogarithmicError({ name }),
  root_mean_squared_error: (name) => RootMeanSquaredError({ name }),
  cosine_similarity: (name) => CosineSimilarity({ name }),
  log_cosh_error: (name) => LogCoshError({ name }),
  logcosh: (name) => LogCoshError({ name }),
  r2_score: (name) => R2Score({ name }),
  hinge: (name) => Hinge({ name }),
  squared_hinge: (name) => SquaredHinge({ name }),
  categorical_hinge: (name) => CategoricalHinge({ name }),
  kl_divergence: (name) => KLDivergence({ name }),
  kld: (name) => KLDivergence({ name }),
  poisson: (name) => Poisson({ name }),
  binary_crossentropy: (name) => BinaryCrossentropy({ name }),
  bce: (name) => BinaryCrossentropy({ name }),
  categorical_crossentropy: (name) => CategoricalCrossentropy({ name }),
  sparse_categorical_crossentropy: (name) => SparseCategoricalCrossentropy({ name }),
};

export type MetricName =
  | "accuracy" | "acc" | "binary_accuracy" | "categorical_accuracy" | "sparse_categorical_accuracy"
  | "mse" | "mae" | "mean_squared_error" | "mean_absolute_error" | "precision" | "recall"
  | "mean_absolute_percentage_error" | "mape" | "mean_squared_logarithmic_error" | "msle"
  | "root_mean_squared_error" | "cosine_similarity" | "log_cosh_error" | "logcosh" | "r2_score"
  | "hinge" | "squared_hinge" | "categorical_hinge" | "kl_divergence" | "kld" | "poisson"
  | "binary_crossentropy" | "bce" | "categorical_crossentropy" | "sparse_categorical_crossentropy";

const FUNCTION_NAMES = ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mse", "mae", "mean_squared_error", "mean_absolute_error", "precision", "recall"];

/**
 * A metric by Keras name; "accuracy"/"acc" become the accuracy that fits `lossKind` (Keras's
 * `get_metric` rule), keeping the name "accuracy" as Keras's history does.
 */
export function get(identifier: MetricName | MetricFn, lossKind?: LossKind, fromLogits = false): MetricFn | StatefulMetric {
  if (typeof identifier === "function") return identifier;
  switch (identifier) {
    case "accuracy":
    case "acc":
      if (lossKind === "sparse_categorical") return SparseCategoricalAccuracy({ name: identifier });
      if (lossKind === "categorical") return CategoricalAccuracy({ name: identifier });
      return BinaryAccuracy({ name: identifier, threshold: fromLogits ? 0 : 0.5 });
    case "binary_accuracy":
      return BinaryAccuracy({ threshold: fromLogits ? 0 : 0.5 });
    case "categorical_accuracy":
      return CategoricalAccuracy();
    case "sparse_categorical_accuracy":
      return SparseCategoricalAccuracy();
    case "mse":
    case "mean_squared_error":
      return MeanSquaredError({ name: identifier });
    case "mae":
    case "mean_absolute_error":
      return MeanAbsoluteError({ name: identifier });
    case "precision":
      // Keras's threshold is on probabilities; on logits that is 0 (sigmoid(0) = 0.5).
      return Precision(fromLogits ? { thresholds: 0 } : undefined);
    case "recall":
      return Recall(fromLogits ? { thresholds: 0 } : undefined);
  }
  if (typeof identifier === "string" && Object.prototype.hasOwnProperty.call(STATEFUL_BY_NAME, identifier)) return STATEFUL_BY_NAME[identifier]!(identifier);
  throw new RangeError(`metrics: unknown metric ${JSON.stringify(identifier)}; accepted: ${[...FUNCTION_NAMES, ...Object.keys(STATEFUL_BY_NAME)].join(", ")}, or a metric function`);
}
