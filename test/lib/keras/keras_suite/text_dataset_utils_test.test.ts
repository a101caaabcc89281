/**
 * Port of Keras 3's keras/src/utils/text_dataset_utils_test.py (TextDatasetFromDirectoryTest),
 * the "tf" format cases (this port has no `format` argument, so the "grain" variants have no
 * counterpart). Keras's `(texts, labels)` tuple is `{xs, ys}` here. Each case writes its files to
 * a fresh folder under os.tmpdir(), removed afterwards.
 */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { textDatasetFromDirectory } from "../../../../lib/keras/utils/text_dataset_utils.js";
import type { Batch } from "../../../../lib/keras/utils/dataset_utils.js";
import { onCpuOnly } from "../backends.js";

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-text-dataset-"));
  tempDirs.push(d);
  return d;
}

// Python's string.printable.
const PRINTABLE = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c";
const randomText = (length: number) => Array.from({ length }, () => PRINTABLE[Math.floor(Math.random() * PRINTABLE.length)]).join("");

function prepareDirectory({ numClasses = 2, nestedDirs = false, count = 16, length = 20 } = {}): string {
  const dir = tempDir();
  const paths: string[] = [];
  for (let c = 0; c < numClasses; c++) {
    const classDirectory = `class_${c}`;
    const classPaths = nestedDirs
      ? [classDirectory, path.join(classDirectory, "subfolder_1"), path.join(classDirectory, "subfolder_2"), path.join(classDirectory, "subfolder_1", "sub-subfolder")]
      : [classDirectory];
    for (const p of classPaths) fs.mkdirSync(path.join(dir, p));
    paths.push(...classPaths);
  }
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, paths[i % paths.length]!, `text_${i}.txt`), randomText(length));
  return dir;
}

const opts = { verbose: false } as const;
const firstOf = async (ds: tf.data.Dataset<Batch>) => (await ds.take(1).toArray())[0]!;
const pair = (b: Batch) => {
  assert.ok(!(b instanceof tf.Tensor), "an element with labels is {xs, ys}");
  return b as { xs: tf.Tensor; ys: tf.Tensor };
};
const lengthOf = (b: Batch) => (b instanceof tf.Tensor ? b : b.xs).shape[0]!;

