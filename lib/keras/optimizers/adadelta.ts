/**
 * Keras 3's Adadelta (keras/src/optimizers/adadelta.py): `E[g²] = ρE[g²] + (1 − ρ)g²`,
 * `Δx = −√(E[Δx²] + ε)/√(E[g²] + ε)·g`, `E[Δx²] = ρE[Δx²] + (1 − ρ)Δx²`, `x += lr·Δx`, with
 * Keras's defaults (learning rate 0.001, ρ 0.95, ε 1e-7), weight decay, clipping and saved slots.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export class KerasAdadeltaOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["accumulated_grad", "accumulated_delta_var"] as const;
  static get className(): string {
    return "Adadelta";
  }
  constructor(learningRate: number, readonly rho = 0.95, readonly epsilon = 1e-7, weightDecay = 0) {
    super(learningRate, weightDecay);
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [accumulatedGrad, accumulatedDelta]: tf.Variable[], lr: number): void {
    const rms = (t: tf.Tensor) => tf.sqrt(tf.add(t, this.epsilon));
    accumulatedGrad!.assign(tf.add(tf.mul(accumulatedGrad!, this.rho), tf.mul(tf.square(g), 1 - this.rho)));
    const delta = tf.neg(tf.div(tf.mul(rms(accumulatedDelta!), g), rms(accumulatedGrad!)));
    accumulatedDelta!.assign(tf.add(tf.mul(accumulatedDelta!, this.rho), tf.mul(tf.square(delta), 1 - this.rho)));
    x.assign(tf.add(x, tf.mul(delta, lr)));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    return restoreBase(new (cls as unknown as typeof KerasAdadeltaOptimizer)(learningRateOf(c), c.rho as number, c.epsilon as number, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasAdadeltaOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasAdadeltaOptimizer);
tf.serialization.registerClass(KerasAdadeltaOptimizer);
