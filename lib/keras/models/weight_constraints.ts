/**
 * Keras applies each variable's constraint right after the optimizer updates it (Keras 3's
 * `BaseOptimizer.apply`: `variable.assign(variable.constraint(variable))`). tfjs stores a
 * constraint on its LayerVariable but applies it only when a weight is written by hand
 * (`LayerVariable.write`), never during `fit`, `fitDataset` or `trainOnBatch`: a Dense with
 * `kernelConstraint: "non_neg"` trained to negative weights. `applyWeightConstraints` is the step
 * Keras takes; model_extensions.ts runs it after every training step.
 */
import * as tf from "@tensorflow/tfjs";

interface ConstrainedVariable {
  readonly trainable: boolean;
  readonly constraint: { apply(w: tf.Tensor): tf.Tensor } | null;
  read(): tf.Variable;
}

/** Projects every trainable weight of `model` that has a constraint onto it, in place. */
export function applyWeightConstraints(model: tf.LayersModel): void {
  for (const weight of model.trainableWeights as unknown as ConstrainedVariable[]) {
    const constraint = weight.constraint;
    if (constraint == null || !weight.trainable) continue;
    const value = weight.read();
    // Assign the projection directly: LayerVariable.write would apply the constraint a second time.
    const projected = tf.tidy(() => constraint.apply(value));
    value.assign(projected);
    projected.dispose();
  }
}
