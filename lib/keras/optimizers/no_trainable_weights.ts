/**
 * Keras trains a model without trainable weights (a Reshape, a frozen model): the loss is computed
 * and nothing is updated. tfjs's `Optimizer.computeGradients` hands the empty variable list to
 * `variableGrads`, which throws "expects at least one of the input variables to be trainable", so
 * `fit` of such a model failed. With an empty list we compute the loss and no gradients; a missing
 * list still means "all trainable variables", as in tfjs. Installed on tfjs's Optimizer prototype.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.noTrainableWeights");

export function installNoTrainableWeights(): void {
  const proto = tf.Optimizer.prototype as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  const original = proto.computeGradients;
  proto.computeGradients = function (this: tf.Optimizer, f: () => tf.Scalar, varList?: tf.Variable[]) {
    if (varList != null && varList.every((v) => !v.trainable)) return { value: tf.tidy(f), grads: {} };
    return original.call(this, f, varList);
  };
}
