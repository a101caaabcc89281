// keras.utils
export { plotModel, ModelGraph } from "./plot_model.js";
export type { PlotModelOptions } from "./plot_model.js";
export { padSequences } from "./sequence_utils.js";
export type { PadSequencesOptions } from "./sequence_utils.js";
export { toCategorical } from "./numerical_utils.js";
export { KerasDataset } from "./dataset_utils.js";
export type { Batch, LabelMode, Labels, Subset } from "./dataset_utils.js";
export { timeseriesDatasetFromArray } from "./timeseries_dataset_utils.js";
export type { TimeseriesDatasetOptions } from "./timeseries_dataset_utils.js";
export { splitDataset } from "./split_dataset.js";
export type { SplitDatasetOptions } from "./split_dataset.js";
export { textDatasetFromDirectory } from "./text_dataset_utils.js";
export type { TextDatasetOptions } from "./text_dataset_utils.js";
export { imageDatasetFromDirectory, smartResize } from "./image_dataset_utils.js";
export type { ImageDatasetOptions, ColorMode, Interpolation } from "./image_dataset_utils.js";
