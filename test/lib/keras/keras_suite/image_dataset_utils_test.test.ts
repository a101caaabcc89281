/**
 * Port of Keras 3's keras/src/utils/image_dataset_utils_test.py (ImageDatasetFromDirectoryTest),
 * the "tf" format cases, channels_last (tfjs's layout). Keras writes random images with PIL;
 * here pngjs and jpeg-js write them (rgb as .jpg, others as .png, as Keras's test), in a fresh
 * folder under os.tmpdir() per case, removed afterwards. Keras's `(images, labels)` is `{xs, ys}`.
 * Skipped: the "grain" variants (no `format` argument here) and test_static_shape_in_graph
 * (tf.function tracing of a dataset's static shape has no tfjs counterpart).
 */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import * as jpeg from "jpeg-js";
import { imageDatasetFromDirectory, resizeWithPad, smartResize } from "../../../../lib/keras/utils/image_dataset_utils.js";
import type { Batch } from "../../../../lib/keras/utils/dataset_utils.js";
import { onCpuOnly } from "../backends.js";

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-image-dataset-"));
  tempDirs.push(d);
  return d;
}

type ColorMode = "rgb" | "rgba" | "grayscale";

/** An image file's bytes: RGBA `pixels` (width·height·4) as JPEG (rgb) or PNG (grayscale, rgba). */
function encode(pixels: Uint8Array, width: number, height: number, colorMode: ColorMode): Buffer {
  if (colorMode === "rgb") return jpeg.encode({ data: pixels, width, height }, 75).data;
  const png = new PNG({ width, height, colorType: colorMode === "grayscale" ? 0 : 6 });
  png.data = Buffer.from(pixels);
  return PNG.sync.write(png, { colorType: colorMode === "grayscale" ? 0 : 6 });
}

function randomPixels(width: number, height: number, colorMode: ColorMode): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = () => Math.floor(Math.random() * 256);
    if (colorMode === "grayscale") px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = v();
    else [px[i * 4], px[i * 4 + 1], px[i * 4 + 2]] = [v(), v(), v()];
    px[i * 4 + 3] = colorMode === "rgba" ? v() : 255;
  }
  return px;
}

function getImages(count = 16, colorMode: ColorMode = "rgb"): Buffer[] {
  return Array.from({ length: count }, () => encode(randomPixels(24, 24, colorMode), 24, 24, colorMode));
}

function prepareDirectory({ numClasses = 2, nestedDirs = false, colorMode = "rgb" as ColorMode, count = 16 } = {}): string {
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
  const ext = colorMode === "rgb" ? "jpg" : "png";
  getImages(count, colorMode).forEach((img, i) => fs.writeFileSync(path.join(dir, paths[i % paths.length]!, `image_${i}.${ext}`), img));
  return dir;
}

