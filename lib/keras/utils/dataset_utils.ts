/**
 * Mirrors Keras 3's keras/src/utils/dataset_utils.py (the part that the directory datasets
 * share): `index_directory` (files and labels from a folder tree, class names from subfolder
 * names in alphanumeric order), `get_training_or_validation_split`, `check_validation_split_arg`,
 * the label encodings of `labels_to_dataset_tf`, and the shuffled, batched dataset those
 * utilities build (`tf.data`'s `shuffle(buffer, seed)` + `batch`, one fresh order each pass).
 *
 * Shuffles are seeded by mulberry32 (lib/random): the same seed gives the same orders, though
 * not NumPy's permutation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "../../random/mulberry32.js";

export type LabelMode = "int" | "categorical" | "binary" | null;
export type Subset = "training" | "validation" | "both";
/** `"inferred"` (from subfolder names), `null` (no labels), or one integer label per file. */
export type Labels = "inferred" | null | readonly number[];

type DatasetIterator<T extends tf.TensorContainer> = ReturnType<tf.data.Dataset<T>["iterator"]>;

/**
 * A `tf.data.Dataset` made by keras.utils: each `iterator()` is a new pass (a new shuffle where
 * the utility shuffles); `size` is the number of elements (batches); `classNames` and `filePaths`
 * as Keras sets them on its datasets.
 */
export class KerasDataset<T extends tf.TensorContainer> extends tf.data.Dataset<T> {
  override readonly size: number;
  classNames: string[] | null = null;
  filePaths: string[] | null = null;
  private readonly makeIterator: () => AsyncIterator<T> | Iterator<T>;

  constructor(makeIterator: () => AsyncIterator<T> | Iterator<T>, size: number) {
    super();
    this.makeIterator = makeIterator;
    this.size = size;
  }

  override iterator(): DatasetIterator<T> {
    return tf.data.generator<T>(this.makeIterator).iterator();
  }
}

/** Keras's `np.random.randint(1e6)` where no seed is given. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1e6);
}

/** In-place Fisher-Yates shuffle with a seeded PRNG. */
export function seededShuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/**
 * `tf.data.Dataset.shuffle(bufferSize)`'s order: a buffer of `bufferSize` items, each output a
 * random one from it, replaced by the next input.
 */
export function* bufferShuffle<T>(items: readonly T[], bufferSize: number, rng: () => number): Generator<T> {
  const buffer: T[] = [];
  let next = 0;
  while (next < items.length && buffer.length < bufferSize) buffer.push(items[next++]!);
  while (buffer.length > 0) {
    const k = Math.floor(rng() * buffer.length);
    const out = buffer[k]!;
    if (next < items.length) buffer[k] = items[next++]!;
    else {
      buffer[k] = buffer[buffer.length - 1]!;
      buffer.pop();
    }
    yield out;
  }
}

/**
 * A stream of per-pass orders over `0..n-1`: unshuffled, or `bufferShuffle`d with a new seed drawn
 * for each pass from a stream seeded by `seed` (tf.data's `reshuffle_each_iteration=True`), so a new
 * dataset with the same seed repeats the same sequence of passes.
 */
export function passOrders(n: number, shuffle: boolean, bufferSize: number, seed: number): () => number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  if (!shuffle) return () => indices;
  const passSeeds = mulberry32(seed);
  return () => [...bufferShuffle(indices, bufferSize, mulberry32(Math.floor(passSeeds() * 4294967296)))];
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Python's `sorted` on strings (code-point order), not `localeCompare`. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `os.walk(directory, followlinks)` then, as Keras's `iter_valid_files`, roots sorted by path and
 * files sorted by name, keeping names whose lower-cased form ends with one of `formats`. Without
 * `followLinks`, a symlink to a folder is neither walked nor listed (as os.walk).
 */
function* iterValidFiles(directory: string, followLinks: boolean, formats: readonly string[]): Generator<string> {
  const walked: Array<[string, string[]]> = [];
  const visit = (root: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      return; // os.walk skips folders it cannot list
    }
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) dirs.push(e.name);
      else if (e.isSymbolicLink() && isDirectory(path.join(root, e.name))) {
        if (followLinks) dirs.push(e.name);
      } else files.push(e.name);
    }
    walked.push([root, files]);
    for (const d of dirs.sort(byCodePoint)) visit(path.join(root, d));
  };
  visit(directory);
  walked.sort((a, b) => byCodePoint(a[0], b[0]));
  for (const [root, files] of walked) {
    for (const f of files.sort(byCodePoint)) {
      const lower = f.toLowerCase();
      if (formats.some((ext) => lower.endsWith(ext))) yield path.join(root, f);
    }
  }
}

export interface IndexDirectoryOptions {
  classNames?: readonly string[] | null;
  shuffle?: boolean;
  seed?: number | null;
  followLinks?: boolean;
  verbose?: boolean;
}

