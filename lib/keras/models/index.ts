// keras.models: functional and Sequential models, saving and loading.
export { Model, Sequential } from "./functional.js";
export { KerasSequential } from "./sequential.js";
export type { ModelOptions, ModelArgs } from "./functional.js";
export { loadModel, modelFromJSON, saveWeights, loadWeights } from "./saving.js";
export { installKerasModelBehaviour } from "./model_extensions.js";
export type { KerasCompileArgs, KerasSummaryOptions } from "./model_extensions.js";
export { saveKerasH5, loadKerasH5 } from "./keras_h5.js";
export { exportForServing } from "./export_for_serving.js";
export type { ExportForServingOptions, ExportedVersion } from "./export_for_serving.js";