const opts = { verbose: false } as const;
const firstOf = async (ds: tf.data.Dataset<Batch>) => (await ds.take(1).toArray())[0]!;
const pair = (b: Batch) => {
  assert.ok(!(b instanceof tf.Tensor), "an element with labels is {xs, ys}");
  return b as { xs: tf.Tensor; ys: tf.Tensor };
};
const images = (b: Batch) => (b instanceof tf.Tensor ? b : b.xs);
/** All of a pass's images, concatenated (np.concatenate of the batches). */
async function allImages(ds: tf.data.Dataset<Batch>): Promise<Float32Array> {
  const parts = (await ds.toArray()).map((b) => images(b).dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
const allClose = (a: Float32Array, b: Float32Array, atol = 1e-6) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= atol);

onCpuOnly(() => {
  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_no_labels", async () => {
    // Images without labels from a folder and its subfolders, a few in the parent too.
    const directory = prepareDirectory({ count: 7, numClasses: 2 });
    getImages(3).forEach((img, i) => fs.writeFileSync(path.join(directory, `image_${i}.jpg`), img));
    const dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 5, imageSize: [18, 18], labels: null });
    assert.equal(dataset.classNames, null);
    const batch = await firstOf(dataset);
    assert.ok(batch instanceof tf.Tensor, "we return plain images");
    assert.deepEqual(batch.shape, [5, 18, 18, 3]);
    assert.equal(batch.dtype, "float32");
    let batchCount = 0;
    let sampleCount = 0;
    for (const b of await dataset.toArray()) {
      batchCount += 1;
      sampleCount += images(b).shape[0]!;
    }
    assert.equal(batchCount, 2);
    assert.equal(sampleCount, 10);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_binary", async () => {
    const directory = prepareDirectory({ numClasses: 2 });
    const outputShape = [8, 18, 18, 3];
    let batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: "int" })));
    assert.deepEqual(batch.xs.shape, outputShape);
    assert.equal(batch.xs.dtype, "float32");
    assert.deepEqual(batch.ys.shape, [8]);
    assert.equal(batch.ys.dtype, "int32");

    batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: "binary" })));
    assert.deepEqual(batch.xs.shape, outputShape);
    assert.equal(batch.xs.dtype, "float32");
    assert.deepEqual(batch.ys.shape, [8, 1]);
    assert.equal(batch.ys.dtype, "float32");

    batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: "categorical" })));
    assert.deepEqual(batch.xs.shape, outputShape);
    assert.equal(batch.xs.dtype, "float32");
    assert.deepEqual(batch.ys.shape, [8, 2]);
    assert.equal(batch.ys.dtype, "float32");
  });

  test("ImageDatasetFromDirectoryTest.test_sample_count", async () => {
    const directory = prepareDirectory({ numClasses: 4, count: 15 });
    const dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: null });
    let sampleCount = 0;
    for (const b of await dataset.toArray()) sampleCount += images(b).shape[0]!;
    assert.equal(sampleCount, 15);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_multiclass", async () => {
    const directory = prepareDirectory({ numClasses: 4, count: 15 });
    const outputShape = [8, 18, 18, 3];
    let dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: null });
    assert.deepEqual(images(await firstOf(dataset)).shape, outputShape);

    dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: null });
    let sampleCount = 0;
    const iterator = await dataset.iterator();
    for (const _ of await dataset.toArray()) sampleCount += images((await iterator.next()).value as Batch).shape[0]!;
    assert.equal(sampleCount, 15);

    let batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: "int" })));
    assert.deepEqual(batch.xs.shape, outputShape);
    assert.equal(batch.xs.dtype, "float32");
    assert.deepEqual(batch.ys.shape, [8]);
    assert.equal(batch.ys.dtype, "int32");

    batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: "categorical" })));
    assert.deepEqual(batch.xs.shape, outputShape);
    assert.equal(batch.xs.dtype, "float32");
    assert.deepEqual(batch.ys.shape, [8, 4]);
    assert.equal(batch.ys.dtype, "float32");
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_color_modes", async () => {
    let directory = prepareDirectory({ numClasses: 4, colorMode: "rgba" });
    let batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], colorMode: "rgba" })));
    assert.deepEqual(batch.xs.shape, [8, 18, 18, 4]);
    assert.equal(batch.xs.dtype, "float32");

    directory = prepareDirectory({ numClasses: 4, colorMode: "grayscale" });
    batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], colorMode: "grayscale" })));
    assert.deepEqual(batch.xs.shape, [8, 18, 18, 1]);
    assert.equal(batch.xs.dtype, "float32");
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_validation_split", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 10 });
    const common = { ...opts, batchSize: 10, imageSize: [18, 18] as [number, number], validationSplit: 0.2, seed: 1337 };
    let batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...common, subset: "training" })));
    assert.deepEqual(batch.xs.shape, [8, 18, 18, 3]);
    batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...common, subset: "validation" })));
    assert.deepEqual(batch.xs.shape, [2, 18, 18, 3]);
    const [train, val] = imageDatasetFromDirectory(directory, { ...common, subset: "both" });
    assert.deepEqual(pair(await firstOf(train)).xs.shape, [8, 18, 18, 3]);
    assert.deepEqual(pair(await firstOf(val)).xs.shape, [2, 18, 18, 3]);
    // Ours: the subsets' files are disjoint and together every file.
    assert.equal(new Set([...train.filePaths!, ...val.filePaths!]).size, 10);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_manual_labels", async () => {
    // Case: wrong number of labels
    let directory = prepareDirectory({ numClasses: 1, count: 4 });
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labels: [0, 1, 0], shuffle: false }), /match the number of files/);
    // Case: single directory
    directory = prepareDirectory({ numClasses: 1, count: 4 });
    let dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labels: [0, 1, 0, 1], shuffle: false });
    assert.deepEqual(dataset.classNames, ["0", "1"]);
    let batch = pair(await firstOf(dataset));
    assert.deepEqual(batch.xs.shape, [4, 18, 18, 3]);
    assert.deepEqual(batch.ys.arraySync(), [0, 1, 0, 1]);
    // Case: multiple directories
    directory = prepareDirectory({ numClasses: 3, count: 6 });
    dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labels: [0, 1, 0, 1, 1, 1], shuffle: false });
    assert.deepEqual(dataset.classNames, ["0", "1"]);
    batch = pair(await firstOf(dataset));
    assert.deepEqual(batch.xs.shape, [6, 18, 18, 3]);
    assert.deepEqual(batch.ys.arraySync(), [0, 1, 0, 1, 1, 1]);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_follow_links", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 25, nestedDirs: true });
    const dataset = imageDatasetFromDirectory(directory, { ...opts, batchSize: 8, imageSize: [18, 18], labelMode: null, followLinks: true });
    let sampleCount = 0;
    for (const b of await dataset.toArray()) sampleCount += images(b).shape[0]!;
    assert.equal(sampleCount, 25);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_no_images", () => {
    const directory = prepareDirectory({ numClasses: 2, count: 0 });
    assert.throws(() => imageDatasetFromDirectory(directory, opts), /No images found./);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_crop_to_aspect_ratio", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 5 });
    const batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 5, imageSize: [18, 18], cropToAspectRatio: true })));
    assert.deepEqual(batch.xs.shape, [5, 18, 18, 3]);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_pad_to_aspect_ratio", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 5 });
    const batch = pair(await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: 5, imageSize: [18, 18], padToAspectRatio: true })));
    assert.deepEqual(batch.xs.shape, [5, 18, 18, 3]);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_errors", () => {
    const directory = prepareDirectory({ numClasses: 3, count: 5 });
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, labels: "other" as never }), /`labels` argument should be/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, labelMode: "other" as never }), /`label_mode` argument must be/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, colorMode: "other" as never }), /`color_mode` must be one of/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, labels: [0, 0, 1, 1, 1], classNames: ["class_0", "class_1", "class_2"] }), /only pass `class_names` if `labels="inferred"`/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, labels: [0, 0, 1, 1] }), /Expected the lengths of `labels` to match the number of files/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, classNames: ["class_0", "wrong_class"] }), /`class_names` passed did not match/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, labelMode: "binary" }), /there must be exactly 2/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, validationSplit: 2 }), /`validation_split` must be between 0 and 1/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, validationSplit: 0.2, subset: "other" as never }), /`subset` must be either "training", "validation" or "both"/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, validationSplit: 0.0, subset: "training" }), /`validation_split` must be set/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, validationSplit: 0.2, subset: "training" }), /must provide a `seed`/);
    // Ours: Keras's other checks, and what tfjs lacks, named.
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, imageSize: [18] as never }), /Invalid `image_size` value/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, interpolation: "cubic" as never }), /Argument `interpolation` should be one of/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, interpolation: "bicubic" }), /tfjs can only resize with "bilinear" or "nearest"/);
    assert.throws(() => imageDatasetFromDirectory(directory, { ...opts, cropToAspectRatio: true, padToAspectRatio: true }), /Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio`/);
    assert.throws(() => imageDatasetFromDirectory(path.join(directory, "nope"), opts), /Could not find directory/);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_not_batched", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 2 });
    const sample = await firstOf(imageDatasetFromDirectory(directory, { ...opts, batchSize: null, imageSize: [18, 18], labelMode: null, shuffle: false }));
    assert.ok(sample instanceof tf.Tensor);
    assert.equal(sample.shape.length, 3);
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_shuffle", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 25, nestedDirs: true });
    const common = { ...opts, batchSize: 8, imageSize: [18, 18] as [number, number], labelMode: null, followLinks: true };
    const unshuffled = await allImages(imageDatasetFromDirectory(directory, { ...common, shuffle: false }));
    const dataset = imageDatasetFromDirectory(directory, { ...common, shuffle: true, seed: 1337 });
    const batches1 = await allImages(dataset);
    const batches2 = await allImages(dataset);
    assert.ok(!allClose(unshuffled, batches1));
    assert.ok(!allClose(batches1, batches2), "a new pass reshuffles");
    // Random seed determinism
    const batches1Alt = await allImages(imageDatasetFromDirectory(directory, { ...common, shuffle: true, seed: 1337 }));
    assert.ok(allClose(batches1, batches1Alt));
  });

  test("ImageDatasetFromDirectoryTest.test_image_dataset_from_directory_shuffle_with_split", async () => {
    const directory = prepareDirectory({ numClasses: 2, count: 25, nestedDirs: true });
    const common = { ...opts, batchSize: 8, imageSize: [18, 18] as [number, number], labelMode: null, followLinks: true, validationSplit: 0.2, subset: "both" as const, seed: 1337 };
    const [unshuffledTrain] = imageDatasetFromDirectory(directory, { ...common, shuffle: false });
    const unshuffledTrainBatches = await allImages(unshuffledTrain);
    const [trainDs, valDs] = imageDatasetFromDirectory(directory, { ...common, shuffle: true });
    const train1 = await allImages(trainDs);
    const val1 = await allImages(valDs);
    const train2 = await allImages(trainDs);
    const val2 = await allImages(valDs);
    assert.ok(!allClose(unshuffledTrainBatches, train1));
    assert.ok(!allClose(train1, train2));
    // The validation dataset is never shuffled, so it always yields the same order.
    assert.ok(allClose(val1, val2));
    // Random seed determinism
    const [trainAlt, valAlt] = imageDatasetFromDirectory(directory, { ...common, shuffle: true });
    assert.ok(allClose(train1, await allImages(trainAlt)));
    assert.ok(allClose(val1, await allImages(valAlt)));
  });

  test("imageDatasetFromDirectory: decoded pixels (PNG exact, JPEG close, BMP), labels, and nearest resizing", async () => {
    const dir = tempDir();
    for (const c of ["cats", "dogs"]) fs.mkdirSync(path.join(dir, c));
    // A 4x4 PNG whose every pixel is (10·class+i, 100, 200, 128) for image i; a JPEG of flat colour.
    const flat = (r: number, g: number, b: number, a = 255) => {
      const px = new Uint8Array(4 * 4 * 4);
      for (let i = 0; i < 16; i++) px.set([r, g, b, a], i * 4);
      return px;
    };
    fs.writeFileSync(path.join(dir, "cats", "a.png"), encode(flat(5, 100, 200, 128), 4, 4, "rgba"));
    fs.writeFileSync(path.join(dir, "dogs", "b.PNG"), encode(flat(15, 100, 200, 128), 4, 4, "rgba"));
    fs.writeFileSync(path.join(dir, "dogs", "c.jpeg"), encode(flat(60, 120, 180), 4, 4, "rgb"));
    // A 2x1 24-bit BMP (bottom-up rows of BGR, padded to 4 bytes): left red, right blue.
    const bmp = Buffer.alloc(54 + 8);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(bmp.length, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18);
    bmp.writeInt32LE(1, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    bmp.set([0, 0, 255, 255, 0, 0], 54);
    fs.writeFileSync(path.join(dir, "cats", "d.bmp"), bmp);
    fs.writeFileSync(path.join(dir, "cats", "notes.txt"), "not an image");

    const ds = imageDatasetFromDirectory(dir, { ...opts, imageSize: [4, 4], colorMode: "rgba", shuffle: false, interpolation: "nearest" });
    assert.deepEqual(ds.classNames, ["cats", "dogs"]);
    assert.deepEqual(ds.filePaths!.map((p) => path.relative(dir, p)), [path.join("cats", "a.png"), path.join("cats", "d.bmp"), path.join("dogs", "b.PNG"), path.join("dogs", "c.jpeg")]);
    const { xs, ys } = pair(await firstOf(ds));
    assert.deepEqual(ys.arraySync(), [0, 0, 1, 1]);
    const px = xs.arraySync() as number[][][][];
    assert.deepEqual(px[0]![2]![3], [5, 100, 200, 128]);
    assert.deepEqual(px[2]![0]![0], [15, 100, 200, 128]);
    assert.deepEqual(px[1]![0]![0], [255, 0, 0, 255], "BMP left half red");
    assert.deepEqual(px[1]![3]![3], [0, 0, 255, 255], "BMP right half blue");
    const j = px[3]![1]![1]!;
    [60, 120, 180, 255].forEach((v, k) => assert.ok(Math.abs(j[k]! - v) <= 4, `JPEG channel ${k}: ${j[k]} vs ${v}`));
    // rgb drops alpha; grayscale is the luma.
    const rgb = pair(await firstOf(imageDatasetFromDirectory(dir, { ...opts, imageSize: [4, 4], shuffle: false }))).xs;
    assert.deepEqual((rgb.arraySync() as number[][][][])[0]![0]![0], [5, 100, 200]);
    const gray = pair(await firstOf(imageDatasetFromDirectory(dir, { ...opts, imageSize: 4, colorMode: "grayscale", shuffle: false }))).xs;
    assert.deepEqual((gray.arraySync() as number[][][][])[0]![0]![0], [Math.round(0.299 * 5 + 0.587 * 100 + 0.114 * 200)]);
    // GIF files are indexed (as Keras) but decoding one is refused by name.
    fs.writeFileSync(path.join(dir, "cats", "e.gif"), Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"));
    await assert.rejects(imageDatasetFromDirectory(dir, { ...opts, imageSize: 4, shuffle: false }).toArray(), /e\.gif: GIF decoding is not available/);
  });

  test("smartResize and resizeWithPad: Keras's crop box and tf.image.resize_with_pad's padding", () => {
    // A 2x4 image of column indices: cropping to a square keeps the middle two columns.
    const img = tf.tensor3d([0, 1, 2, 3, 0, 1, 2, 3], [2, 4, 1]);
    assert.deepEqual((smartResize(img, [2, 2]).arraySync() as number[][][]).map((r) => r.map((p) => p[0])), [[1, 2], [1, 2]]);
    // Fit into 4x4: resized to 2x4, one zero row above and below.
    const padded = resizeWithPad(img, [4, 4]).arraySync() as number[][][];
    assert.deepEqual(padded.map((r) => r.map((p) => p[0])), [[0, 0, 0, 0], [0, 1, 2, 3], [0, 1, 2, 3], [0, 0, 0, 0]]);
    img.dispose();
  });
});
