/**
 * The `weights` option of every application: `null` (random initialisation), `"imagenet"`
 * (Keras's pre-trained file from the Keras cache, see keras_cache.ts), or the path of a Keras
 * `.h5` weights file. Nothing is downloaded: a missing ImageNet file is an error that says which
 * file to put where.
 */
import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { h5wasmLoaded, loadKerasH5Weights } from "./keras_h5_weights.js";
import { safeString } from "./input_shape.js";
import { kerasModelsFile } from "./keras_cache.js";

/** Keras's first check in every application, plus the type check Python does not need. */
export function checkWeightsOption(fn: string, weights: unknown): string | null {
  if (weights === null) return null;
  if (weights === "imagenet") return "imagenet";
  if (typeof weights === "string" && weights !== "" && fs.existsSync(weights) && fs.statSync(weights).isFile()) {
    return weights;
  }
  throw new Error(
    `${fn}: weights must be null (random initialisation), "imagenet" (pre-training on ImageNet), ` +
      `or the path of an existing Keras .h5 weights file; received weights=${safeString(weights)}` +
      (typeof weights === "string" && weights !== "imagenet" ? " (no such file)." : "."),
  );
}

/**
 * The file to load for `weights`, found before the model is built so a missing file fails fast.
 * `imagenetFile` is Keras's cache file name for this application and `includeTop`.
 */
export function resolveWeightsFile(fn: string, weights: string | null, imagenetFile: string): string | null {
  if (weights === null) return null;
  let file = weights;
  if (weights === "imagenet") {
    file = kerasModelsFile(imagenetFile);
    if (!fs.existsSync(file)) {
      throw new Error(
        `${fn}: weights "imagenet" needs Keras's pre-trained file ${imagenetFile}, which is not in the Keras cache. ` +
          `Put it at ${file} (download https://storage.googleapis.com/tensorflow/keras-applications/ + its folder + ` +
          `${imagenetFile} on a machine with network access, or copy it from a Python Keras cache ~/.keras/models/). ` +
          `Nothing is downloaded at run time.`,
      );
    }
  }
  if (!h5wasmLoaded()) {
    throw new Error(
      `${fn}: loading weights from ${file} needs h5wasm, which loads asynchronously: run ` +
        "`await keras.applications.loadH5wasm()` once first (the tslab-keras kernel does this at start-up).",
    );
  }
  return file;
}

/** Loads `file` (from `resolveWeightsFile`) into the freshly built `model`; disposes the model on failure. */
export function loadWeightsInto(model: tf.LayersModel, file: string | null): tf.LayersModel {
  if (file === null) return model;
  try {
    loadKerasH5Weights(model, file);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Keras's `imagenet_utils.validate_activation`: pre-trained weights allow only softmax or no activation. */
export function checkClassifierActivation(fn: string, activation: string | null, weights: string | null): void {
  if (weights === null) return;
  if (activation !== null && activation !== "softmax" && activation !== "linear") {
    throw new Error(
      `${fn}: with pre-trained weights and includeTop true, classifierActivation must be "softmax" or null; ` +
        `received classifierActivation=${safeString(activation)}.`,
    );
  }
}
