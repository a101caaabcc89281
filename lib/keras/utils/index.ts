// keras.utils
export { plotModel, ModelGraph } from "./plot_model.js";
export type { PlotModelOptions } from "./plot_model.js";