onCpuOnly(() => {
  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_standalone", async () => {
    // Texts without labels from a folder and its subfolders, with a few files in the parent too.
    const directory = prepareDirectory({ count: 7, numClasses: 2 });
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(directory, `text_${i}.txt`), randomText(20));
    const dataset = textDatasetFromDirectory(directory, { ...opts, batchSize: 5, labelMode: null, maxLength: 10 });
    const batch = await firstOf(dataset);
    assert.ok(batch instanceof tf.Tensor, "we just return the texts, no labels");
    assert.deepEqual(batch.shape, [5]);
    assert.equal(batch.dtype, "string");
    let batchCount = 0;
    let sampleCount = 0;
    for (const b of await dataset.toArray()) {
      batchCount += 1;
      sampleCount += lengthOf(b);
    }
    assert.equal(batchCount, 2);
    assert.equal(sampleCount, 10);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_binary", async () => {
    const directory = prepareDirectory({ numClasses: 2 });
    let batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: "int", maxLength: 10 })));
    assert.deepEqual(batch.xs.shape, [8]);
    assert.equal(batch.xs.dtype, "string");
    assert.equal((batch.xs.arraySync() as unknown as string[])[0]!.length, 10); // max_length
    assert.deepEqual(batch.ys.shape, [8]);
    assert.equal(batch.ys.dtype, "int32");

    batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: "binary" })));
    assert.deepEqual(batch.xs.shape, [8]);
    assert.equal(batch.xs.dtype, "string");
    assert.deepEqual(batch.ys.shape, [8, 1]);
    assert.equal(batch.ys.dtype, "float32");

    batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: "categorical" })));
    assert.deepEqual(batch.xs.shape, [8]);
    assert.equal(batch.xs.dtype, "string");
    assert.deepEqual(batch.ys.shape, [8, 2]);
    assert.equal(batch.ys.dtype, "float32");
  });

  test("TextDatasetFromDirectoryTest.test_sample_count", async () => {
    const directory = prepareDirectory({ numClasses: 4, count: 15 });
    const dataset = textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: null });
    let sampleCount = 0;
    for (const b of await dataset.toArray()) sampleCount += lengthOf(b);
    assert.equal(sampleCount, 15);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_multiclass", async () => {
    const directory = prepareDirectory({ numClasses: 4, count: 15 });
    let dataset = textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: null });
    assert.equal(lengthOf(await firstOf(dataset)), 8);

    dataset = textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: null });
    let sampleCount = 0;
    const iterator = await dataset.iterator();
    for (const _ of await dataset.toArray()) sampleCount += lengthOf((await iterator.next()).value as Batch);
    assert.equal(sampleCount, 15);

    let batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: "int" })));
    assert.deepEqual(batch.xs.shape, [8]);
    assert.equal(batch.xs.dtype, "string");
    assert.deepEqual(batch.ys.shape, [8]);
    assert.equal(batch.ys.dtype, "int32");

    batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: "categorical" })));
    assert.deepEqual(batch.xs.shape, [8]);
    assert.equal(batch.xs.dtype, "string");
    assert.deepEqual(batch.ys.shape, [8, 4]);
    assert.equal(batch.ys.dtype, "float32");
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_validation_split", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 10 });
    const common = { ...opts, batchSize: 10, validationSplit: 0.2, seed: 1337 };
    let batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...common, subset: "training" })));
    assert.equal(batch.xs.shape[0], 8);
    batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...common, subset: "validation" })));
    assert.equal(batch.xs.shape[0], 2);
    const [train, val] = textDatasetFromDirectory(directory, { ...common, subset: "both" });
    const trainBatch = pair(await firstOf(train));
    const valBatch = pair(await firstOf(val));
    assert.equal(trainBatch.xs.shape[0], 8);
    assert.equal(valBatch.xs.shape[0], 2);
    // Ours: the two subsets are disjoint and together every file.
    const texts = [...(trainBatch.xs.arraySync() as unknown as string[]), ...(valBatch.xs.arraySync() as unknown as string[])];
    assert.equal(new Set(texts).size, 10);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_manual_labels", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 2 });
    const batch = pair(await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labels: [0, 1], shuffle: false })));
    assert.deepEqual(batch.ys.arraySync(), [0, 1]);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_follow_links", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 25, nestedDirs: true });
    const dataset = textDatasetFromDirectory(directory, { ...opts, batchSize: 8, labelMode: null, followLinks: true });
    let sampleCount = 0;
    for (const b of await dataset.toArray()) sampleCount += lengthOf(b);
    assert.equal(sampleCount, 25);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_no_files", () => {
    const directory = prepareDirectory({ numClasses: 2, count: 0 });
    assert.throws(() => textDatasetFromDirectory(directory, opts), /No text files found/);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_errors", () => {
    const directory = prepareDirectory({ numClasses: 3, count: 5 });
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, labels: "other" as never }), /`labels` argument should be/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, labelMode: "other" as never }), /`label_mode` argument must be/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, labels: [0, 0, 1, 1, 1], classNames: ["class_0", "class_1", "class_2"] }), /only pass `class_names` if `labels="inferred"`/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, labels: [0, 0, 1, 1] }), /Expected the lengths of `labels` to match the number of files/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, classNames: ["class_0", "wrong_class"] }), /`class_names` passed did not match/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, labelMode: "binary" }), /there must be exactly 2/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, validationSplit: 2 }), /`validation_split` must be between 0 and 1/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, validationSplit: 0.2, subset: "other" as never }), /`subset` must be either "training", "validation" or "both"/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, validationSplit: 0.0, subset: "training" }), /`validation_split` must be set/);
    assert.throws(() => textDatasetFromDirectory(directory, { ...opts, validationSplit: 0.2, subset: "training" }), /must provide a `seed`/);
    // Ours: a folder that is not there is named.
    assert.throws(() => textDatasetFromDirectory(path.join(directory, "missing"), opts), /Could not find directory .*missing/);
  });

  test("TextDatasetFromDirectoryTest.test_text_dataset_from_directory_not_batched", async () => {
    const directory = prepareDirectory();
    const sample = await firstOf(textDatasetFromDirectory(directory, { ...opts, batchSize: null, labelMode: null, followLinks: true }));
    assert.ok(sample instanceof tf.Tensor);
    assert.equal(sample.shape.length, 0);
  });

  test("textDatasetFromDirectory: each text keeps its file's label, classNames, and shuffles deterministically", async () => {
    const dir = tempDir();
    for (const c of ["b_class", "a_class", "c_class"]) {
      fs.mkdirSync(path.join(dir, c));
      for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, c, `${i}.txt`), `${c} ${i}`);
    }
    fs.writeFileSync(path.join(dir, "a_class", "ignored.md"), "not a .txt");
    fs.mkdirSync(path.join(dir, ".hidden"));
    const texts = async (ds: tf.data.Dataset<Batch>) => {
      const out: Array<[string, number]> = [];
      for (const b of await ds.toArray()) {
        const { xs, ys } = pair(b);
        const t = xs.arraySync() as unknown as string[];
        const l = ys.arraySync() as number[];
        t.forEach((s, i) => out.push([s, l[i]!]));
      }
      return out;
    };
    const ds = textDatasetFromDirectory(dir, { ...opts, batchSize: 4, seed: 5 });
    assert.deepEqual(ds.classNames, ["a_class", "b_class", "c_class"], "subfolders in alphanumeric order; hidden ones left out");
    const pass1 = await texts(ds);
    assert.equal(pass1.length, 18);
    for (const [text, label] of pass1) assert.equal(text.split(" ")[0], ds.classNames![label]);
    assert.deepEqual(await texts(textDatasetFromDirectory(dir, { ...opts, batchSize: 4, seed: 5 })), pass1, "same seed, same order");
    const unshuffled = await texts(textDatasetFromDirectory(dir, { ...opts, batchSize: 4, shuffle: false }));
    assert.deepEqual(unshuffled.map(([t]) => t), ["a_class", "b_class", "c_class"].flatMap((c) => [0, 1, 2, 3, 4, 5].map((i) => `${c} ${i}`)));
    assert.notDeepEqual(pass1, unshuffled);
    // classNames chooses and orders the classes.
    const some = await texts(textDatasetFromDirectory(dir, { ...opts, classNames: ["c_class", "a_class"], shuffle: false }));
    assert.deepEqual(some.map(([t, l]) => `${t.split(" ")[0]}:${l}`), [...Array(6).fill("c_class:0"), ...Array(6).fill("a_class:1")]);
  });

  test("textDatasetFromDirectory: followLinks walks symlinked folders only when set", async () => {
    const dir = prepareDirectory({ numClasses: 1, count: 2 });
    const outside = tempDir();
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(outside, `linked_${i}.txt`), "x");
    fs.symlinkSync(outside, path.join(dir, "class_0", "link"), "dir");
    const count = async (followLinks: boolean) => {
      let n = 0;
      for (const b of await textDatasetFromDirectory(dir, { ...opts, labelMode: null, followLinks }).toArray()) n += lengthOf(b);
      return n;
    };
    assert.equal(await count(false), 2);
    assert.equal(await count(true), 5);
  });
});
