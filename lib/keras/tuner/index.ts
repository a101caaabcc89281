// keras.tuner — KerasTuner's API: RandomSearch, GridSearch, Hyperband, HyperParameters, Objective.
export { HyperParameters } from "./hyperparameters.js";
export type { HpSpec, HpValue, RangeOptions, Sampling } from "./hyperparameters.js";
export { Objective } from "./objective.js";
export { Tuner } from "./tuner.js";
export type { BuildModel, SearchData, SearchOptions, TunerOptions } from "./tuner.js";
export type { TrialRecord } from "./trial_store.js";
export { RandomSearch } from "./random_search.js";
export { GridSearch } from "./grid_search.js";
export { Hyperband } from "./hyperband.js";
export type { HyperbandOptions } from "./hyperband.js";
