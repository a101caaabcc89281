// keras.optimizers: Keras's optimizers with Keras's defaults, by object or name.
import { installNoTrainableWeights } from "./no_trainable_weights.js";
installNoTrainableWeights();
export { installNoTrainableWeights };
export { SGD, Adam, AdamW, RMSprop, Adagrad, get, getLearningRate, setLearningRate } from "./optimizers.js";
export type { SGDOptions, AdamOptions, AdamWOptions, RMSpropOptions, AdagradOptions, OptimizerName } from "./optimizers.js";
export { AdamWOptimizer } from "./adamw.js";
export { KerasAdamOptimizer } from "./keras_adam.js";
export type { KerasAdamExtras } from "./keras_adam.js";
export { KerasSGDOptimizer, KerasMomentumOptimizer, KerasRMSpropOptimizer, KerasAdagradOptimizer } from "./keras_optimizers.js";
export type { KerasOptimizerExtras } from "./keras_optimizers.js";
export type { ExcludeFromWeightDecay } from "./weight_decay.js";
export type { ClippingOptions } from "./optimizers.js";
export { GradientClipping } from "./gradient_clipping.js";
export { MovingAverage } from "./moving_average.js";
export type { MovingAverageOptions } from "./moving_average.js";
export { GradientAccumulation } from "./gradient_accumulation.js";
export type { BaseOptimizerOptions, BaseOptimizerApi } from "./base_optimizer.js";
export type { GradientClippingOptions } from "./gradient_clipping.js";
