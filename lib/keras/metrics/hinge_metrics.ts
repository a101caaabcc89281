/**
 * Keras 3's hinge metrics (keras/src/metrics/hinge_metrics.py): Hinge, SquaredHinge and
 * CategoricalHinge, mean metrics over the hinge losses' functions (hinge_losses.ts), 0/1 targets
 * taken as −1/1 as there.
 */
import { checkOptions, str } from "../layers/options.js";
import { categoricalHinge, hinge, squaredHinge } from "../losses/hinge_losses.js";
import type { StatefulMetric } from "./confusion_metrics.js";
import { meanMetric, type MeanOptions } from "./mean_metrics.js";

const NAME = { name: str };

/** Mean of max(1 − y·p, 0). */
export function Hinge(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("Hinge", options, NAME);
  return meanMetric(o.name ?? "hinge", hinge, {}, () => Hinge(options));
}

/** Mean of max(1 − y·p, 0)². */
export function SquaredHinge(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("SquaredHinge", options, NAME);
  return meanMetric(o.name ?? "squared_hinge", squaredHinge, {}, () => SquaredHinge(options));
}

/** Mean of max(max((1 − y)·p) − Σ(y·p) + 1, 0), one-hot targets. */
export function CategoricalHinge(options?: MeanOptions): StatefulMetric {
  const o = checkOptions("CategoricalHinge", options, NAME);
  return meanMetric(o.name ?? "categorical_hinge", categoricalHinge, {}, () => CategoricalHinge(options));
}
