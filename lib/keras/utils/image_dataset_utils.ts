/**
 * `keras.utils.imageDatasetFromDirectory`, mirroring Keras 3's
 * keras/src/utils/image_dataset_utils.py (`image_dataset_from_directory`, format "tf"): the
 * image files under `directory` (.bmp .gif .jpeg .jpg .png, as Keras's ALLOWLIST_FORMATS),
 * decoded to `colorMode`'s channels (as `tf.image.decode_image`: by content, not extension),
 * resized to `imageSize` as `tf.image.resize` (half-pixel centres), or first cropped to the
 * target aspect ratio (`smart_resize`) or resized to fit and zero-padded (`resize_with_pad`),
 * float32 `[n, height, width, channels]` batches; labels from the subfolders (see
 * dataset_utils.ts). `{xs, ys}` elements, what `model.fitDataset` takes, where Keras yields
 * `(images, labels)`. `subset: "both"` returns `[training, validation]`.
 *
 * Decoding is pure JS: PNG by pngjs, JPEG by jpeg-js, BMP (uncompressed 24/32-bit and 8-bit
 * paletted) here. GIF files are indexed, as Keras, but decoding one is refused by name. tfjs has
 * bilinear and nearest resizing only: Keras's other `interpolation` names are refused by name.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import * as jpeg from "jpeg-js";
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

export const ALLOWLIST_FORMATS = [".bmp", ".gif", ".jpeg", ".jpg", ".png"] as const;
const KERAS_INTERPOLATIONS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"] as const;

export type ColorMode = "grayscale" | "rgb" | "rgba";
export type Interpolation = (typeof KERAS_INTERPOLATIONS)[number];

export interface ImageDatasetOptions {
  /** "inferred" (default: one class per subfolder), null, or one integer label per file in alphanumeric path order. */
  labels?: Labels;
  /** "int" (default), "categorical", "binary" or null (images only). */
  labelMode?: LabelMode;
  /** With inferred labels: the subfolders to use, in this order. */
  classNames?: readonly string[] | null;
  /** "rgb" (default, 3 channels), "rgba" (4) or "grayscale" (1). */
  colorMode?: ColorMode;
  /** Default 32; null yields single images. */
  batchSize?: number | null;
  /** [height, width] (or one number for both). Default [256, 256]. */
  imageSize?: number | readonly [number, number];
  /** Default true. */
  shuffle?: boolean;
  seed?: number | null;
  validationSplit?: number | null;
  subset?: Subset | null;
  /** "bilinear" (default) or "nearest" (tfjs has no others). */
  interpolation?: Interpolation;
  /** Walk into symlinked folders. Default false. */
  followLinks?: boolean;
  /** Crop the centre to the target aspect ratio before resizing. */
  cropToAspectRatio?: boolean;
  /** Resize to fit within the target, keeping the aspect ratio, and pad with zeros. */
  padToAspectRatio?: boolean;
  /** "channels_last" (default) or "channels_first". */
  dataFormat?: "channels_last" | "channels_first";
  /** Print the counts found, as Keras. Default true. */
  verbose?: boolean;
}

interface RGBA {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Uncompressed BMP (BI_RGB / BI_BITFIELDS with the usual masks): 8-bit paletted, 24- and 32-bit. */
function decodeBmp(b: Buffer, file: string): RGBA {
  const offset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  if (!(compression === 0 || (compression === 3 && bpp === 32)) || ![8, 24, 32].includes(bpp) || width <= 0) {
    throw new Error(`Cannot decode ${file}: only uncompressed 8-, 24- and 32-bit BMP files are supported (found ${bpp}-bit, compression ${compression}).`);
  }
  const rowSize = Math.floor((bpp * width + 31) / 32) * 4;
  const palette = 14 + headerSize;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = offset + (rawHeight > 0 ? height - 1 - y : y) * rowSize; // positive height: bottom-up
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let p: number;
      if (bpp === 8) p = palette + b[row + x]! * 4;
      else p = row + x * (bpp / 8);
      data[o] = b[p + 2]!;
      data[o + 1] = b[p + 1]!;
      data[o + 2] = b[p]!;
      data[o + 3] = bpp === 32 && headerSize > 40 ? b[p + 3]! : 255;
    }
  }
  return { width, height, data };
}

