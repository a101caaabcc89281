/**
 * Keras 3's gradient accumulation, which every Keras optimizer takes (base_optimizer.py
 * `gradient_accumulation_steps`); tfjs's optimizers have none.
 *
 * With n steps, each `applyGradients` adds its gradients to one accumulator per variable; every
 * n-th call (Keras's `(_iterations + 1) % n == 0`) instead applies `(g + accumulated) / n`, the
 * mean of the n calls' gradients, clipped and weight-decayed as a plain step, and zeroes the
 * accumulators. Keras's `_iterations` counts the calls; its `iterations` (what Adam's bias
 * correction and the EMA see) is `_iterations // n`, which is exactly tfjs's own counter here,
 * since the wrapped optimizer steps only on the n-th call. The accumulators are optimizer
 * weights named `<variable>/gradient_accumulator`, and the call count one named
 * `gradient_accumulation_iterations`, saved after tfjs's own.
 */
import * as tf from "@tensorflow/tfjs";

/** One optimizer weight, as tfjs's getWeights / setWeights pass them. */
type NamedWeight = { name: string; tensor: tf.Tensor };

export const ACCUMULATOR_SUFFIX = "/gradient_accumulator";
export const CALL_COUNT_NAME = "gradient_accumulation_iterations";

type Accumulator = { variableName: string; accumulated: tf.Variable };

export class GradientAccumulation {
  readonly steps: number | null;
  /** Keras's `_iterations`: every `applyGradients` call so far. */
  calls = 0;
  private accumulators: Accumulator[] = [];

  constructor(owner: string, steps: number | null = null) {
    if (steps !== null && !(Number.isInteger(steps) && steps >= 2)) {
      throw new RangeError(`${owner}: \`gradientAccumulationSteps\` must be an integer >= 2 or null; got ${JSON.stringify(steps)}`);
    }
    this.steps = steps;
  }

  get active(): boolean {
    return this.steps !== null;
  }

  /** The accumulators, in build order (Keras's `_accumulated_gradients`). */
  get variables(): tf.Variable[] {
    return this.accumulators.map((a) => a.accumulated);
  }

  /**
   * One call's gradients, by position (tfjs's optimizers and Keras's pair slots with variables
   * by position; a missing gradient leaves its accumulator as it is): on the n-th call, the mean
   * gradients (owned by the caller; missing ones stay missing) with the accumulators zeroed;
   * otherwise null, after adding them to the accumulators. Counts the call either way.
   */
  accumulate(gradients: { name: string; tensor: tf.Tensor | undefined }[]): { name: string; tensor: tf.Tensor | undefined }[] | null {
    const steps = this.steps!;
    const isUpdateStep = (this.calls + 1) % steps === 0;
    this.calls += 1;
    gradients.forEach(({ name }, i) => {
      const variable = tf.engine().registeredVariables[name];
      if (variable !== undefined) this.accumulators[i] ??= { variableName: name, accumulated: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
      if (this.accumulators[i]) this.accumulators[i]!.variableName = name;
    });
    if (!isUpdateStep) {
      tf.tidy(() => {
        gradients.forEach(({ tensor }, i) => {
          const accumulated = this.accumulators[i]?.accumulated;
          if (tensor != null && accumulated) accumulated.assign(tf.add(accumulated, tensor));
        });
      });
      return null;
    }
    const mean = gradients.map(({ name, tensor }, i) => {
      const accumulated = this.accumulators[i]?.accumulated;
      return { name, tensor: tensor == null ? undefined : tf.tidy(() => tf.div(accumulated ? tf.add(tensor, accumulated) : tensor, steps)) };
    });
    // Keras zeroes every accumulator, also those of variables without a gradient this call.
    tf.tidy(() => {
      for (const a of this.accumulators) a?.accumulated.assign(tf.zerosLike(a.accumulated));
    });
    return mean;
  }

  /** The call count and accumulators as optimizer weights, appended to tfjs's. */
  weights(): NamedWeight[] {
    if (!this.active) return [];
    return [{ name: CALL_COUNT_NAME, tensor: tf.scalar(this.calls, "int32") }, ...this.accumulators.map((a) => ({ name: `${a.variableName}${ACCUMULATOR_SUFFIX}`, tensor: a.accumulated }))];
  }

  /** Restores the call count and accumulators from saved optimizer weights (the caller picks them out by name). */
  async setWeights(weights: NamedWeight[]): Promise<void> {
    const count = weights.find((w) => w.name === CALL_COUNT_NAME);
    if (count !== undefined) this.calls = (await count.tensor.data())[0]!;
    tf.dispose(this.variables);
    this.accumulators = weights
      .filter((w) => w.name.endsWith(ACCUMULATOR_SUFFIX))
      .map((w) => ({ variableName: w.name.slice(0, -ACCUMULATOR_SUFFIX.length), accumulated: tf.tidy(() => tf.clone(w.tensor).variable(false)) }));
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.accumulators = [];
  }
}
