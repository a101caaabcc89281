/**
 * Keras 3's Ftrl (keras/src/optimizers/ftrl.py; McMahan et al., "Ad Click Prediction"): the
 * follow-the-regularized-leader update with L1, L2 and L2-shrinkage strengths and `beta`, its
 * accumulator starting at `initialAccumulatorValue`. tfjs has no Ftrl.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export interface FtrlSettings {
  learningRatePower: number;
  initialAccumulatorValue: number;
  l1RegularizationStrength: number;
  l2RegularizationStrength: number;
  l2ShrinkageRegularizationStrength: number;
  beta: number;
}

export const FTRL_DEFAULTS: FtrlSettings = {
  learningRatePower: -0.5,
  initialAccumulatorValue: 0.1,
  l1RegularizationStrength: 0,
  l2RegularizationStrength: 0,
  l2ShrinkageRegularizationStrength: 0,
  beta: 0,
};

/** Keras's checks, with Keras's messages (in our option names). */
function checkSettings(s: FtrlSettings): void {
  const nonNegative = ["initialAccumulatorValue", "l1RegularizationStrength", "l2RegularizationStrength", "l2ShrinkageRegularizationStrength"] as const;
  for (const key of nonNegative) {
    if (!(s[key] >= 0)) throw new RangeError(`\`${key}\` needs to be positive or zero. Received: ${key}=${s[key]}.`);
  }
  if (!(s.learningRatePower <= 0)) throw new RangeError(`\`learningRatePower\` needs to be negative or zero. Received: learningRatePower=${s.learningRatePower}.`);
}

export class KerasFtrlOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["accumulator", "linear"] as const;
  readonly settings: FtrlSettings;
  static get className(): string {
    return "Ftrl";
  }
  constructor(learningRate: number, settings: Partial<FtrlSettings> = {}, weightDecay = 0) {
    super(learningRate, weightDecay);
    this.settings = { ...FTRL_DEFAULTS, ...settings };
    checkSettings(this.settings);
  }
  protected override initialSlot(variable: tf.Variable, slot: number): tf.Tensor {
    return slot === 0 ? tf.fill(variable.shape, this.settings.initialAccumulatorValue) : tf.zerosLike(variable);
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [accumulator, linear]: tf.Variable[], lr: number): void {
    const s = this.settings;
    const power = -s.learningRatePower;
    const l2 = s.l2RegularizationStrength + s.beta / (2 * lr);
    const gradToUse = tf.add(g, tf.mul(x, 2 * s.l2ShrinkageRegularizationStrength));
    const newAccumulator = tf.add(accumulator!, tf.square(g));
    const newPower = tf.pow(newAccumulator, power);
    linear!.assign(tf.add(linear!, tf.sub(gradToUse, tf.mul(tf.div(tf.sub(newPower, tf.pow(accumulator!, power)), lr), x))));
    const quadratic = tf.add(tf.div(newPower, lr), 2 * l2);
    const clipped = tf.clipByValue(linear!, -s.l1RegularizationStrength, s.l1RegularizationStrength);
    x.assign(tf.div(tf.sub(clipped, linear!), quadratic));
    accumulator!.assign(newAccumulator);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.settings };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    const settings = Object.fromEntries(Object.keys(FTRL_DEFAULTS).filter((k) => typeof c[k] === "number").map((k) => [k, c[k]])) as Partial<FtrlSettings>;
    return restoreBase(new (cls as unknown as typeof KerasFtrlOptimizer)(learningRateOf(c), settings, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasFtrlOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasFtrlOptimizer);
tf.serialization.registerClass(KerasFtrlOptimizer);
