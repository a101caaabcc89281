/**
 * The shape every Keras optimizer that tfjs lacks (or gets wrong) shares: per-variable slot
 * variables in Keras's order, Keras's `weight_decay` and clipping before the update, then the
 * class's `updateStep` for each variable with a gradient, then the iteration count. tfjs's
 * Optimizer supplies the iteration count and its saving; this class saves the slots after it
 * (`getWeights`/`setWeights`, as tfjs's own optimizers do), so a model saved with its optimizer
 * resumes where it stopped. Subclasses are installed with Keras's base-optimizer options
 * (base_optimizer.ts) like the others.
 */
import * as tf from "@tensorflow/tfjs";
import { GradientClipping, withClipped } from "./gradient_clipping.js";
import { WeightDecay, type ExcludeFromWeightDecay } from "./weight_decay.js";

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];
type Slot = { originalName: string; variable: tf.Variable };

export abstract class SlotOptimizer extends tf.Optimizer {
  /** Keras's names for this optimizer's slots, e.g. ["momentum", "velocity"]; one variable each per weight. */
  protected abstract readonly slotNames: readonly string[];
  /** slots[k][i]: slot k of the i-th variable (tfjs's optimizers keep their slots by position too). */
  protected slots: Slot[][] = [];
  protected readonly weightDecayRule: WeightDecay;
  clipping = new GradientClipping(this.getClassName());

  constructor(public learningRate: number, weightDecay: number) {
    super();
    this.weightDecayRule = new WeightDecay(weightDecay);
  }

  get weightDecay(): number {
    return this.weightDecayRule.rate;
  }

  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.weightDecayRule.exclude(options, this.iterations);
  }

  /**
   * Keras's `update_step` for one variable: `slots` are its slot variables in `slotNames` order;
   * `step` is Keras's `iterations` before this update (0 on the first).
   */
  protected abstract updateStep(gradient: tf.Tensor, variable: tf.Variable, slots: tf.Variable[], learningRate: number, step: number): void;

  /** Once per update, before the variables' steps (Nadam's running product). */
  protected beforeUpdate(_step: number): void {}

  /** A slot's starting value (zeros unless the class says otherwise). */
  protected initialSlot(variable: tf.Variable, _slot: number): tf.Tensor {
    return tf.zerosLike(variable);
  }

  override applyGradients(original: Gradients): void {
    withClipped(this.clipping, original, (gradients) => {
      this.weightDecayRule.apply(gradients, this.learningRate);
      const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
      const step = this.iterations;
      this.beforeUpdate(step);
      tf.tidy(() => {
        names.forEach((name, i) => {
          const variable = tf.engine().registeredVariables[name]!;
          const slots = this.slotNames.map((slotName, k) => {
            this.slots[k] ??= [];
            this.slots[k]![i] ??= { originalName: `${name}/${slotName}`, variable: tf.tidy(() => this.initialSlot(variable, k).variable(false)) };
            return this.slots[k]![i]!.variable;
          });
          const gradient = Array.isArray(gradients) ? gradients[i]!.tensor : gradients[name];
          if (gradient == null) return;
          this.updateStep(gradient, variable, slots, this.learningRate, step);
        });
      });
      this.incrementIterations();
    });
  }

  override dispose(): void {
    tf.dispose(this.slots.flat().map((s) => s.variable));
    this.slots = [];
  }

  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    const all = this.slots.flatMap((perVariable) => perVariable.map((s) => ({ name: s.originalName, tensor: s.variable })));
    return [await this.saveIterations(), ...all];
  }

  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    const perSlot = this.slotNames.length === 0 ? 0 : values.length / this.slotNames.length;
    if (!Number.isInteger(perSlot)) {
      throw new RangeError(`${this.getClassName()}.setWeights: ${values.length} slot values do not divide among its ${this.slotNames.length} slot kinds (${this.slotNames.join(", ")})`);
    }
    this.dispose();
    this.slots = this.slotNames.map((_, k) =>
      values.slice(k * perSlot, (k + 1) * perSlot).map((v) => ({ originalName: v.name, variable: v.tensor.variable(false) })),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, weightDecay: this.weightDecayRule.rate, ...this.clipping.config() };
  }
}
