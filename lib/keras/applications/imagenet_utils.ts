/**
 * Keras's `keras.applications.imagenet_utils`: `preprocessInput` (modes "caffe", "tf", "torch")
 * and `decodePredictions`. The ImageNet class index is Keras's own `imagenet_class_index.json`,
 * read from the Keras cache (`~/.keras/models/` or `$KERAS_HOME/models/`); it is not downloaded.
 */
import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { kerasAutoName } from "./layer_names.js";
import { safeString } from "./input_shape.js";
import { kerasModelsFile } from "./keras_cache.js";
import { DataFormat, ImagenetPreprocessing, PreprocessMode, preprocessTensor } from "./imagenet_preprocessing_layer.js";

export type { DataFormat, PreprocessMode };

export interface PreprocessOptions {
  /** "channels_last" (default, tfjs's layout) or "channels_first". */
  dataFormat?: DataFormat | null;
  /** "caffe" (default), "tf" or "torch". */
  mode?: PreprocessMode;
}

/** Images as a tensor or nested arrays of pixel values in [0, 255]. */
export type ImageData = tf.Tensor | tf.TensorLike;

export interface Preprocessor {
  (x: tf.SymbolicTensor, options?: { dataFormat?: DataFormat | null }): tf.SymbolicTensor;
  (x: ImageData, options?: { dataFormat?: DataFormat | null }): tf.Tensor;
}

export function preprocessInput(x: tf.SymbolicTensor, options?: PreprocessOptions): tf.SymbolicTensor;
export function preprocessInput(x: ImageData, options?: PreprocessOptions): tf.Tensor;
export function preprocessInput(x: ImageData | tf.SymbolicTensor, options: PreprocessOptions = {}): tf.Tensor | tf.SymbolicTensor {
  return preprocessWith("imagenet_utils.preprocessInput", x, options, ["dataFormat", "mode"]);
}

/** The per-application `preprocessInput` (e.g. `resnet50.preprocessInput`), with its fixed mode. */
export function preprocessorFor(fn: string, mode: PreprocessMode): Preprocessor {
  const preprocess = (x: ImageData | tf.SymbolicTensor, options: { dataFormat?: DataFormat | null } = {}) =>
    preprocessWith(fn, x, { ...checkObject(fn, options), mode }, ["dataFormat"], options);
  return preprocess as Preprocessor;
}

function preprocessWith(
  fn: string,
  x: ImageData | tf.SymbolicTensor,
  options: PreprocessOptions,
  acceptedKeys: string[],
  userOptions: object = options,
): tf.Tensor | tf.SymbolicTensor {
  checkObject(fn, userOptions);
  for (const key of Object.keys(userOptions)) {
    if (!acceptedKeys.includes(key)) throw new Error(`${fn}: unknown option ${key}; accepted options are ${acceptedKeys.join(", ")}.`);
  }
  const mode = options.mode ?? "caffe";
  if (mode !== "caffe" && mode !== "tf" && mode !== "torch") {
    throw new Error(`${fn}: mode must be one of "caffe", "tf" or "torch"; received mode=${safeString(mode)}.`);
  }
  const dataFormat = options.dataFormat ?? "channels_last";
  if (dataFormat !== "channels_last" && dataFormat !== "channels_first") {
    throw new Error(`${fn}: dataFormat must be "channels_first" or "channels_last"; received dataFormat=${safeString(dataFormat)}.`);
  }
  if (x instanceof tf.SymbolicTensor) {
    return new ImagenetPreprocessing({ mode, dataFormat, name: kerasAutoName("imagenet_preprocessing") }).apply(x) as tf.SymbolicTensor;
  }
  if (x instanceof tf.Tensor) return preprocessTensor(x, mode, dataFormat);
  let tensor: tf.Tensor;
  try {
    tensor = tf.tensor(x as tf.TensorLike, undefined, "float32");
  } catch (err) {
    throw new Error(`${fn}: x must be a tensor or nested arrays of pixel values; ${(err as Error).message}`);
  }
  try {
    return preprocessTensor(tensor, mode, dataFormat);
  } finally {
    tensor.dispose();
  }
}

function checkObject(fn: string, options: unknown): object {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`${fn}: options must be an object like { dataFormat: "channels_last" }; received ${safeString(options)}.`);
  }
  return options;
}

/** One decoded guess: WordNet id, class name, score — Keras's `(class_name, class_description, score)`. */
export type DecodedPrediction = [wordnetId: string, className: string, score: number];

const CLASS_INDEX_FILE = "imagenet_class_index.json";
const CLASS_INDEX_URL = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json";
let classIndex: Array<[string, string]> | null = null;

/** Reads Keras's ImageNet class index from the Keras cache, once. */
export function loadImagenetClassIndex(): Array<[string, string]> {
  if (classIndex !== null) return classIndex;
  const file = kerasModelsFile(CLASS_INDEX_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(
      `decodePredictions needs Keras's ImageNet class index ${CLASS_INDEX_FILE}, which is not in the Keras cache. ` +
        `Put it at ${file} (download ${CLASS_INDEX_URL} on a machine with network access, or copy it from a Python Keras ` +
        `cache ~/.keras/models/). Nothing is downloaded at run time.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const index: Array<[string, string]> = [];
  for (let i = 0; i < 1000; i++) {
    const entry = (parsed as Record<string, unknown> | null)?.[String(i)];
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || typeof entry[1] !== "string") {
      throw new Error(`${file} is not Keras's ImageNet class index: entry "${i}" should be ["<wordnet id>", "<class name>"]; found ${safeString(entry)}.`);
    }
    index.push([entry[0], entry[1]]);
  }
  classIndex = index;
  return index;
}

/**
 * Keras's `decode_predictions`: for each sample of a `[samples, 1000]` batch, the `top` classes
 * by score, best first.
 */
export function decodePredictions(preds: tf.Tensor | number[][], top = 5): DecodedPrediction[][] {
  const shape = preds instanceof tf.Tensor ? preds.shape : Array.isArray(preds) ? [preds.length, Array.isArray(preds[0]) ? preds[0].length : -1] : [];
  if (shape.length !== 2 || shape[1] !== 1000 || (Array.isArray(preds) && !preds.every((row) => Array.isArray(row) && row.length === 1000))) {
    throw new Error(
      `decodePredictions expects a batch of predictions (a 2-D array of shape [samples, 1000]); received shape [${shape.join(", ")}].`,
    );
  }
  if (!Number.isInteger(top) || top < 1) throw new Error(`decodePredictions: top must be a positive integer; received top=${safeString(top)}.`);
  const index = loadImagenetClassIndex();
  const rows = preds instanceof tf.Tensor ? (preds.arraySync() as number[][]) : preds;
  return rows.map((row) => {
    const order = row.map((score, i) => i).sort((a, b) => row[b]! - row[a]!);
    return order.slice(0, Math.min(top, 1000)).map((i) => [index[i]![0], index[i]![1], row[i]!] as DecodedPrediction);
  });
}

/** For tests: forget the cached class index so the next call reads the cache file again. */
export function forgetImagenetClassIndex(): void {
  classIndex = null;
}
