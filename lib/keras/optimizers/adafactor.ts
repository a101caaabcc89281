/**
 * Keras 3's Adafactor (keras/src/optimizers/adafactor.py; Shazeer & Stern 2018): the second
 * moment of a variable of rank ≥ 2 is kept factored over its last two axes (row means `r`,
 * column means `c`, v = r/mean(r) ⊗ c), the step is scaled by the variable's RMS and clipped by
 * the update's RMS, and with `relativeStep` the rate is at most 1/√t. tfjs has no Adafactor.
 * As in Keras, a variable of rank < 2 keeps scalar placeholders for r and c and its full v.
 */
import * as tf from "@tensorflow/tfjs";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { SlotOptimizer } from "./slot_optimizer.js";

export interface AdafactorSettings {
  beta2Decay: number;
  epsilon1: number;
  epsilon2: number;
  clipThreshold: number;
  relativeStep: boolean;
}

export const ADAFACTOR_DEFAULTS: AdafactorSettings = { beta2Decay: -0.8, epsilon1: 1e-30, epsilon2: 1e-3, clipThreshold: 1, relativeStep: true };

const rms = (t: tf.Tensor) => tf.sqrt(tf.mean(tf.square(t)));

export class KerasAdafactorOptimizer extends SlotOptimizer {
  protected readonly slotNames = ["r", "c", "velocity"] as const;
  readonly settings: AdafactorSettings;
  static get className(): string {
    return "Adafactor";
  }
  constructor(learningRate: number, settings: Partial<AdafactorSettings> = {}, weightDecay = 0) {
    super(learningRate, weightDecay);
    this.settings = { ...ADAFACTOR_DEFAULTS, ...settings };
  }
  protected override initialSlot(variable: tf.Variable, slot: number): tf.Tensor {
    const shape = variable.shape;
    if (slot === 2) return tf.zerosLike(variable);
    if (shape.length < 2) return tf.scalar(0);
    return tf.zeros(slot === 0 ? shape.slice(0, -1) : [...shape.slice(0, -2), shape[shape.length - 1]!]);
  }
  protected updateStep(g: tf.Tensor, x: tf.Variable, [r, c, v]: tf.Variable[], learningRate: number, step: number): void {
    const s = this.settings;
    const t = step + 1;
    // Keras skips the relative-step cap when the rate is a schedule (a callable there).
    const lr = s.relativeStep && this.learningRateSchedule === null ? Math.min(learningRate, 1 / Math.sqrt(t)) : learningRate;
    const rhoT = Math.min(lr, 1 / Math.sqrt(t));
    const alphaT = tf.mul(tf.maximum(s.epsilon2, rms(x)), rhoT);
    const regulatedSquare = tf.add(tf.square(g), s.epsilon1);
    const beta2T = 1 - Math.pow(t, s.beta2Decay);
    if (x.rank >= 2) {
      r!.assign(tf.add(tf.mul(r!, beta2T), tf.mul(tf.mean(regulatedSquare, -1), 1 - beta2T)));
      c!.assign(tf.add(tf.mul(c!, beta2T), tf.mul(tf.mean(regulatedSquare, -2), 1 - beta2T)));
      v!.assign(tf.mul(tf.expandDims(tf.div(r!, tf.mean(r!, -1, true)), -1), tf.expandDims(c!, -2)));
    } else {
      v!.assign(tf.add(tf.mul(v!, beta2T), tf.mul(regulatedSquare, 1 - beta2T)));
    }
    const u = tf.div(g, tf.sqrt(v!));
    const uHat = tf.div(u, tf.maximum(1, tf.div(rms(u), s.clipThreshold)));
    x.assign(tf.sub(x, tf.mul(alphaT, uHat)));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.settings };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, c: tf.serialization.ConfigDict): T {
    const settings = Object.fromEntries(Object.keys(ADAFACTOR_DEFAULTS).filter((k) => c[k] !== undefined && c[k] !== null).map((k) => [k, c[k]])) as Partial<AdafactorSettings>;
    return restoreBase(new (cls as unknown as typeof KerasAdafactorOptimizer)(learningRateOf(c), settings, (c.weightDecay as number) ?? 0), c) as unknown as T;
  }
}
export interface KerasAdafactorOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasAdafactorOptimizer);
tf.serialization.registerClass(KerasAdafactorOptimizer);
