import { registerFormatter } from "./formatters.js";
import { formatFigure } from "./plotly.js";
import { formatModel } from "./format_model.js";
import { formatTensor } from "./format_tensor.js";
import { formatDataFrame } from "./format_dataframe.js";
import { formatHistory } from "./format_history.js";
import { ModelGraph } from "../keras/utils/plot_model.js";

/** Names under which the rich formatters are registered (re-registering replaces, so this is idempotent). */
export const richFormatterNames = ["plotly-figure", "model-graph", "keras-model", "tf-tensor", "danfo-frame", "training-history"] as const;

/** Registers the formatters for figures, model graphs, models, tensors, danfo frames and training histories. */
export function registerRichFormatters(): void {
  registerFormatter("plotly-figure", formatFigure, 50);
  registerFormatter("model-graph", (v) => (v instanceof ModelGraph ? v.toMimeBundle() : undefined), 50);
  registerFormatter("keras-model", formatModel, 40);
  registerFormatter("tf-tensor", formatTensor, 30);
  registerFormatter("danfo-frame", formatDataFrame, 30);
  registerFormatter("training-history", formatHistory, 20);
}
