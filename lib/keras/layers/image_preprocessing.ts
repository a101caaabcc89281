/**
 * Keras 3's image preprocessing layers, by Keras's names and positional order: Resizing,
 * CenterCrop, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast (one class
 * per file; their shared frame, affine transform and resize in image_transform.ts). The factories
 * check option names and types; values with a Keras message (factors, fill modes, interpolation)
 * are checked by the classes, so `fromConfig` checks them too.
 */
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { anyValue, bool, nullable, num, oneOf, positional, positiveInt } from "./options.js";
import type { DataFormat, Factor, FillMode, TransformInterpolation } from "./image_transform.js";
import { ResizingLayer, type ResizingInterpolation } from "./resizing.js";
import { CenterCropLayer } from "./center_crop.js";
import { RandomFlipLayer, type RandomFlipMode } from "./random_flip.js";
import { RandomRotationLayer } from "./random_rotation.js";
import { RandomZoomLayer } from "./random_zoom.js";
import { RandomTranslationLayer } from "./random_translation.js";
import { RandomContrastLayer } from "./random_contrast.js";

export interface ImageLayerOptions extends BaseLayerOptions {
  /** "channels_last" (default: (…, height, width, channels)) or "channels_first". */
  dataFormat?: DataFormat;
}

export interface AffineLayerOptions extends ImageLayerOptions {
  /** How points outside the image are filled: "reflect" (default), "wrap", "constant", "nearest". */
  fillMode?: FillMode;
  interpolation?: TransformInterpolation;
  seed?: number | null;
  /** The value "constant" fills with. */
  fillValue?: number;
}

const IMAGE_CHECKS = { dataFormat: oneOf("channels_last", "channels_first") };
const seed = nullable(num(-Infinity, Infinity, { integer: true }));
const AFFINE_CHECKS = { ...IMAGE_CHECKS, fillMode: anyValue, interpolation: anyValue, seed, fillValue: num() };

export interface ResizingOptions extends ImageLayerOptions {
  /** "bilinear" (default) or "nearest"; Keras's "bicubic", "lanczos3", "lanczos5", "area" are refused by name. */
  interpolation?: ResizingInterpolation;
  cropToAspectRatio?: boolean;
  padToAspectRatio?: boolean;
  fillMode?: "constant";
  fillValue?: number;
  /** Only false (tfjs has no antialiased resize). */
  antialias?: boolean;
}

/** `Resizing(height, width, options)`: images resized to (height, width). */
export function Resizing(height: number, width: number, options?: ResizingOptions): ResizingLayer {
  positional("Resizing", "height", height, positiveInt);
  positional("Resizing", "width", width, positiveInt);
  return makeLayer(
    "Resizing",
    "resizing",
    options,
    { ...IMAGE_CHECKS, interpolation: anyValue, cropToAspectRatio: bool, padToAspectRatio: bool, fillMode: anyValue, fillValue: num(), antialias: bool },
    (a) => new ResizingLayer({ height, width, ...a }),
  );
}

/** `CenterCrop(height, width, options)`: the centred (height, width) window (smaller images are resized). */
export function CenterCrop(height: number, width: number, options?: ImageLayerOptions): CenterCropLayer {
  positional("CenterCrop", "height", height, positiveInt);
  positional("CenterCrop", "width", width, positiveInt);
  return makeLayer("CenterCrop", "center_crop", options, IMAGE_CHECKS, (a) => new CenterCropLayer({ height, width, ...a }));
}

export interface RandomFlipOptions extends ImageLayerOptions {
  mode?: RandomFlipMode;
  seed?: number | null;
}

/** `RandomFlip(mode = "horizontal_and_vertical", options)` or `RandomFlip(options)`: random flips in training. */
export function RandomFlip(mode?: RandomFlipMode | RandomFlipOptions, options?: RandomFlipOptions): RandomFlipLayer {
  if (mode !== undefined && typeof mode === "object" && !Array.isArray(mode)) {
    if (options !== undefined) throw new TypeError("RandomFlip: give the options once: RandomFlip(mode, options) or RandomFlip(options)");
    return RandomFlip(undefined, mode);
  }
  const checks = { ...IMAGE_CHECKS, mode: oneOf("horizontal", "vertical", "horizontal_and_vertical"), seed };
  if (mode !== undefined) positional("RandomFlip", "mode", mode, checks.mode);
  return makeLayer("RandomFlip", "random_flip", options, checks, (a) => new RandomFlipLayer(mode === undefined ? a : { ...a, mode }));
}

/** `RandomRotation(factor, options)`: rotations by factor·360° (a number f: ±f; or [lower, upper]) in training. */
export function RandomRotation(factor: Factor, options?: AffineLayerOptions): RandomRotationLayer {
  return makeLayer("RandomRotation", "random_rotation", options, AFFINE_CHECKS, (a) => new RandomRotationLayer({ factor, ...a }));
}

export interface RandomZoomOptions extends AffineLayerOptions {
  widthFactor?: Factor | null;
}

/**
 * `RandomZoom(heightFactor, widthFactor?, options)`: zooms by 1 + a draw in each factor's range
 * (negative: in, positive: out); without widthFactor the aspect ratio is kept.
 */
export function RandomZoom(heightFactor: Factor, widthFactor?: Factor | null | RandomZoomOptions, options?: RandomZoomOptions): RandomZoomLayer {
  if (widthFactor !== undefined && widthFactor !== null && typeof widthFactor === "object" && !Array.isArray(widthFactor)) {
    if (options !== undefined) throw new TypeError("RandomZoom: give the options once: RandomZoom(heightFactor, widthFactor, options) or RandomZoom(heightFactor, options)");
    return RandomZoom(heightFactor, undefined, widthFactor);
  }
  const made = makeLayer("RandomZoom", "random_zoom", options, { ...AFFINE_CHECKS, widthFactor: anyValue }, (a) =>
    new RandomZoomLayer(widthFactor === undefined ? { heightFactor, ...a } : { heightFactor, ...a, widthFactor }),
  );
  return made;
}

/** `RandomTranslation(heightFactor, widthFactor, options)`: shifts by fractions of the height and width in training. */
export function RandomTranslation(heightFactor: Factor, widthFactor: Factor, options?: AffineLayerOptions): RandomTranslationLayer {
  return makeLayer("RandomTranslation", "random_translation", options, AFFINE_CHECKS, (a) => new RandomTranslationLayer({ heightFactor, widthFactor, ...a }));
}

export interface RandomContrastOptions extends ImageLayerOptions {
  /** The images' value range, [0, 255] by default; outputs are clipped to it. */
  valueRange?: [number, number];
  seed?: number | null;
}

/** `RandomContrast(factor, options)`: (x − mean)·c + mean per image and channel, clipped to valueRange, in training. */
export function RandomContrast(factor: Factor, options?: RandomContrastOptions): RandomContrastLayer {
  return makeLayer("RandomContrast", "random_contrast", options, { ...IMAGE_CHECKS, valueRange: anyValue, seed }, (a) => new RandomContrastLayer({ factor, ...a }));
}
