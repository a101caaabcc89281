/**
 * Keras 3's Adamax (keras/src/optimizers/adamax.py): Adam with the infinity norm,
 * `m += (g − m)(1 − β₁)`, `u = max(β₂u, |g|)`, `x −= lr·m / ((1 − β₁ᵗ)(u + ε))`. tfjs's Adamax has
 * the same update but cannot save its state (its getWeights throws) and keeps β₁ᵗ in a variable
 * of its own; this one counts from the iterations and saves its slots.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export class KerasAdamaxOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["momentum", "norm"] as const;
  static get className(): string {
    return "Adamax";
  }
  constructor(learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-7, weightDecay = 0) {
    super(learningRate, weightDecay);
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [m, u]: tf.Variable[], lr: number, step: number): void {
    const beta1Power = Math.pow(this.beta1, step + 1);
    m!.assign(tf.add(m!, tf.mul(tf.sub(g, m!), 1 - this.beta1)));
    u!.assign(tf.maximum(tf.mul(u!, this.beta2), tf.abs(g)));
    x.assign(tf.sub(x, tf.div(tf.mul(m!, lr), tf.mul(tf.add(u!, this.epsilon), 1 - beta1Power))));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    return restoreBase(new (cls as unknown as typeof KerasAdamaxOptimizer)(learningRateOf(c), c.beta1 as number, c.beta2 as number, c.epsilon as number, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasAdamaxOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasAdamaxOptimizer);
tf.serialization.registerClass(KerasAdamaxOptimizer);
