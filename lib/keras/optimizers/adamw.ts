/**
 * AdamW (Loshchilov & Hutter's decoupled weight decay), which tfjs lacks: before each Adam step
 * every updated variable shrinks by `learningRate * weightDecay * variable`, as Keras's AdamW
 * does, instead of adding an L2 term to the gradient. A registered tfjs optimizer, so it
 * serializes with the model's training config.
 */
import * as tf from "@tensorflow/tfjs";
import { FusedAdamOptimizer } from "./fused_adam.js";

export class AdamWOptimizer extends FusedAdamOptimizer {
  static override get className(): string {
    return "AdamW";
  }

  constructor(
    learningRate: number,
    readonly weightDecay: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v: { name: string }) => v.name) : Object.keys(variableGradients);
    if (this.weightDecay > 0) {
      const factor = 1 - this.learningRate * this.weightDecay;
      tf.tidy(() => {
        for (const name of names) {
          const variable = tf.engine().registeredVariables[name];
          if (variable !== undefined) variable.assign(tf.mul(variable, factor));
        }
      });
    }
    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config.learningRate, config.weightDecay, config.beta1, config.beta2, config.epsilon);
  }
}
tf.serialization.registerClass(AdamWOptimizer);
