/**
 * Keras 3's model losses, installed once on tfjs's Container (the base of every LayersModel and
 * Sequential's inner model).
 *
 * `model.losses` is Layer's (layers/layer_losses.ts): the call losses (activity regularizers,
 * `addLoss(tensor)`) and weight-regularizer penalties of every layer the model tracks, nested
 * models included, each layer once. tfjs's Container overrides `calculateLosses` (what `fit`
 * adds to the loss) with its own walk, which asks each layer once per call node (a layer shared
 * by two branches had its kernel regularizer counted twice) and only for the layer's own losses
 * (an RNN's regularizers, held by its cell, never counted); here it is `model.losses`, as Keras's
 * trainer adds `self.losses`.
 *
 * model_extensions.ts runs each training step as one Keras call of the model (`runAsOneCall`;
 * Keras's `train_step` calls `self(x)`): the call losses are reset once, before the step, so a
 * layer called twice in the step keeps both calls' losses, and the step's loss reads them all.
 */
import * as tf from "@tensorflow/tfjs";
import { installLayerLosses, kerasLosses } from "../layers/layer_losses.js";

const INSTALLED = Symbol.for("tslab-keras.modelLosses");

export function installModelLosses(): void {
  const containerProto = Object.getPrototypeOf(tf.LayersModel.prototype) as Record<string | symbol, unknown>;
  if (containerProto[INSTALLED]) return;
  Object.defineProperty(containerProto, INSTALLED, { value: true });
  installLayerLosses();
  containerProto.calculateLosses = function (this: tf.layers.Layer) {
    return kerasLosses(this);
  };
}
