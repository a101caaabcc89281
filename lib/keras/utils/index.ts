// keras.utils
export { plotModel, ModelGraph } from "./plot_model.js";
export type { PlotModelOptions } from "./plot_model.js";
export { padSequences } from "./sequence_utils.js";
export type { PadSequencesOptions } from "./sequence_utils.js";
export { toCategorical } from "./numerical_utils.js";
