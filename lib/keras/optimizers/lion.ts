/**
 * Keras 3's Lion (keras/src/optimizers/lion.py; Chen et al., "Symbolic Discovery of Optimization
 * Algorithms"): `x −= lr·sign(β₁m + (1 − β₁)g)`, then `m = β₂m + (1 − β₂)g`. tfjs has no Lion.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export class KerasLionOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["momentum"] as const;
  static get className(): string {
    return "Lion";
  }
  constructor(learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.99, weightDecay = 0) {
    super(learningRate, weightDecay);
    if (!(typeof beta1 === "number" && beta1 > 0 && beta1 <= 1)) {
      throw new RangeError(`Lion: Argument \`beta1\` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta1=${String(beta1)}.`);
    }
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [m]: tf.Variable[], lr: number): void {
    x.assign(tf.sub(x, tf.mul(tf.sign(tf.add(tf.mul(m!, this.beta1), tf.mul(g, 1 - this.beta1))), lr)));
    m!.assign(tf.add(tf.mul(m!, this.beta2), tf.mul(g, 1 - this.beta2)));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2 };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    return restoreBase(new (cls as unknown as typeof KerasLionOptimizer)(learningRateOf(c), c.beta1 as number, c.beta2 as number, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasLionOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasLionOptimizer);
tf.serialization.registerClass(KerasLionOptimizer);
