/**
 * Port of Keras 3's keras/src/utils/dataset_utils_test.py (DatasetUtilsTest). test_split_dataset
 * runs for "list"/"tuple" (one case: both are a JS array of tensors here) and "tensorflow"
 * (a tf.data.Dataset), over the three feature shapes; the "torch" dataset type and the
 * `preferred_backend` axis have no counterpart (no torch, one backend). The nested-structure
 * case runs for tuple and dict (OrderedDict is a dict in JS). The size errors are Keras's
 * `_rescale_dataset_split_sizes` messages (no Keras test covers them).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { splitDataset } from "../../../../lib/keras/utils/split_dataset.js";
import { getTrainingOrValidationSplit } from "../../../../lib/keras/utils/dataset_utils.js";
import { onCpuOnly } from "../backends.js";

/** tf.data.Dataset.from_tensor_slices over a (nested) structure of tensors. */
function fromTensorSlices(x: tf.Tensor | tf.Tensor[] | { [k: string]: tf.Tensor } | [tf.Tensor[], tf.Tensor]): tf.data.Dataset<tf.TensorContainer> {
  if (x instanceof tf.Tensor) return tf.data.array(tf.unstack(x));
  if (Array.isArray(x)) return tf.data.zip(x.map((v) => fromTensorSlices(v as tf.Tensor)) as never);
  return tf.data.zip(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fromTensorSlices(v)])) as never);
}