export interface IndexedDirectory {
  filePaths: string[];
  /** One integer label per file, or null when `labels` was null. */
  labels: number[] | null;
  classNames: string[] | null;
}

/**
 * Keras's `index_directory`: every file under `directory` with an allowed extension, with its
 * label. With `labels: "inferred"`, each subfolder (sorted, or in `classNames`'s order) is a
 * class and its files (at any depth) are that class's. Shuffled (paths and labels alike) when
 * `shuffle`, otherwise in alphanumeric order.
 */
export function indexDirectory(directory: string, labels: Labels, formats: readonly string[], options: IndexDirectoryOptions = {}): IndexedDirectory {
  const { classNames = null, shuffle = true, followLinks = false, verbose = true } = options;
  if (typeof directory !== "string" || !isDirectory(directory)) {
    throw new Error(`Could not find directory ${JSON.stringify(directory)}: \`directory\` must be an existing folder.`);
  }
  let subdirs: string[];
  if (labels === "inferred") {
    subdirs = fs
      .readdirSync(directory)
      .sort(byCodePoint)
      .filter((d) => isDirectory(path.join(directory, d)) && !d.startsWith("."));
    if (classNames != null) {
      const found = new Set(subdirs);
      if (!classNames.every((c) => found.has(c))) {
        throw new Error(
          "The `class_names` passed did not match the names of the subdirectories of the target directory. " +
            `Expected: ${JSON.stringify(subdirs)} (or a subset of it), but received: class_names=${JSON.stringify(classNames)}`,
        );
      }
      subdirs = [...classNames]; // keep the given order
    }
  } else {
    subdirs = [""];
    if (classNames != null) {
      if (labels === null) throw new Error("When `labels=None` (no labels), argument `class_names` cannot be specified.");
      throw new Error("When argument `labels` is specified, argument `class_names` cannot be specified (the `class_names` will be the sorted list of labels).");
    }
  }

  let filePaths: string[] = [];
  const inferred: number[] = [];
  subdirs.forEach((subdir, classIndex) => {
    for (const file of iterValidFiles(path.join(directory, subdir), followLinks, formats)) {
      filePaths.push(file);
      inferred.push(classIndex);
    }
  });

  let outLabels: number[] | null;
  let outClassNames: string[] | null;
  if (labels === "inferred") {
    outLabels = inferred;
    outClassNames = subdirs;
  } else if (labels === null) {
    outLabels = null;
    outClassNames = null;
  } else {
    if (labels.length !== filePaths.length) {
      throw new Error(
        "Expected the lengths of `labels` to match the number of files in the target directory. " +
          `len(labels) is ${labels.length} while we found ${filePaths.length} files in directory ${directory}.`,
      );
    }
    outLabels = [...labels];
    outClassNames = [...new Set(labels)].sort((a, b) => a - b).map(String);
  }
  if (verbose) {
    if (outLabels === null) console.log(`Found ${filePaths.length} files.`);
    else console.log(`Found ${filePaths.length} files belonging to ${outClassNames!.length} classes.`);
  }
  if (shuffle) {
    const seed = options.seed ?? randomSeed();
    const order = seededShuffle(Array.from({ length: filePaths.length }, (_, i) => i), mulberry32(seed));
    filePaths = order.map((i) => filePaths[i]!);
    if (outLabels !== null) {
      const l = outLabels;
      outLabels = order.map((i) => l[i]!);
    }
  }
  return { filePaths, labels: outLabels, classNames: outClassNames };
}

/**
 * Keras's `get_training_or_validation_split`: the first `len - int(validationSplit·len)` samples
 * for "training", the rest for "validation"; everything when `validationSplit` is unset.
 */
export function getTrainingOrValidationSplit<S, L>(samples: readonly S[], labels: readonly L[] | null, validationSplit: number | null | undefined, subset: string | null | undefined, verbose = true): [S[], L[] | null] {
  if (!validationSplit) return [[...samples], labels === null ? null : [...labels]];
  const numVal = Math.trunc(validationSplit * samples.length);
  const numTrain = samples.length - numVal;
  if (subset === "training") {
    if (verbose) console.log(`Using ${numTrain} files for training.`);
    return [samples.slice(0, numTrain), labels === null ? null : labels.slice(0, numTrain)];
  }
  if (subset === "validation") {
    if (verbose) console.log(`Using ${numVal} files for validation.`);
    return [samples.slice(numTrain), labels === null ? null : labels.slice(numTrain)];
  }
  throw new Error(`\`subset\` must be either "training" or "validation", received: ${subset}`);
}

