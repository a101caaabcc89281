import type * as tf from "@tensorflow/tfjs";

/**
 * The tfjs Layers model folder (`model.json` + one `weights.bin`), the layout
 * `tf.loadLayersModel`, `keras.models.loadModel`, Experiment's checkpoints and the serving
 * loader all read. Writers differ in how they make it atomic; the format is this one place.
 */
export const MODEL_JSON = "model.json";
export const WEIGHTS_FILE = "weights.bin";

/** All weight buffers of a save as one byte array, in order. */
export function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  return Buffer.concat(parts.map((b) => new Uint8Array(b)));
}

/** The `model.json` document for `artifacts`, naming `weights.bin` beside it. */
export function modelJsonOf(artifacts: tf.io.ModelArtifacts): Record<string, unknown> {
  return {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? "layers-model",
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    trainingConfig: artifacts.trainingConfig,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
  };
}
