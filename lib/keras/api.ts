/**
 * The `keras` namespace: Python Keras 3 names, Python's positional argument order, keyword
 * options as one camelCase object. Each sub-namespace lives in its own folder.
 */
export * as activations from "./activations/index.js";
export * as layers from "./layers/index.js";
export * as models from "./models/index.js";
export * as optimizers from "./optimizers/index.js";
export * as losses from "./losses/index.js";
export * as metrics from "./metrics/index.js";
export * as callbacks from "./callbacks/index.js";
export * as applications from "./applications/index.js";
export * as utils from "./utils/index.js";
export * as tuner from "./tuner/index.js";
export * as datasets from "./datasets/index.js";

export { Input } from "./layers/input.js";
export { Model, Sequential } from "./models/functional.js";