/** Keras's `check_validation_split_arg`. */
export function checkValidationSplitArg(validationSplit: number | null | undefined, subset: string | null | undefined, shuffle: boolean, seed: number | null | undefined): void {
  if (validationSplit && !(validationSplit > 0 && validationSplit < 1)) {
    throw new Error(`\`validation_split\` must be between 0 and 1, received: ${validationSplit}`);
  }
  if ((validationSplit || subset) && !(validationSplit && subset)) {
    throw new Error("If `subset` is set, `validation_split` must be set, and inversely.");
  }
  if (subset != null && !["training", "validation", "both"].includes(subset)) {
    throw new Error(`\`subset\` must be either "training", "validation" or "both", received: ${subset}`);
  }
  if (validationSplit && shuffle && seed == null) {
    throw new Error(
      "If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make sure that there is no overlap between the training and validation subset.",
    );
  }
}

/** The checks on `labels`, `label_mode` and `class_names` that Keras's directory datasets share. */
export function checkLabelArgs(labels: unknown, labelMode: unknown, classNames: readonly string[] | null | undefined, what: "text" | "image"): void {
  if (labels !== "inferred" && labels !== null) {
    if (!Array.isArray(labels)) {
      const files = what === "text" ? "text files" : "image files";
      const only = what === "text" ? "text samples" : "images";
      throw new Error(
        `\`labels\` argument should be a list/tuple of integer labels, of the same size as the number of ${files} in the target directory. ` +
          'If you wish to infer the labels from the subdirectory names in the target directory, pass `labels="inferred"`. ' +
          `If you wish to get a dataset that only contains ${only} (no labels), pass \`labels=None\`. Received: labels=${JSON.stringify(labels)}`,
      );
    }
    if (!labels.every((l) => Number.isInteger(l))) throw new Error(`\`labels\` must be integers. Received: labels=${JSON.stringify(labels)}`);
    if (classNames && classNames.length > 0) {
      throw new Error(`You can only pass \`class_names\` if \`labels="inferred"\`. Received: labels=${JSON.stringify(labels)}, and class_names=${JSON.stringify(classNames)}`);
    }
  }
  if (!["int", "categorical", "binary", null].includes(labelMode as string | null)) {
    throw new Error(`\`label_mode\` argument must be one of "int", "categorical", "binary", or None. Received: label_mode=${JSON.stringify(labelMode)}`);
  }
}

/**
 * Keras's `labels_to_dataset_tf` for a batch: "int" int32 `[n]`, "binary" float32 `[n, 1]`,
 * "categorical" float32 one-hot `[n, numClasses]`; `asBatch: false` drops the leading axis.
 */
export function encodeLabels(labels: readonly number[], labelMode: Exclude<LabelMode, null>, numClasses: number, asBatch = true): tf.Tensor {
  return tf.tidy(() => {
    let t: tf.Tensor;
    if (labelMode === "int") t = tf.tensor1d([...labels], "int32");
    else if (labelMode === "binary") t = tf.tensor2d([...labels], [labels.length, 1], "float32");
    else t = tf.cast(tf.oneHot(tf.tensor1d([...labels], "int32"), numClasses), "float32");
    return asBatch ? t : tf.squeeze(t, [0]);
  });
}

/** A dataset element: the inputs alone, or `{xs, ys}` (what `model.fitDataset` takes) with labels. */
export type Batch = tf.Tensor | { xs: tf.Tensor; ys: tf.Tensor };

export interface SampleDatasetOptions<S> {
  /** Loads sample `i` (a file). */
  load: (index: number) => Promise<S>;
  /** A batch's tensor from its loaded samples. */
  stack: (samples: S[]) => tf.Tensor;
  /** An unbatched element's tensor from its loaded sample. */
  single: (sample: S) => tf.Tensor;
  count: number;
  labels: readonly number[] | null;
  labelMode: LabelMode;
  numClasses: number;
  batchSize: number | null;
  shuffle: boolean;
  seed: number;
}

/**
 * Keras's `paths_and_labels_to_dataset` + `.batch(batch_size)`: samples shuffled through a buffer
 * of `batchSize·8` (1024 unbatched) anew each pass, loaded, batched; `{xs, ys}` with labels.
 */
export function samplesToDataset<S>(o: SampleDatasetOptions<S>): KerasDataset<Batch> {
  const bufferSize = o.batchSize != null ? o.batchSize * 8 : 1024;
  const orders = passOrders(o.count, o.shuffle, bufferSize, o.seed);
  const withLabels = o.labelMode !== null && o.labels !== null;
  const group = o.batchSize ?? 1;
  const size = o.batchSize != null ? Math.ceil(o.count / o.batchSize) : o.count;
  return new KerasDataset<Batch>(async function* () {
    const order = orders();
    for (let start = 0; start < order.length; start += group) {
      const ids = order.slice(start, start + group);
      const samples = await Promise.all(ids.map((i) => o.load(i)));
      const xs = o.batchSize != null ? o.stack(samples) : o.single(samples[0]!);
      if (!withLabels) {
        yield xs;
        continue;
      }
      const ys = encodeLabels(ids.map((i) => o.labels![i]!), o.labelMode!, o.numClasses, o.batchSize != null);
      yield { xs, ys };
    }
  }, size);
}
