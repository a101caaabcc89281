/**
 * Keras 3's hard sigmoid, `relu6(x + 3) / 6`: 0 for x ≤ -3, 1 for x ≥ 3, x/6 + ½ between.
 *
 * tfjs's "hardSigmoid" is Keras 2's, `clip(0.2·x + 0.5, 0, 1)`: a different function (0.7 at
 * x = 1 where Keras 3 gives 0.667), so `activation: "hard_sigmoid"` silently gave other numbers.
 * This class takes tfjs's registered name "hardSigmoid", so every way tfjs resolves the name
 * (a layer's `activation`, an LSTM's `recurrentActivation`, a saved model's "hard_sigmoid",
 * which tfjs reads as "hardSigmoid") gets Keras 3's function, and saving still writes
 * "hard_sigmoid", as Keras does. Registering is idempotent: the last registration wins.
 */
import * as tf from "@tensorflow/tfjs";
import { hardSigmoid } from "./activation_ops.js";
import { TfActivation } from "./tf_activation.js";

export class KerasHardSigmoid extends TfActivation {
  static className = "hardSigmoid";
  override apply(x: tf.Tensor): tf.Tensor {
    return hardSigmoid(x);
  }
}

/** Installs Keras 3's hard sigmoid under tfjs's name (see the file comment). */
export function registerKerasHardSigmoid(): void {
  tf.serialization.SerializationMap.register(KerasHardSigmoid as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

registerKerasHardSigmoid();
