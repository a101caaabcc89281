/**
 * `keras.utils.textDatasetFromDirectory`, mirroring Keras 3's
 * keras/src/utils/text_dataset_utils.py (`text_dataset_from_directory`, format "tf"): the `.txt`
 * files under `directory` as a dataset of string tensors (a batch is a `[n]` string tensor, each
 * file's bytes, cut to `maxLength` bytes as `tf.strings.substr`), with labels from the
 * subfolders (see dataset_utils.ts's `indexDirectory`): `{xs, ys}` elements, what
 * `model.fitDataset` takes, where Keras yields `(texts, labels)`. `subset: "both"` returns
 * `[training, validation]`. Files are read when a batch is made, as Keras's `map`.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import {
  Batch,
  checkLabelArgs,
  checkValidationSplitArg,
  getTrainingOrValidationSplit,
  indexDirectory,
  KerasDataset,
  LabelMode,
  Labels,
  randomSeed,
  samplesToDataset,
  Subset,
} from "./dataset_utils.js";

export interface TextDatasetOptions {
  /** "inferred" (default: one class per subfolder), null, or one integer label per file in alphanumeric path order. */
  labels?: Labels;
  /** "int" (default), "categorical", "binary" or null (texts only). */
  labelMode?: LabelMode;
  /** With inferred labels: the subfolders to use, in this order. */
  classNames?: readonly string[] | null;
  /** Default 32; null yields single texts (scalar string tensors). */
  batchSize?: number | null;
  /** Keep at most this many bytes of each file. */
  maxLength?: number | null;
  /** Default true. */
  shuffle?: boolean;
  seed?: number | null;
  validationSplit?: number | null;
  subset?: Subset | null;
  /** Walk into symlinked folders. Default false. */
  followLinks?: boolean;
  /** Print the counts found, as Keras. Default true. */
  verbose?: boolean;
}

export function textDatasetFromDirectory(directory: string, options: TextDatasetOptions & { subset: "both" }): [KerasDataset<Batch>, KerasDataset<Batch>];
export function textDatasetFromDirectory(directory: string, options?: TextDatasetOptions): KerasDataset<Batch>;
export function textDatasetFromDirectory(directory: string, options: TextDatasetOptions = {}): KerasDataset<Batch> | [KerasDataset<Batch>, KerasDataset<Batch>] {
  let { labels = "inferred", labelMode = "int" } = options;
  const { classNames = null, batchSize = 32, maxLength = null, shuffle = true, validationSplit = null, subset = null, followLinks = false, verbose = true } = options;
  checkLabelArgs(labels, labelMode, classNames, "text");
  if (maxLength !== null && (!Number.isInteger(maxLength) || maxLength < 0)) throw new Error(`\`max_length\` must be a non-negative integer. Received: max_length=${maxLength}`);
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1)) throw new Error(`\`batch_size\` must be a positive integer or None. Received: batch_size=${batchSize}`);
  if (labels === null || labelMode === null) {
    labels = null;
    labelMode = null;
  }
  checkValidationSplitArg(validationSplit, subset, shuffle, options.seed);
  const seed = options.seed ?? randomSeed();
  const index = indexDirectory(directory, labels, [".txt"], { classNames, shuffle, seed, followLinks, verbose });
  if (labelMode === "binary" && index.classNames!.length !== 2) {
    throw new Error(`When passing \`label_mode="binary"\`, there must be exactly 2 class_names. Received: class_names=${JSON.stringify(index.classNames)}`);
  }
  const numClasses = index.classNames ? index.classNames.length : 0;
  const make = (paths: string[], ls: number[] | null, shuffled: boolean) => {
    const ds = samplesToDataset({
      load: async (i) => {
        const bytes = new Uint8Array(await fs.promises.readFile(paths[i]!));
        return maxLength !== null ? bytes.slice(0, maxLength) : bytes;
      },
      // tfjs keeps a string tensor's elements as bytes: these are the file's, undecoded.
      stack: (texts) => tf.tensor(texts as unknown as string[], [texts.length], "string"),
      single: (text) => tf.tensor([text] as unknown as string[], [], "string"),
      count: paths.length,
      labels: ls,
      labelMode,
      numClasses,
      batchSize,
      shuffle: shuffled,
      seed,
    });
    ds.classNames = index.classNames;
    ds.filePaths = paths;
    return ds;
  };
  if (subset === "both") {
    const [trainPaths, trainLabels] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, "training", verbose);
    const [valPaths, valLabels] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, "validation", verbose);
    if (trainPaths.length === 0) throw new Error(`No training text files found in directory ${directory}. Allowed format: .txt`);
    if (valPaths.length === 0) throw new Error(`No validation text files found in directory ${directory}. Allowed format: .txt`);
    return [make(trainPaths, trainLabels, shuffle), make(valPaths, valLabels, false)];
  }
  const [paths, ls] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, subset, verbose);
  if (paths.length === 0) throw new Error(`No text files found in directory ${directory}. Allowed format: .txt`);
  return make(paths, ls, shuffle);
}
