/**
 * Keras 3's Adam (keras/src/optimizers/adam.py): its update, `amsgrad` and `weightDecay`, on
 * tfjs's AdamOptimizer state (m, v, iterations; weights in tfjs's order and under its class name
 * "Adam", so saved training configs and optimizer weights load either way).
 *
 * Keras's step is `value −= m'·α/(√v'+ε)` with `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)`; tfjs's is
 * `lr·m̂/(√v̂+ε)` on the bias-corrected moments, which puts ε inside the correction and gives other
 * numbers whenever ε is not negligible (Keras's own golden values differ). One kernel per variable
 * per step where the backend has it (cpu, wasm: lib/backend/kernels/adam_step.ts), the same
 * arithmetic as tensor ops elsewhere (webgpu). The β powers come from the step count, so a step
 * reads nothing back from the device.
 */
import * as tf from "@tensorflow/tfjs";
import { adamStepKernelName, type AdamStepAttrs } from "../../backend/kernels/adam_step.js";
import { installBaseOptimizer, learningRateOf, restoreBase, type BaseOptimizerApi } from "./base_optimizer.js";
import { GradientClipping, withClipped } from "./gradient_clipping.js";
import { WeightDecay, type ExcludeFromWeightDecay } from "./weight_decay.js";

type NamedVariable = { originalName: string; variable: tf.Variable };

/**
 * tf.AdamOptimizer's private state, which this class steps in its place. (tfjs's β-power
 * variables accBeta1/2 are left alone: the step count gives the powers, and tfjs's getWeights
 * does not save them.)
 */
interface AdamState {
  accumulatedFirstMoment: NamedVariable[];
  accumulatedSecondMoment: NamedVariable[];
}

export interface KerasAdamExtras {
  /** Keras's AMSGrad variant: the step divides by the running maximum of v. */
  amsgrad?: boolean;
  /** Keras's weight decay (every optimizer's `weight_decay`): `value −= value·weightDecay·lr` before the step. */
  weightDecay?: number;
}

export class KerasAdamOptimizer extends tf.AdamOptimizer {
  readonly amsgrad: boolean;
  private readonly decay: WeightDecay;
  /** Keras's clipnorm / clipvalue / global_clipnorm (gradient_clipping.ts), set by the factories and fromConfig. */
  clipping = new GradientClipping(this.getClassName());
  /** AMSGrad's running maximum of v, one per variable, in the order of the moments. */
  private maxSecondMoment: NamedVariable[] = [];

  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number, extras: KerasAdamExtras = {}) {
    super(learningRate, beta1, beta2, epsilon);
    this.amsgrad = extras.amsgrad === true;
    this.decay = new WeightDecay(extras.weightDecay ?? 0);
  }

  get weightDecay(): number {
    return this.decay.rate;
  }

  /** Keras's `exclude_from_weight_decay(var_list, var_names)`. */
  excludeFromWeightDecay(options: ExcludeFromWeightDecay): void {
    this.decay.exclude(options, this.iterations);
  }

  override applyGradients(original: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    withClipped(this.clipping, original, (gradients) => this.adamStep(gradients as typeof original));
  }

  private adamStep(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v: { name: string }) => v.name) : Object.keys(variableGradients);
    const step = this.iterations + 1;
    const alpha = (this.learningRate * Math.sqrt(1 - Math.pow(this.beta2, step))) / (1 - Math.pow(this.beta1, step));
    const attrs: AdamStepAttrs = { alpha, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    const fused = tf.getKernel(adamStepKernelName, tf.getBackend()) != null;
    this.decay.apply(variableGradients, this.learningRate);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        const zeros = (suffix: string) => ({ originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
        state.accumulatedFirstMoment[i] ??= zeros("m");
        state.accumulatedSecondMoment[i] ??= zeros("v");
        if (this.amsgrad) this.maxSecondMoment[i] ??= zeros("vhat");
        const gradient: tf.Tensor | undefined = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const vHat = this.amsgrad ? this.maxSecondMoment[i]!.variable : undefined;
        if (fused) {
          const inputs: tf.NamedTensorMap = { value, m, v, grad: gradient, ...(vHat ? { vHat } : {}) };
          const [newValue, newM, newV, newVHat] = tf.engine().runKernel(adamStepKernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(newM!);
          v.assign(newV!);
          if (vHat) vHat.assign(newVHat!);
          value.assign(newValue!);
          return;
        }
        m.assign(tf.add(m, tf.mul(tf.sub(gradient, m), 1 - this.beta1)));
        v.assign(tf.add(v, tf.mul(tf.sub(tf.square(gradient), v), 1 - this.beta2)));
        if (vHat) vHat.assign(tf.maximum(vHat, v));
        value.assign(tf.sub(value, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(vHat ?? v), this.epsilon))));
      });
    });
    this.incrementIterations();
  }

  override async getWeights(): Promise<Parameters<tf.Optimizer["setWeights"]>[0]> {
    const weights = await super.getWeights();
    return weights.concat(this.maxSecondMoment.map((v) => ({ name: v.originalName, tensor: v.variable })));
  }

  override async setWeights(weightValues: Parameters<tf.Optimizer["setWeights"]>[0]): Promise<void> {
    if (!this.amsgrad) return super.setWeights(weightValues);
    // [iterations, m…, v…, vhat…]: tfjs's part is the first 1 + 2n.
    const n = (weightValues.length - 1) / 3;
    if (!Number.isInteger(n)) throw new Error(`Adam(amsgrad): expected 1 + 3n optimizer weights (iterations, m, v, vhat), got ${weightValues.length}`);
    await super.setWeights(weightValues.slice(0, 1 + 2 * n));
    tf.dispose(this.maxSecondMoment.map((v) => v.variable));
    this.maxSecondMoment = weightValues.slice(1 + 2 * n).map((w) => ({ originalName: w.name, variable: w.tensor.variable(false) }));
  }

  override dispose(): void {
    super.dispose();
    tf.dispose(this.maxSecondMoment.map((v) => v.variable));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), amsgrad: this.amsgrad, weightDecay: this.weightDecay, ...this.clipping.config() };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return restoreBase(new cls(learningRateOf(config), config.beta1, config.beta2, config.epsilon, { amsgrad: config.amsgrad === true, weightDecay: (config.weightDecay as number | undefined) ?? 0 }), config);
  }
}
// Keras's base-optimizer options (base_optimizer.ts); AdamW inherits them.
export interface KerasAdamOptimizer extends BaseOptimizerApi {}
installBaseOptimizer(KerasAdamOptimizer);
tf.serialization.registerClass(KerasAdamOptimizer);
