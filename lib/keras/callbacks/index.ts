// keras.callbacks: Keras's callbacks on tfjs's Callback base class.
export {
  EarlyStopping,
  ModelCheckpoint,
  ReduceLROnPlateau,
  LearningRateScheduler,
  TerminateOnNaN,
  CSVLogger,
  LambdaCallback,
  History,
  formatCheckpointPath,
} from "./callbacks.js";
export type { EarlyStoppingOptions, ModelCheckpointOptions, ReduceLROnPlateauOptions, CSVLoggerOptions, LambdaCallbackOptions } from "./callbacks.js";
export { LivePlot } from "./live_plot.js";
export { TensorBoard } from "./tensorboard.js";
export type { TensorBoardArgs } from "./tensorboard.js";
