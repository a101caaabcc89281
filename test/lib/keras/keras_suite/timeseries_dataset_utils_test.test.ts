/**
 * Port of Keras 3's keras/src/utils/timeseries_dataset_utils_test.py (TimeseriesDatasetTest),
 * the "tf" format cases. Keras's `(inputs, targets)` tuple is `{xs, ys}` here (what
 * model.fitDataset takes). The "grain" variants and test_invalid_format have no counterpart: this
 * port has no `format` argument. test_shuffle_grain is covered by test_shuffle_tf.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { timeseriesDatasetFromArray } from "../../../../lib/keras/utils/timeseries_dataset_utils.js";
import type { Batch } from "../../../../lib/keras/utils/dataset_utils.js";
import { onCpuOnly } from "../backends.js";

const arange = (start: number, stop: number, step = 1) => {
  const out: number[] = [];
  for (let v = start; v < stop; v += step) out.push(v);
  return out;
};
const pair = (b: Batch) => {
  assert.ok(!(b instanceof tf.Tensor), "an element with targets is {xs, ys}");
  return b as { xs: tf.Tensor; ys: tf.Tensor };
};
const rows = (t: tf.Tensor) => t.arraySync() as number[][];

onCpuOnly(() => {
  test("TimeseriesDatasetTest.test_basics", async () => {
    const data = arange(0, 100);
    const targets = data.map((v) => v * 2);
    const dataset = timeseriesDatasetFromArray(data, targets, 9, { batchSize: 5 });
    const batches = await dataset.toArray();
    assert.equal(batches.length, 19); // Expect 19 batches
    assert.equal(dataset.size, 19);
    batches.forEach((b, i) => {
      const { xs, ys } = pair(b);
      if (i < 18) assert.deepEqual(xs.shape, [5, 9]);
      if (i === 18) assert.deepEqual(xs.shape, [2, 9]); // Last batch: size 2
      const x = rows(xs);
      assert.deepEqual(ys.arraySync(), x.map((r) => r[0]! * 2));
      for (let j = 0; j < Math.min(5, x.length); j++) assert.deepEqual(x[j], arange(i * 5 + j, i * 5 + j + 9));
    });
    tf.dispose(batches as tf.TensorContainer[]);
  });

  test("TimeseriesDatasetTest.test_timeseries_regression", async () => {
    const data = arange(0, 10);
    const offset = 3;
    const targets = data.slice(offset);
    const dataset = timeseriesDatasetFromArray(data, targets, offset, { batchSize: 1 });
    let i = 0;
    for (const b of await dataset.toArray()) {
      const { xs, ys } = pair(b);
      assert.deepEqual(xs.shape, [1, 3]);
      assert.equal((ys.arraySync() as number[])[0], data[offset + i]);
      assert.deepEqual(rows(xs)[0], data.slice(i, i + offset));
      tf.dispose([xs, ys]);
      i++;
    }
    assert.equal(i, 7); // Expect 7 batches
  });

  test("TimeseriesDatasetTest.test_no_targets", async () => {
    const dataset = timeseriesDatasetFromArray(arange(0, 50), null, 10, { batchSize: 5 });
    const batches = await dataset.toArray();
    batches.forEach((b, i) => {
      assert.ok(b instanceof tf.Tensor, "without targets an element is the inputs alone");
      if (i < 8) assert.deepEqual(b.shape, [5, 10]);
      else if (i === 8) assert.deepEqual(b.shape, [1, 10]);
      const x = rows(b);
      for (let j = 0; j < Math.min(5, x.length); j++) assert.deepEqual(x[j], arange(i * 5 + j, i * 5 + j + 10));
    });
    assert.equal(batches.length - 1, 8);
    tf.dispose(batches as tf.Tensor[]);
  });

  test("TimeseriesDatasetTest.test_shuffle_tf", async () => {
    // Cross-epoch random order and seed determinism.
    const data = arange(0, 10);
    const targets = data.map((v) => v * 2);
    const make = () => timeseriesDatasetFromArray(data, targets, 5, { batchSize: 1, shuffle: true, seed: 123 });
    const dataset = make();
    const first = pair((await dataset.take(1).toArray())[0]!);
    assert.deepEqual(first.ys.arraySync(), rows(first.xs).map((r) => r[0]! * 2));
    // Keras asserts the first window (under its seed's permutation) is not [0..4]; our
    // permutation differs, so: a pass is not in chronological order, and covers every window once.
    const pass = (await dataset.toArray()).map((b) => rows(pair(b).xs)[0]![0]!);
    assert.notDeepEqual(pass, arange(0, 6));
    assert.deepEqual([...pass].sort((a, b) => a - b), arange(0, 6));
    // A new iteration of the same dataset yields a different order (Keras checks the first
    // window; with 6 windows a different pass may start alike, so compare whole passes).
    const passes = [];
    for (let k = 0; k < 3; k++) passes.push((await dataset.toArray()).map((b) => rows(pair(b).xs)[0]![0]!));
    assert.ok(passes.some((p) => JSON.stringify(p) !== JSON.stringify(pass)), "each pass reshuffles");
    // Determinism with the same seed.
    const again = make();
    const firstAgain = pair((await again.take(1).toArray())[0]!);
    assert.deepEqual(rows(firstAgain.xs), rows(first.xs));
    const passAgain = (await again.toArray()).map((b) => rows(pair(b).xs)[0]![0]!);
    assert.deepEqual(passAgain, pass);
  });

  test("TimeseriesDatasetTest.test_sampling_rate", async () => {
    const data = arange(0, 100);
    const targets = data.map((v) => v * 2);
    const dataset = timeseriesDatasetFromArray(data, targets, 9, { batchSize: 5, samplingRate: 2 });
    const batches = await dataset.toArray();
    assert.equal(batches.length, 17);
    batches.forEach((b, i) => {
      const { xs, ys } = pair(b);
      if (i < 16) assert.deepEqual(xs.shape, [5, 9]);
      if (i === 16) assert.deepEqual(xs.shape, [4, 9]); // Last batch: size 4
      const x = rows(xs);
      assert.deepEqual(ys.arraySync(), x.map((r) => r[0]! * 2));
      for (let j = 0; j < Math.min(5, x.length); j++) {
        const startIndex = i * 5 + j;
        assert.deepEqual(x[j], arange(startIndex, startIndex + 9 * 2, 2));
      }
    });
  });

  test("TimeseriesDatasetTest.test_sequence_stride", async () => {
    const data = arange(0, 100);
    const targets = data.map((v) => v * 2);
    const dataset = timeseriesDatasetFromArray(data, targets, 9, { batchSize: 5, sequenceStride: 3 });
    const batches = await dataset.toArray();
    assert.equal(batches.length, 7);
    batches.forEach((b, i) => {
      const { xs, ys } = pair(b);
      if (i < 6) assert.deepEqual(xs.shape, [5, 9]);
      if (i === 6) assert.deepEqual(xs.shape, [1, 9]); // Last batch: size 1
      const x = rows(xs);
      assert.deepEqual(ys.arraySync(), x.map((r) => r[0]! * 2));
      for (let j = 0; j < Math.min(5, x.length); j++) {
        const startIndex = i * 5 * 3 + j * 3;
        assert.deepEqual(x[j], arange(startIndex, startIndex + 9));
      }
    });
  });

  test("TimeseriesDatasetTest.test_start_and_end_index", async () => {
    const dataset = timeseriesDatasetFromArray(arange(0, 100), null, 9, { batchSize: 5, sequenceStride: 3, samplingRate: 2, startIndex: 10, endIndex: 90 });
    const batches = await dataset.toArray();
    assert.ok(batches.length > 0);
    for (const b of batches) {
      const values = [...(b as tf.Tensor).dataSync()];
      assert.ok(Math.max(...values) < 90);
      assert.ok(Math.min(...values) > 9);
    }
  });

  test("TimeseriesDatasetTest.test_errors", () => {
    const d = arange(0, 10);
    // bad start index
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { startIndex: -1 }), /`start_index` must be /);
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { startIndex: 11 }), /`start_index` must be /);
    // bad end index
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { endIndex: -1 }), /`end_index` must be /);
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { endIndex: 11 }), /`end_index` must be /);
    // bad sampling_rate
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { samplingRate: 0 }), /`sampling_rate` must be /);
    // bad sequence stride
    assert.throws(() => timeseriesDatasetFromArray(d, null, 3, { sequenceStride: 0 }), /`sequence_stride` must be /);
  });

  test("TimeseriesDatasetTest.test_not_batched", async () => {
    const dataset = timeseriesDatasetFromArray(arange(0, 100), null, 9, { batchSize: null, shuffle: true });
    const sample = (await dataset.take(1).toArray())[0] as tf.Tensor;
    assert.equal(sample.shape.length, 1);
    assert.deepEqual(sample.shape, [9]);
  });

  test("timeseriesDatasetFromArray keeps a tensor's feature axes and dtype", async () => {
    const data = tf.tensor2d(arange(0, 40), [20, 2], "int32");
    const dataset = timeseriesDatasetFromArray(data, tf.range(0, 20), 4, { batchSize: 8 });
    const { xs, ys } = pair((await dataset.take(1).toArray())[0]!);
    assert.deepEqual(xs.shape, [8, 4, 2]);
    assert.equal(xs.dtype, "int32");
    assert.deepEqual((xs.arraySync() as number[][][])[1], [[2, 3], [4, 5], [6, 7], [8, 9]]);
    assert.deepEqual(ys.arraySync(), arange(0, 8));
    data.dispose();
  });
});
