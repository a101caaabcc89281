/**
 * `keras.utils.splitDataset`, mirroring `split_dataset` in Keras 3's
 * keras/src/utils/dataset_utils.py (the tf.data path, `_split_dataset_tf`): the samples of a
 * tensor (its rows), of a list of same-length tensors (`[x, y]`: sample `i` is `[x[i], y[i]]`, as
 * Keras's tuples), of an object of same-length tensors (ours: sample `i` is `{k: t[i]}`, so
 * `{xs, ys}` splits straight into `model.fitDataset` input) or of a `tf.data.Dataset` (its
 * elements), optionally shuffled, cut into a left part of `leftSize` samples and a right part of
 * the last `rightSize` samples, each returned as a `tf.data.Dataset`. Sizes and errors as Keras's
 * `_rescale_dataset_split_sizes` (a fraction rounds half to even, as Python's `round`); a JS
 * number that is an integer is a sample count, any other a fraction.
 *
 * tfjs datasets do not record a batch size, so a batched `tf.data.Dataset` is split by its
 * elements (its batches), where Keras unbatches and rebatches. The shuffle is seeded by
 * mulberry32, not Python's `random`.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "../../random/mulberry32.js";
import { randomSeed, seededShuffle } from "./dataset_utils.js";

export interface SplitDatasetOptions {
  /** A fraction in (0, 1) or a number of samples; defaults to the complement of `rightSize`. */
  leftSize?: number | null;
  /** A fraction in (0, 1) or a number of samples; defaults to the complement of `leftSize`. */
  rightSize?: number | null;
  shuffle?: boolean;
  seed?: number | null;
}

type Columns = tf.Tensor[] | { [name: string]: tf.Tensor };

/** Python's `round`: halves to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const typeName = (x: unknown) => (x === null ? "null" : Array.isArray(x) ? "array" : typeof x);

/** Keras's `_rescale_dataset_split_sizes`. */
export function rescaleDatasetSplitSizes(leftSize: number | null | undefined, rightSize: number | null | undefined, totalLength: number): [number, number] {
  const isNum = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  const l = leftSize ?? null;
  const r = rightSize ?? null;
  if (l !== null && !isNum(l) && r !== null && !isNum(r)) {
    throw new TypeError(`Invalid \`left_size\` and \`right_size\` Types. Expected: integer or float or None, Received: type(left_size)=${typeName(l)} and type(right_size)=${typeName(r)}`);
  }
  if (l !== null && !isNum(l)) throw new TypeError(`Invalid \`left_size\` Type. Expected: int or float or None, Received: type(left_size)=${typeName(l)}.  `);
  if (r !== null && !isNum(r)) throw new TypeError(`Invalid \`right_size\` Type. Expected: int or float or None,Received: type(right_size)=${typeName(r)}.`);
  if (l === 0 && r === 0) throw new Error("Both `left_size` and `right_size` are zero. At least one of the split sizes must be non-zero.");
  const lInt = l !== null && Number.isInteger(l);
  const rInt = r !== null && Number.isInteger(r);
  if (l !== null && (lInt ? l <= 0 || l >= totalLength : l <= 0 || l >= 1)) {
    throw new Error(`\`left_size\` should be either a positive integer smaller than ${totalLength}, or a float within the range \`[0, 1]\`. Received: left_size=${l}`);
  }
  if (r !== null && (rInt ? r <= 0 || r >= totalLength : r <= 0 || r >= 1)) {
    throw new Error(`\`right_size\` should be either a positive integer and smaller than ${totalLength} or a float within the range \`[0, 1]\`. Received: right_size=${r}`);
  }
  if (l !== null && r !== null && !lInt && !rInt && l + r > 1) {
    throw new Error("The sum of `left_size` and `right_size` is greater than 1. It must be less than or equal to 1.");
  }
  let left = l === null ? null : lInt ? l : roundHalfEven(l * totalLength);
  let right = r === null ? null : rInt ? r : roundHalfEven(r * totalLength);
  if (left === null) left = totalLength - right!;
  else if (right === null) right = totalLength - left;
  if (left + right! > totalLength) {
    throw new Error(`The sum of \`left_size\` and \`right_size\` should be smaller than the ${totalLength}. Received: left_size + right_size = ${left + right!}and total_length = ${totalLength}`);
  }
  for (const [split, side] of [[left, "left"], [right!, "right"]] as const) {
    if (split === 0) {
      throw new Error(`With \`dataset\` of length=${totalLength}, \`left_size\`=${left} and \`right_size\`=${right}.Resulting ${side} side dataset split will be empty. Adjust any of the aforementioned parameters`);
    }
  }
  return [left, right!];
}

function checkColumns(columns: tf.Tensor[], kind: string): void {
  if (columns.length === 0) throw new Error(`Received an empty ${kind} dataset. Please provide a non-empty ${kind} of arrays.`);
  columns.forEach((c, i) => {
    if (!(c instanceof tf.Tensor)) throw new Error(`Expected a ${kind} of tensors, Received: ${typeName(c)} at index ${i}.`);
    if (c.rank === 0) throw new Error(`Expected a ${kind} of tensors with a sample axis, Received: a scalar at index ${i}.`);
    if (c.shape[0] !== columns[0]!.shape[0]) {
      throw new Error(
        `Received a ${kind} of tensors with different lengths. Mismatch found at index ${i}, Expected shape=[${columns[0]!.shape}] Received shape=[${c.shape}]. ` +
          `Please provide a ${kind} of tensors of the same length.`,
      );
    }
  });
}

