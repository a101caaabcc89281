/**
 * Keras's AdamW (Loshchilov & Hutter's decoupled weight decay), which tfjs lacks: Keras 3's Adam
 * with `weight_decay` 0.004 by default: before each step every updated variable shrinks by
 * `learningRate * weightDecay * variable`, instead of an L2 term added to the gradient.
 * Registered as "AdamW", so it serializes with the model's training config.
 */
import * as tf from "@tensorflow/tfjs";
import { KerasAdamOptimizer } from "./keras_adam.js";
import { learningRateOf, restoreBase } from "./base_optimizer.js";

export class AdamWOptimizer extends KerasAdamOptimizer {
  static override get className(): string {
    return "AdamW";
  }

  constructor(learningRate: number, weightDecay: number, beta1: number, beta2: number, epsilon: number, amsgrad = false) {
    super(learningRate, beta1, beta2, epsilon, { weightDecay, amsgrad });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return restoreBase(new cls(learningRateOf(config), config.weightDecay, config.beta1, config.beta2, config.epsilon, config.amsgrad === true), config);
  }
}
tf.serialization.registerClass(AdamWOptimizer);
