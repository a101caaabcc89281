/**
 * Adam whose step is one kernel per variable (lib/backend/kernels/adam_step.ts) on the backends
 * that have it (cpu, wasm), and tfjs's own step elsewhere. Same state (m, v, β powers), same
 * weights order and same arithmetic as tf.AdamOptimizer, registered under tfjs's class name
 * "Adam", so saved training configs and optimizer weights load either way.
 */
import * as tf from "@tensorflow/tfjs";
import { adamStepKernelName, type AdamStepAttrs } from "../../backend/kernels/adam_step.js";

type NamedVariable = { originalName: string; variable: tf.Variable };

/** tf.AdamOptimizer's private state, which this class steps in its place. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: NamedVariable[];
  accumulatedSecondMoment: NamedVariable[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0]): void {
    if (!tf.getKernel(adamStepKernelName, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v: { name: string }) => v.name) : Object.keys(variableGradients);
    const [accBeta1, accBeta2] = [state.accBeta1.dataSync()[0]!, state.accBeta2.dataSync()[0]!];
    const attrs: AdamStepAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: Math.fround(1 - accBeta1),
      oneMinusAccBeta2: Math.fround(1 - accBeta2),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient: tf.Tensor | undefined = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(
          adamStepKernelName, { value, m, v, grad: gradient }, attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
tf.serialization.registerClass(FusedAdamOptimizer);
