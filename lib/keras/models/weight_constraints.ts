/**
 * Keras applies each variable's constraint right after the optimizer updates it (Keras 3's
 * `BaseOptimizer.apply`: `variable.assign(variable.constraint(variable))`). tfjs stores a
 * constraint on its LayerVariable but applies it only when a weight is written by hand
 * (`LayerVariable.write`), never during `fit`, `fitDataset` or `trainOnBatch`: a Dense with
 * `kernelConstraint: "non_neg"` trained to negative weights. `applyWeightConstraints` is the step
 * Keras takes; model_extensions.ts runs it after every training step.
 *
 * The other half is the reverse: Keras's `variable.assign` (and so `set_weights`) stores the value
 * as given, while tfjs's `LayerVariable.write` (setWeights, loading) projects it. With
 * `installKerasVariableWrite`, a written value is stored as given, as in Keras.
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

const INSTALLED = Symbol.for("tslab-keras.kerasVariableWrite");

/**
 * tfjs's LayerVariable class is not exported; its prototype is found through a weight of a
 * throwaway layer. `write` keeps tfjs's checks and its skip of a self-assignment, without the
 * constraint.
 */
export function installKerasVariableWrite(): void {
  // Named, so the probe takes no number from tfjs's layer-name counter (users' layers keep theirs).
  const layer = tf.layers.dense({ name: "tslab_keras_variable_probe", units: 1, useBias: false, kernelInitializer: "zeros" });
  layer.build([1]);
  const weight = layer.weights[0] as unknown as { dispose(): void };
  const proto = Object.getPrototypeOf(weight) as Record<PropertyKey, unknown> & { write(v: tf.Tensor): unknown };
  weight.dispose();
  if (proto[INSTALLED] === true) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const originalWrite = proto.write;
  proto.write = function (this: { constraint: unknown }, newVal: tf.Tensor) {
    const constraint = this.constraint;
    this.constraint = null;
    try {
      return originalWrite.call(this, newVal);
    } finally {
      this.constraint = constraint;
    }
  };
}
