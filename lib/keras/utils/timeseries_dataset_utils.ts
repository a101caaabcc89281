/**
 * `keras.utils.timeseriesDatasetFromArray`, mirroring Keras 3's
 * keras/src/utils/timeseries_dataset_utils.py (`timeseries_dataset_from_array`, format "tf"):
 * sliding windows over axis 0 of `data`, `sequenceLength` steps `samplingRate` apart, one window
 * starting every `sequenceStride` steps, batched. With targets each element is `{xs, ys}` (what
 * `model.fitDataset` takes; Keras's `(inputs, targets)`), `ys` being `targets[start of window]`.
 *
 * Shuffling (Keras: the start positions once with the seed, then a buffer of `batchSize·8` anew
 * each pass) is seeded by mulberry32: deterministic for a seed, not NumPy's order.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32 } from "../../random/mulberry32.js";
import { Batch, KerasDataset, passOrders, randomSeed, seededShuffle } from "./dataset_utils.js";

export interface TimeseriesDatasetOptions {
  /** Period between successive windows' starts. Default 1. */
  sequenceStride?: number;
  /** Period between the steps of a window. Default 1. */
  samplingRate?: number;
  /** Windows per batch (the last may be smaller); null yields single windows. Default 128. */
  batchSize?: number | null;
  shuffle?: boolean;
  seed?: number | null;
  /** Steps before it are not used. */
  startIndex?: number | null;
  /** Steps from it on are not used. */
  endIndex?: number | null;
}

type ArrayData = tf.Tensor | tf.TensorLike;

const asTensor = (x: ArrayData): tf.Tensor => (x instanceof tf.Tensor ? x : tf.tensor(x as number[]));

export function timeseriesDatasetFromArray(data: ArrayData, targets: ArrayData | null | undefined, sequenceLength: number, options: TimeseriesDatasetOptions = {}): KerasDataset<Batch> {
  const { sequenceStride = 1, samplingRate = 1, batchSize = 128, shuffle = false, startIndex = null, endIndex = null } = options;
  if (!Number.isInteger(sequenceLength) || sequenceLength < 1) {
    throw new Error(`\`sequence_length\` must be a positive integer. Received: sequence_length=${sequenceLength}`);
  }
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new Error(`\`batch_size\` must be a positive integer or None. Received: batch_size=${batchSize}`);
  }
  const dataT = asTensor(data);
  const length = dataT.shape[0] ?? 0;
  try {
    if (startIndex) {
      if (startIndex < 0) throw new Error(`\`start_index\` must be 0 or greater. Received: start_index=${startIndex}`);
      if (startIndex >= length) throw new Error(`\`start_index\` must be lower than the length of the data. Received: start_index=${startIndex}, for data of length ${length}`);
    }
    if (endIndex) {
      if (startIndex && endIndex <= startIndex) throw new Error(`\`end_index\` must be higher than \`start_index\`. Received: start_index=${startIndex}, and end_index=${endIndex} `);
      if (endIndex >= length) throw new Error(`\`end_index\` must be lower than the length of the data. Received: end_index=${endIndex}, for data of length ${length}`);
      if (endIndex <= 0) throw new Error(`\`end_index\` must be higher than 0. Received: end_index=${endIndex}`);
    }
    if (samplingRate <= 0) throw new Error(`\`sampling_rate\` must be higher than 0. Received: sampling_rate=${samplingRate}`);
    if (samplingRate >= length) throw new Error(`\`sampling_rate\` must be lower than the length of the data. Received: sampling_rate=${samplingRate}, for data of length ${length}`);
    if (sequenceStride <= 0) throw new Error(`\`sequence_stride\` must be higher than 0. Received: sequence_stride=${sequenceStride}`);
    if (sequenceStride >= length) throw new Error(`\`sequence_stride\` must be lower than the length of the data. Received: sequence_stride=${sequenceStride}, for data of length ${length}`);
  } catch (e) {
    if (dataT !== data) dataT.dispose();
    throw e;
  }

  const start = startIndex ?? 0;
  const end = endIndex ?? length;
  const targetsT = targets == null ? null : asTensor(targets);
  let numSeqs = end - start - (sequenceLength - 1) * samplingRate;
  if (targetsT !== null) numSeqs = Math.min(numSeqs, targetsT.shape[0] ?? 0);

  const positions: number[] = [];
  for (let p = 0; p < numSeqs; p += sequenceStride) positions.push(p);
  const seed = options.seed ?? randomSeed();
  if (shuffle) seededShuffle(positions, mulberry32(seed));

  // Keras gathers from data[start_index:end_index] and targets[start_index:end_index].
  const steps = dataT.slice(start, end - start);
  if (dataT !== data) dataT.dispose();
  let targetSteps: tf.Tensor | null = null;
  if (targetsT !== null) {
    const n = targetsT.shape[0] ?? 0;
    const from = Math.min(start, n);
    targetSteps = targetsT.slice(from, Math.max(0, Math.min(end, n) - from));
    if (targetsT !== targets) targetsT.dispose();
  }

  const bufferSize = batchSize !== null ? batchSize * 8 : 1024;
  const orders = passOrders(positions.length, shuffle, bufferSize, seed);
  const group = batchSize ?? 1;
  const size = batchSize !== null ? Math.ceil(positions.length / batchSize) : positions.length;
  return new KerasDataset<Batch>(function* () {
    const order = orders();
    for (let b = 0; b < order.length; b += group) {
      const starts = order.slice(b, b + group).map((i) => positions[i]!);
      const element = tf.tidy(() => {
        const window = new Int32Array(starts.length * sequenceLength);
        starts.forEach((p, r) => {
          for (let j = 0; j < sequenceLength; j++) window[r * sequenceLength + j] = p + j * samplingRate;
        });
        const idx = batchSize !== null ? tf.tensor2d(window, [starts.length, sequenceLength], "int32") : tf.tensor1d(window, "int32");
        const xs = tf.gather(steps, idx);
        if (targetSteps === null) return xs;
        const at = batchSize !== null ? tf.tensor1d(starts, "int32") : tf.scalar(starts[0]!, "int32");
        return { xs, ys: tf.gather(targetSteps, at) };
      });
      yield element as Batch;
    }
  }, size);
}