const emptyDataset = () => new Error("Received an empty dataset. Argument `dataset` must be a non-empty list/tuple of `numpy.ndarray` objects or `tf.data.Dataset` objects.");

function samplesOf(dataset: tf.Tensor | Columns): tf.TensorContainer[] {
  if (dataset instanceof tf.Tensor) {
    if (dataset.rank === 0 || dataset.shape[0] === 0) throw emptyDataset();
    return tf.unstack(dataset);
  }
  if (Array.isArray(dataset)) {
    checkColumns(dataset, "list");
    const rows = dataset.map((c) => tf.unstack(c));
    return rows[0]!.map((_, i) => rows.map((r) => r[i]!));
  }
  const keys = Object.keys(dataset);
  checkColumns(keys.map((k) => dataset[k]!), "object");
  const rows = keys.map((k) => tf.unstack(dataset[k]!));
  return rows[0]!.map((_, i) => Object.fromEntries(keys.map((k, j) => [k, rows[j]![i]!])));
}

function checkSameShapes(samples: tf.TensorContainer[]): void {
  const first = samples[0];
  if (!(first instanceof tf.Tensor)) return; // Keras checks plain-array samples only
  samples.slice(1).forEach((s, i) => {
    const shape = s instanceof tf.Tensor ? s.shape : null;
    if (shape === null || shape.length !== first.shape.length || shape.some((d, k) => d !== first.shape[k])) {
      throw new Error(`All \`dataset\` samples must have same shape, Expected shape: [${first.shape}] Received shape: ${shape === null ? typeName(s) : `[${shape}]`} at index ${i}.`);
    }
  });
}

function split<T extends tf.TensorContainer>(samples: T[], options: SplitDatasetOptions): [tf.data.Dataset<T>, tf.data.Dataset<T>] {
  const { leftSize = null, rightSize = null, shuffle = false } = options;
  if (shuffle) seededShuffle(samples, mulberry32(options.seed ?? randomSeed()));
  const [left, right] = rescaleDatasetSplitSizes(leftSize, rightSize, samples.length);
  tf.dispose(samples.slice(left, samples.length - right)); // in neither part
  // The datasets clone each element they yield, so consumers (fitDataset disposes its batches)
  // cannot spoil a later pass.
  return [tf.data.array(samples.slice(0, left)), tf.data.array(samples.slice(samples.length - right))];
}

function checkSizesGiven(options: SplitDatasetOptions): void {
  if (options.leftSize == null && options.rightSize == null) {
    throw new Error("At least one of the `left_size` or `right_size` must be specified. Received: left_size=None and right_size=None");
  }
}

/**
 * Splits a dataset into a left and a right part (e.g. train / test), each a `tf.data.Dataset`
 * of samples. Synchronous for tensors, list and objects of tensors; a Promise for a
 * `tf.data.Dataset` (its elements are read first).
 */
export function splitDataset(dataset: tf.Tensor, options: SplitDatasetOptions): [tf.data.Dataset<tf.Tensor>, tf.data.Dataset<tf.Tensor>];
export function splitDataset(dataset: tf.Tensor[], options: SplitDatasetOptions): [tf.data.Dataset<tf.Tensor[]>, tf.data.Dataset<tf.Tensor[]>];
export function splitDataset(dataset: { [name: string]: tf.Tensor }, options: SplitDatasetOptions): [tf.data.Dataset<{ [name: string]: tf.Tensor }>, tf.data.Dataset<{ [name: string]: tf.Tensor }>];
export function splitDataset<T extends tf.TensorContainer>(dataset: tf.data.Dataset<T>, options: SplitDatasetOptions): Promise<[tf.data.Dataset<T>, tf.data.Dataset<T>]>;
export function splitDataset(
  dataset: tf.Tensor | Columns | tf.data.Dataset<tf.TensorContainer>,
  options: SplitDatasetOptions = {},
): [tf.data.Dataset<tf.TensorContainer>, tf.data.Dataset<tf.TensorContainer>] | Promise<[tf.data.Dataset<tf.TensorContainer>, tf.data.Dataset<tf.TensorContainer>]> {
  if (dataset instanceof tf.data.Dataset) {
    checkSizesGiven(options);
    return dataset.toArray().then((samples) => {
      if (samples.length === 0) throw emptyDataset();
      checkSameShapes(samples);
      return split(samples, options);
    });
  }
  const isColumns = Array.isArray(dataset) || (dataset !== null && typeof dataset === "object" && !(dataset instanceof tf.Tensor) && Object.getPrototypeOf(dataset) === Object.prototype);
  if (!(dataset instanceof tf.Tensor) && !isColumns) {
    throw new TypeError(`The \`dataset\` argument must be either a \`tf.data.Dataset\` object, a tensor, or a list/object of tensors. Received: dataset=${String(dataset)} of type ${typeName(dataset)}`);
  }
  checkSizesGiven(options);
  const samples = samplesOf(dataset as tf.Tensor | Columns);
  try {
    return split(samples, options);
  } catch (e) {
    tf.dispose(samples);
    throw e;
  }
}