/** `tf.image.decode_image`'s choice of decoder: by the file's first bytes. */
export function decodeImageBytes(bytes: Buffer, file = "image"): RGBA {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes.toString("latin1", 1, 4) === "PNG") {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  }
  if (bytes.length >= 30 && bytes.toString("latin1", 0, 2) === "BM") return decodeBmp(bytes, file);
  if (bytes.toString("latin1", 0, 4) === "GIF8") throw new Error(`Cannot decode ${file}: GIF decoding is not available here (PNG, JPEG and BMP are).`);
  throw new Error(`Cannot decode ${file}: unknown image format (expected PNG, JPEG, BMP or GIF content).`);
}

/** RGBA pixels to `channels` (1: ITU-R 601 luma as libjpeg/libpng's, 3: RGB, 4: RGBA) as float32 [h, w, c]. */
function toChannels(img: RGBA, channels: 1 | 3 | 4): tf.Tensor3D {
  const n = img.width * img.height;
  const out = new Float32Array(n * channels);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const r = d[i * 4]!, g = d[i * 4 + 1]!, b = d[i * 4 + 2]!;
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[i * channels] = r;
      out[i * channels + 1] = g;
      out[i * channels + 2] = b;
      if (channels === 4) out[i * 4 + 3] = d[i * 4 + 3]!;
    }
  }
  return tf.tensor3d(out, [img.height, img.width, channels], "float32");
}

function resize(img: tf.Tensor3D, size: [number, number], interpolation: "bilinear" | "nearest"): tf.Tensor3D {
  return interpolation === "nearest" ? tf.image.resizeNearestNeighbor(img, size, false, true) : tf.image.resizeBilinear(img, size, false, true);
}

/** Keras's `smart_resize`: the largest centred crop with the target's aspect ratio, then resized. */
export function smartResize(img: tf.Tensor3D, size: [number, number], interpolation: "bilinear" | "nearest" = "bilinear"): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = img.shape;
    const [th, tw] = size;
    const cropHeight = Math.max(Math.min(height, Math.trunc((width * th) / tw)), 1);
    const cropWidth = Math.max(Math.min(width, Math.trunc((height * tw) / th)), 1);
    const h0 = Math.trunc((height - cropHeight) / 2);
    const w0 = Math.trunc((width - cropWidth) / 2);
    return resize(tf.slice(img, [h0, w0, 0], [cropHeight, cropWidth, -1]), size, interpolation);
  });
}

/** `tf.image.resize_with_pad`: resized to fit, aspect ratio kept, centred, zero-padded. */
export function resizeWithPad(img: tf.Tensor3D, size: [number, number], interpolation: "bilinear" | "nearest" = "bilinear"): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = img.shape;
    const [th, tw] = size;
    const ratio = Math.max(width / tw, height / th);
    const rh = height / ratio;
    const rw = width / ratio;
    const resizedHeight = Math.floor(rh);
    const resizedWidth = Math.floor(rw);
    const top = Math.max(0, Math.floor((th - rh) / 2));
    const left = Math.max(0, Math.floor((tw - rw) / 2));
    const resized = resize(img, [resizedHeight, resizedWidth], interpolation);
    return tf.pad(resized, [[top, th - top - resizedHeight], [left, tw - left - resizedWidth], [0, 0]]);
  });
}

