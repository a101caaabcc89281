export { Experiment, exportModel } from "./experiment.js";
export type { ExperimentOptions, ExperimentInputFn, CheckpointState, EvalResult } from "./experiment.js";
