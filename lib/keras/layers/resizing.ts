/**
 * Keras 3's Resizing (keras/src/layers/preprocessing/image_preprocessing/resizing.py, with the
 * TensorFlow backend's `image.resize`): images to (height, width), optionally cropped or padded to
 * the target's aspect ratio first. tfjs's own resizing layer lacks Keras's crop/pad options,
 * channels_first and its config; "bicubic", "lanczos3", "lanczos5", "area" and `antialias` are
 * refused by name (tfjs has no such kernels). Integer images come back rounded, as Keras's.
 */
import * as tf from "@tensorflow/tfjs";
import { ImagePreprocessingLayer, pyRepr, resizeImages, type ImageLayerArgs, type ResizeInterpolation } from "./image_transform.js";

/** What Keras accepts; only the first two are computed here. */
export type ResizingInterpolation = ResizeInterpolation | "bicubic" | "lanczos3" | "lanczos5" | "area";
const KERAS_INTERPOLATIONS = ["bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area"];

export interface ResizingArgs extends ImageLayerArgs {
  height: number;
  width: number;
  interpolation?: ResizingInterpolation;
  cropToAspectRatio?: boolean;
  padToAspectRatio?: boolean;
  fillMode?: "constant";
  fillValue?: number;
  antialias?: boolean;
}

export function checkSize(owner: string, height: unknown, width: unknown): void {
  for (const [name, v] of [["height", height], ["width", width]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new RangeError(`${owner}: \`${name}\` must be a positive integer; got ${pyRepr(v)}`);
  }
}

export class ResizingLayer extends ImagePreprocessingLayer {
  static className = "Resizing";
  protected override readonly randomLayer = false;
  readonly height: number;
  readonly width: number;
  readonly interpolation: ResizeInterpolation;
  readonly cropToAspectRatio: boolean;
  readonly padToAspectRatio: boolean;
  readonly fillMode: "constant";
  readonly fillValue: number;
  readonly antialias: boolean;

  constructor(args: ResizingArgs) {
    const { height, width, interpolation = "bilinear", cropToAspectRatio = false, padToAspectRatio = false, fillMode = "constant", fillValue = 0, antialias = false, ...base } = args;
    super(base, "Resizing");
    checkSize("Resizing", height, width);
    if (!KERAS_INTERPOLATIONS.includes(interpolation)) {
      throw new RangeError(`Resizing: Invalid value for argument \`interpolation\`. Expected of one ('bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area'). Received: interpolation=${pyRepr(interpolation)}`);
    }
    if (interpolation !== "bilinear" && interpolation !== "nearest") {
      throw new RangeError(`Resizing: \`interpolation\` ${pyRepr(interpolation)} is not implemented here (tfjs has no such resize kernel); use "bilinear" or "nearest"`);
    }
    if (fillMode !== "constant") throw new RangeError(`Resizing: Invalid value for argument \`fill_mode\`. Only \`'constant'\` is supported. Received: fill_mode=${pyRepr(fillMode)}`);
    if (cropToAspectRatio && padToAspectRatio) throw new RangeError("Resizing: Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
    if (antialias) throw new RangeError("Resizing: `antialias: true` is not implemented here (tfjs's resize kernels have no antialiasing); use antialias: false");
    this.height = height;
    this.width = width;
    this.interpolation = interpolation;
    this.cropToAspectRatio = cropToAspectRatio;
    this.padToAspectRatio = padToAspectRatio;
    this.fillMode = fillMode;
    this.fillValue = fillValue;
    this.antialias = antialias;
  }

  protected override keepsIntegerDtype(): boolean {
    return true;
  }

  protected transformBatch(images: tf.Tensor4D): tf.Tensor4D {
    return resizeImages(images, this.height, this.width, this.interpolation, this.cropToAspectRatio, this.padToAspectRatio, this.fillValue);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return resizedShape(inputShape, this.dataFormat, this.height, this.width);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      height: this.height,
      width: this.width,
      interpolation: this.interpolation,
      cropToAspectRatio: this.cropToAspectRatio,
      padToAspectRatio: this.padToAspectRatio,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
      antialias: this.antialias,
    };
  }
}
tf.serialization.registerClass(ResizingLayer);

/** Keras's compute_output_shape of Resizing and CenterCrop: the spatial axes become (height, width). */
export function resizedShape(inputShape: tf.Shape | tf.Shape[], dataFormat: string, height: number, width: number): tf.Shape {
  const s = [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
  if (s.length !== 3 && s.length !== 4) throw new RangeError(`\`input_shape\` must be a non-nested tuple or list of rank-1 with size 3 (unbatched) or 4 (batched); got (${s.join(", ")})`);
  const h = s.length - (dataFormat === "channels_last" ? 3 : 2);
  s[h] = height;
  s[h + 1] = width;
  return s;
}