export function imageDatasetFromDirectory(directory: string, options: ImageDatasetOptions & { subset: "both" }): [KerasDataset<Batch>, KerasDataset<Batch>];
export function imageDatasetFromDirectory(directory: string, options?: ImageDatasetOptions): KerasDataset<Batch>;
export function imageDatasetFromDirectory(directory: string, options: ImageDatasetOptions = {}): KerasDataset<Batch> | [KerasDataset<Batch>, KerasDataset<Batch>] {
  let { labels = "inferred", labelMode = "int", imageSize = [256, 256] } = options;
  const {
    classNames = null,
    colorMode = "rgb",
    batchSize = 32,
    shuffle = true,
    validationSplit = null,
    subset = null,
    followLinks = false,
    cropToAspectRatio = false,
    padToAspectRatio = false,
    dataFormat = "channels_last",
    verbose = true,
  } = options;
  checkLabelArgs(labels, labelMode, classNames, "image");
  if (labels === null || labelMode === null) {
    labels = null;
    labelMode = null;
  }
  const channels = ({ rgb: 3, rgba: 4, grayscale: 1 } as const)[colorMode as ColorMode];
  if (channels === undefined) throw new Error(`\`color_mode\` must be one of {"rgb", "rgba", "grayscale"}. Received: color_mode=${colorMode}`);
  if (typeof imageSize === "number") imageSize = [imageSize, imageSize];
  if (!Array.isArray(imageSize) || imageSize.length !== 2 || !imageSize.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`Invalid \`image_size\` value. Expected a tuple of 2 integers. Received: image_size=${JSON.stringify(imageSize)}`);
  }
  const size: [number, number] = [imageSize[0]!, imageSize[1]!];
  const interpolation = String(options.interpolation ?? "bilinear").toLowerCase();
  if (!(KERAS_INTERPOLATIONS as readonly string[]).includes(interpolation)) {
    throw new Error(`Argument \`interpolation\` should be one of ${JSON.stringify(KERAS_INTERPOLATIONS)}. Received: interpolation=${interpolation}`);
  }
  if (interpolation !== "bilinear" && interpolation !== "nearest") {
    throw new Error(`interpolation "${interpolation}" is one of Keras's but tfjs can only resize with "bilinear" or "nearest".`);
  }
  if (padToAspectRatio && cropToAspectRatio) throw new Error("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`.");
  if (dataFormat !== "channels_last" && dataFormat !== "channels_first") {
    throw new Error(`The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${dataFormat}`);
  }
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1)) throw new Error(`\`batch_size\` must be a positive integer or None. Received: batch_size=${batchSize}`);
  checkValidationSplitArg(validationSplit, subset, shuffle, options.seed);
  const seed = options.seed ?? randomSeed();
  const index = indexDirectory(directory, labels, ALLOWLIST_FORMATS, { classNames, shuffle, seed, followLinks, verbose });
  if (labelMode === "binary" && index.classNames!.length !== 2) {
    throw new Error(`When passing \`label_mode="binary"\`, there must be exactly 2 class_names. Received: class_names=${JSON.stringify(index.classNames)}`);
  }
  const numClasses = index.classNames ? index.classNames.length : 0;
  const method = interpolation as "bilinear" | "nearest";

  const loadImage = async (file: string): Promise<tf.Tensor3D> => {
    const decoded = decodeImageBytes(await fs.promises.readFile(file), file);
    return tf.tidy(() => {
      const img = toChannels(decoded, channels);
      const out = cropToAspectRatio ? smartResize(img, size, method) : padToAspectRatio ? resizeWithPad(img, size, method) : resize(img, size, method);
      return dataFormat === "channels_first" ? tf.transpose(out, [2, 0, 1]) : out;
    });
  };
  const make = (paths: string[], ls: number[] | null, shuffled: boolean) => {
    const ds = samplesToDataset<tf.Tensor3D>({
      load: (i) => loadImage(paths[i]!),
      stack: (images) => {
        const out = tf.stack(images);
        tf.dispose(images);
        return out;
      },
      single: (image) => image,
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
  const allowed = `(${ALLOWLIST_FORMATS.map((f) => `'${f}'`).join(", ")})`;
  if (subset === "both") {
    const [trainPaths, trainLabels] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, "training", verbose);
    const [valPaths, valLabels] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, "validation", verbose);
    if (trainPaths.length === 0) throw new Error(`No training images found in directory ${directory}. Allowed formats: ${allowed}`);
    if (valPaths.length === 0) throw new Error(`No validation images found in directory ${directory}. Allowed formats: ${allowed}`);
    return [make(trainPaths, trainLabels, shuffle), make(valPaths, valLabels, false)];
  }
  const [paths, ls] = getTrainingOrValidationSplit(index.filePaths, index.labels, validationSplit, subset, verbose);
  if (paths.length === 0) throw new Error(`No images found in directory ${directory}. Allowed formats: ${allowed}`);
  return make(paths, ls, shuffle);
}