onCpuOnly(() => {
  for (const datasetType of ["list", "tensorflow"] as const) {
    for (const featuresShape of [[2], [100, 2], [10, 10, 2]]) {
      test(`DatasetUtilsTest.test_split_dataset (${datasetType}, features_shape=[${featuresShape}])`, async () => {
        const [nSample, leftSize, rightSize] = [100, 0.2, 0.8];
        const features = tf.randomUniform([nSample, ...featuresShape]);
        const labels = tf.randomUniform([nSample, 1]);
        const [left, right] =
          datasetType === "list"
            ? splitDataset([features, labels], { leftSize, rightSize })
            : await splitDataset(fromTensorSlices([features, labels]), { leftSize, rightSize });
        assert.equal(left.size, Math.trunc(nSample * leftSize));
        assert.equal(right.size, Math.trunc(nSample * rightSize));
        const samples = [...(await left.toArray()), ...(await right.toArray())] as tf.Tensor[][];
        assert.equal(samples.length, nSample);
        for (const sample of samples) {
          assert.deepEqual(sample[0]!.shape, featuresShape);
          assert.deepEqual(sample[1]!.shape, [1]);
        }
        // Unshuffled, the left part is the first samples and the right part the last, in order.
        assert.deepEqual(samples.map((s) => s[1]!.dataSync()[0]), [...labels.dataSync()]);
        tf.dispose([features, labels, ...samples.flat()]);
      });
    }
  }

  for (const structureType of ["tuple", "dict"] as const) {
    test(`DatasetUtilsTest.test_split_dataset_nested_structures (${structureType})`, async () => {
      const [nSample, leftSize, rightSize] = [100, 0.2, 0.8];
      const features1 = tf.randomUniform([nSample, 2]);
      const features2 = tf.randomUniform([nSample, 10, 2]);
      const labels = tf.randomUniform([nSample, 1]);
      const dataset = structureType === "tuple" ? fromTensorSlices([[features1, features2], labels]) : fromTensorSlices({ y: features2, x: features1, labels });
      const [left, right] = await splitDataset(dataset, { leftSize, rightSize });
      assert.equal(left.size, Math.trunc(nSample * leftSize));
      assert.equal(right.size, Math.trunc(nSample * rightSize));
      const samples = [...(await left.toArray()), ...(await right.toArray())];
      assert.equal(samples.length, nSample);
      for (const sample of samples) {
        let x: tf.Tensor, y: tf.Tensor, l: tf.Tensor;
        if (structureType === "dict") {
          const d = sample as { [k: string]: tf.Tensor };
          [x, y, l] = [d.x!, d.y!, d.labels!];
        } else [[x, y], l] = sample as unknown as [[tf.Tensor, tf.Tensor], tf.Tensor];
        assert.deepEqual(x!.shape, [2]);
        assert.deepEqual(y!.shape, [10, 2]);
        assert.deepEqual(l!.shape, [1]);
      }
      tf.dispose([features1, features2, labels]);
      tf.dispose(samples);
    });
  }

  test("DatasetUtilsTest.test_get_training_or_validation_split_small_validation_split", () => {
    // When int(validation_split * len(samples)) rounds down to 0, the training subset keeps all
    // samples and the validation subset is empty.
    const samples = Array.from({ length: 10 }, (_, i) => i);
    const [train] = getTrainingOrValidationSplit(samples, null, 0.05, "training", false);
    const [val] = getTrainingOrValidationSplit(samples, null, 0.05, "validation", false);
    assert.deepEqual(train, samples);
    assert.deepEqual(val, []);
  });

  test("DatasetUtilsTest.test_get_training_or_validation_split_regular", () => {
    const samples = Array.from({ length: 10 }, (_, i) => i);
    const labels = Array.from({ length: 10 }, (_, i) => i);
    const [trainS, trainL] = getTrainingOrValidationSplit(samples, labels, 0.2, "training", false);
    const [valS, valL] = getTrainingOrValidationSplit(samples, labels, 0.2, "validation", false);
    assert.deepEqual(trainS, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(trainL, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(valS, [8, 9]);
    assert.deepEqual(valL, [8, 9]);
  });

  test("splitDataset: a tensor, integer sizes, complements, a dropped middle, and a seeded shuffle", async () => {
    const data = tf.range(0, 10);
    const values = async (ds: tf.data.Dataset<tf.Tensor>) => (await ds.toArray()).map((t) => t.dataSync()[0]!);
    let [l, r] = splitDataset(data, { leftSize: 3 });
    assert.deepEqual(await values(l), [0, 1, 2]);
    assert.deepEqual(await values(r), [3, 4, 5, 6, 7, 8, 9]);
    [l, r] = splitDataset(data, { leftSize: 2, rightSize: 3 });
    assert.deepEqual(await values(l), [0, 1]);
    assert.deepEqual(await values(r), [7, 8, 9], "the right part is the last samples");
    [l, r] = splitDataset(data, { rightSize: 0.25 }); // round(2.5) = 2, as Python
    assert.equal(r.size, 2);
    assert.equal(l.size, 8);
    const a = splitDataset(data, { leftSize: 0.5, shuffle: true, seed: 7 });
    const b = splitDataset(data, { leftSize: 0.5, shuffle: true, seed: 7 });
    const [al, ar] = [await values(a[0]), await values(a[1])];
    assert.deepEqual(al, await values(b[0]), "the same seed gives the same split");
    assert.deepEqual(ar, await values(b[1]));
    assert.notDeepEqual([...al, ...ar], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "shuffled");
    assert.deepEqual([...al, ...ar].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // An object of columns splits into {xs, ys} samples (fitDataset's element form).
    const [ol] = splitDataset({ xs: tf.ones([4, 2]), ys: tf.zeros([4, 1]) }, { leftSize: 0.5 });
    const first = (await ol.toArray())[0]!;
    assert.deepEqual(first.xs!.shape, [2]);
    assert.deepEqual(first.ys!.shape, [1]);
    data.dispose();
  });

  test("splitDataset: Keras's errors", async () => {
    const data = tf.range(0, 10);
    assert.throws(() => splitDataset(data, {}), /At least one of the `left_size` or `right_size` must be specified/);
    assert.throws(() => splitDataset(data, { leftSize: 0, rightSize: 0 }), /Both `left_size` and `right_size` are zero/);
    assert.throws(() => splitDataset(data, { leftSize: 10 }), /`left_size` should be either a positive integer smaller than 10/);
    assert.throws(() => splitDataset(data, { leftSize: 1.5 }), /`left_size` should be either a positive integer/);
    assert.throws(() => splitDataset(data, { rightSize: -1 }), /`right_size` should be either a positive integer/);
    assert.throws(() => splitDataset(data, { leftSize: 0.6, rightSize: 0.6 }), /The sum of `left_size` and `right_size` is greater than 1/);
    assert.throws(() => splitDataset(data, { leftSize: 6, rightSize: 6 }), /should be smaller than the 10/);
    assert.throws(() => splitDataset(data, { leftSize: 0.01 }), /Resulting left side dataset split will be empty/);
    assert.throws(() => splitDataset(data, { leftSize: "a" as never }), TypeError);
    assert.throws(() => splitDataset([data, tf.range(0, 9)], { leftSize: 2 }), /different lengths/);
    assert.throws(() => splitDataset([], { leftSize: 2 }), /Received an empty list dataset/);
    assert.throws(() => splitDataset([[1, 2]] as never, { leftSize: 2 }), /Expected a list of tensors/);
    assert.throws(() => splitDataset(42 as never, { leftSize: 2 }), TypeError);
    await assert.rejects(splitDataset(tf.data.array<tf.Tensor>([]), { leftSize: 0.5 }), /Received an empty dataset/);
    await assert.rejects(splitDataset(tf.data.array([tf.ones([2]), tf.ones([3])]), { leftSize: 0.5 }), /All `dataset` samples must have same shape/);
    data.dispose();
  });
});
