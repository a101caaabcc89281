/**
 * Keras 3's weight decay, which every Keras optimizer takes (`weight_decay`,
 * base_optimizer.py `_apply_weight_decay`): before the update, each variable that has a gradient
 * shrinks by `variable · weightDecay · learningRate`, unless excluded by
 * `excludeFromWeightDecay({ varList, varNames })` (names are regular expressions searched in the
 * variable's name, as Keras's `var_names`).
 */
import * as tf from "@tensorflow/tfjs";

export interface ExcludeFromWeightDecay {
  varList?: tf.Variable[];
  varNames?: string[];
}

export class WeightDecay {
  private excludedVariables = new Set<string>();
  private excludedNames: RegExp | null = null;

  constructor(public rate = 0) {}

  exclude(options: ExcludeFromWeightDecay, stepsTaken: number): void {
    if (stepsTaken > 0) throw new Error("excludeFromWeightDecay() can only be configured before the optimizer's first step");
    this.excludedVariables = new Set((options.varList ?? []).map((v) => v.name));
    const names = [...new Set(options.varNames ?? [])];
    this.excludedNames = names.length > 0 ? new RegExp(names.join("|")) : null;
  }

  appliesTo(name: string): boolean {
    return this.rate > 0 && !this.excludedVariables.has(name) && !this.excludedNames?.test(name);
  }

  /** Shrinks each named variable that has a gradient (Keras skips the ones without). */
  apply(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[], learningRate: number): void {
    if (this.rate === 0) return;
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients) ? variableGradients.map((v) => [v.name, v.tensor]) : Object.entries(variableGradients);
    tf.tidy(() => {
      for (const [name, gradient] of entries) {
        const variable = tf.engine().registeredVariables[name];
        if (gradient == null || variable === undefined || !this.appliesTo(name)) continue;
        variable.assign(tf.sub(variable, tf.mul(variable, this.rate * learningRate)));
      }
    });
  }
}
