/**
 * Keras 3's Nadam (keras/src/optimizers/nadam.py): Adam with Nesterov momentum and Dozat's
 * momentum schedule `μₜ = β₁(1 − ½·0.96ᵗ)`. Keras keeps the running product Πμ as a variable;
 * it is a function of the step count alone, so it is recomputed from the iterations here (and a
 * restored optimizer resumes with the right one). tfjs has no Nadam.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export class KerasNadamOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["momentum", "velocity"] as const;
  /** Keras's `_u_product` after this update's factor, for the step it was computed at. */
  private uProduct = 1;
  private uProductStep = -1;
  static get className(): string {
    return "Nadam";
  }
  constructor(learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-7, weightDecay = 0) {
    super(learningRate, weightDecay);
  }
  private mu(t: number): number {
    return this.beta1 * (1 - 0.5 * Math.pow(0.96, t));
  }
  protected override beforeUpdate(step: number): void {
    if (this.uProductStep !== step - 1) {
      this.uProduct = 1;
      for (let k = 1; k <= step; k++) this.uProduct *= this.mu(k);
    }
    this.uProduct *= this.mu(step + 1);
    this.uProductStep = step;
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [m, v]: tf.Variable[], lr: number, step: number): void {
    const uT = this.mu(step + 1);
    const uT1 = this.mu(step + 2);
    const uProductT = this.uProduct;
    const uProductT1 = uProductT * uT1;
    const beta2Power = Math.pow(this.beta2, step + 1);
    m!.assign(tf.add(m!, tf.mul(tf.sub(g, m!), 1 - this.beta1)));
    v!.assign(tf.add(v!, tf.mul(tf.sub(tf.square(g), v!), 1 - this.beta2)));
    const mHat = tf.add(tf.div(tf.mul(m!, uT1), 1 - uProductT1), tf.div(tf.mul(g, 1 - uT), 1 - uProductT));
    const vHat = tf.div(v!, 1 - beta2Power);
    x.assign(tf.sub(x, tf.div(tf.mul(mHat, lr), tf.add(tf.sqrt(vHat), this.epsilon))));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    return restoreBase(new (cls as unknown as typeof KerasNadamOptimizer)(learningRateOf(c), c.beta1 as number, c.beta2 as number, c.epsilon as number, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasNadamOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasNadamOptimizer);
tf.serialization.registerClass(KerasNadamOptimizer);
