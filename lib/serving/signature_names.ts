import type * as tf from "@tensorflow/tfjs";

/**
 * The signature's input and output names: the layer names, as Keras's SavedModel signature uses.
 * Read from the symbolic tensors because a `tf.Sequential` leaves `inputNames` empty until built.
 */
export function inputNames(model: tf.LayersModel): string[] {
  return model.inputs.map((t) => t.sourceLayer.name);
}

export function outputNames(model: tf.LayersModel): string[] {
  return model.outputs.map((t) => t.sourceLayer.name);
}
