/**
 * keras.layers' reshaping layers over spatial axes: ZeroPadding1D–3D, Cropping1D–3D,
 * UpSampling1D–3D, with Keras 3's positional first argument (padding, cropping, size), its
 * defaults and its argument errors (argument_validation.standardize_tuple's messages, and each
 * layer's own). The first argument may be left out before the options: `Cropping2D({ dataFormat })`.
 */
import type * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { dataFormat, type DataFormat } from "./core.js";
import { pyRepr } from "./image_transform.js";
import { Cropping1DLayer, Cropping2DLayer, Cropping3DLayer } from "./cropping.js";
import { UpSampling1DLayer, UpSampling2DLayer, UpSampling3DLayer } from "./up_sampling.js";
import { ZeroPadding1DLayer, ZeroPadding2DLayer, ZeroPadding3DLayer, type PaddingPairs } from "./zero_padding.js";

type Pair = [number, number];
export type Spatial2D = number | [number | Pair, number | Pair];
export type Spatial3D = number | [number | Pair, number | Pair, number | Pair];

export interface SpatialOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
}
export type ZeroPaddingOptions = SpatialOptions;
export type CroppingOptions = SpatialOptions;
export type Cropping1DOptions = BaseLayerOptions;
export type UpSampling1DOptions = BaseLayerOptions;
export type UpSampling3DOptions = SpatialOptions;
export interface UpSampling2DOptions extends SpatialOptions {
  /** "nearest" (Keras's default) or "bilinear"; Keras's other resize methods throw naming the option. */
  interpolation?: "nearest" | "bilinear";
}
/** Aliases kept from when ZeroPadding2D lived with pooling. */
export type ZeroPadding2DOptions = ZeroPaddingOptions;

const isInt = (v: unknown): v is number => Number.isInteger(v) && typeof v === "number";
const ORDINALS = ["1st", "2nd", "3rd"];

/** The first argument, or the options object given in its place. */
function splitArgs<O>(first: unknown, second: O | undefined): [unknown, O | undefined] {
  if (first !== null && typeof first === "object" && !Array.isArray(first)) return [undefined, first as O];
  return [first, second];
}

/** Keras's argument_validation.standardize_tuple: an int for all n, or n ints; ≥ 0 (allowZero) or > 0. */
export function standardizeTuple(owner: string, value: unknown, n: number, name: string, allowZero: boolean): number[] {
  let message = `${owner}: The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pyRepr(value)}`;
  let tuple: unknown[];
  if (isInt(value)) tuple = Array(n).fill(value);
  else {
    if (!Array.isArray(value) || value.length !== n) throw new RangeError(message);
    const bad = value.find((v) => !isInt(v));
    if (bad !== undefined) throw new RangeError(`${message}including element ${pyRepr(bad)} of type ${typeof bad}`);
    tuple = value;
  }
  const unqualified = (tuple as number[]).filter((v) => (allowZero ? v < 0 : v <= 0));
  if (unqualified.length > 0) {
    message += `, including values {${[...new Set(unqualified)].join(", ")}} that do not satisfy \`value ${allowZero ? ">=" : ">"} 0\``;
    throw new RangeError(message);
  }
  return tuple as number[];
}

/**
 * ZeroPadding2D/3D's and Cropping2D/3D's argument: an int (the same on both sides of every
 * axis), or `rank` entries each an int or a [before, after] pair.
 */
function pairsPerAxis(owner: string, value: unknown, rank: 2 | 3, name: "padding" | "cropping"): PaddingPairs {
  if (isInt(value)) {
    if (value < 0) throw new RangeError(`${owner}: \`${name}\` cannot be negative. Received: ${name}=${value}.`);
    return Array.from({ length: rank }, () => [value, value]);
  }
  if (Array.isArray(value)) {
    if (value.length !== rank) throw new RangeError(`${owner}: \`${name}\` should have ${rank === 2 ? "two" : "3"} elements. Received: ${name}=${pyRepr(value)}.`);
    return value.map((entry, i) => standardizeTuple(owner, entry, 2, `${ORDINALS[i]} entry of ${name}`, true) as Pair);
  }
  const forms = rank === 2 ? "an int, a tuple of 2 ints, or a tuple of 2 tuples of 2 ints" : "an int, a tuple of 3 ints, or a tuple of 3 tuples of 2 ints";
  throw new RangeError(`${owner}: \`${name}\` should be either ${forms}. Received: ${name}=${pyRepr(value)}.`);
}

/** `ZeroPadding1D(padding = 1)`: an int, or [before, after]. */
export function ZeroPadding1D(padding?: number | Pair | ZeroPaddingOptions, options?: ZeroPaddingOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(padding, options);
  const pad = standardizeTuple("ZeroPadding1D", value ?? 1, 2, "padding", true) as Pair;
  return makeLayer("ZeroPadding1D", "zero_padding1d", opts, { dataFormat }, (a) => new ZeroPadding1DLayer({ padding: pad, ...a }));
}
/** `ZeroPadding2D(padding = 1)`: an int, [rows, cols], or [[top, bottom], [left, right]]. */
export function ZeroPadding2D(padding?: Spatial2D | ZeroPaddingOptions, options?: ZeroPaddingOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(padding, options);
  const pad = pairsPerAxis("ZeroPadding2D", value ?? 1, 2, "padding");
  return makeLayer("ZeroPadding2D", "zero_padding2d", opts, { dataFormat }, (a) => new ZeroPadding2DLayer({ padding: pad, ...a }));
}
/** `ZeroPadding3D(padding = 1)`: an int, three ints, or three [before, after] pairs. */
export function ZeroPadding3D(padding?: Spatial3D | ZeroPaddingOptions, options?: ZeroPaddingOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(padding, options);
  const pad = pairsPerAxis("ZeroPadding3D", value ?? 1, 3, "padding");
  return makeLayer("ZeroPadding3D", "zero_padding3d", opts, { dataFormat }, (a) => new ZeroPadding3DLayer({ padding: pad, ...a }));
}

/** `Cropping1D(cropping = [1, 1])`: an int, or [before, after], off axis 1. */
export function Cropping1D(cropping?: number | Pair | Cropping1DOptions, options?: Cropping1DOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(cropping, options);
  const crop = standardizeTuple("Cropping1D", value ?? 1, 2, "cropping", true) as Pair;
  return makeLayer("Cropping1D", "cropping1d", opts, {}, (a) => new Cropping1DLayer({ cropping: crop, ...a }));
}
/** `Cropping2D(cropping = 0)`: an int, [rows, cols], or [[top, bottom], [left, right]]. */
export function Cropping2D(cropping?: Spatial2D | CroppingOptions, options?: CroppingOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(cropping, options);
  const crop = pairsPerAxis("Cropping2D", value ?? 0, 2, "cropping");
  return makeLayer("Cropping2D", "cropping2d", opts, { dataFormat }, (a) => new Cropping2DLayer({ cropping: crop, ...a }));
}
/** `Cropping3D(cropping = 1)`: an int, three ints, or three [before, after] pairs. */
export function Cropping3D(cropping?: Spatial3D | CroppingOptions, options?: CroppingOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(cropping, options);
  const crop = pairsPerAxis("Cropping3D", value ?? 1, 3, "cropping");
  return makeLayer("Cropping3D", "cropping3d", opts, { dataFormat }, (a) => new Cropping3DLayer({ cropping: crop, ...a }));
}

/** `UpSampling1D(size = 2)`: each step of axis 1 repeated `size` times. */
export function UpSampling1D(size?: number | UpSampling1DOptions, options?: UpSampling1DOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(size, options);
  const n = value ?? 2;
  if (!isInt(n)) throw new TypeError(`UpSampling1D: Expected an integer value for \`size\`, got ${typeof n}.`);
  if (n <= 0) throw new RangeError(`UpSampling1D: Argument \`size\` should be a positive integer. Received: size=${n}`);
  return makeLayer("UpSampling1D", "up_sampling1d", opts, {}, (a) => new UpSampling1DLayer({ size: n, ...a }));
}

const RESIZE_METHODS = ["bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area"];
const interpolation = (v: unknown, where: string) => {
  const method = typeof v === "string" ? v.toLowerCase() : v;
  if (typeof method !== "string" || !RESIZE_METHODS.includes(method)) throw new RangeError(`${where}: Invalid value for argument \`interpolation\`. Expected of one ${pyRepr(RESIZE_METHODS)}. Received: interpolation=${pyRepr(v)}`);
  if (method !== "nearest" && method !== "bilinear") throw new RangeError(`${where}: ${pyRepr(method)} is not implemented here (tfjs has no such resize kernel); use "nearest" or "bilinear"`);
  return method;
};

/** `UpSampling2D(size = [2, 2])`: rows and columns repeated ("nearest") or resized ("bilinear"). */
export function UpSampling2D(size?: number | [number, number] | UpSampling2DOptions, options?: UpSampling2DOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(size, options);
  const factors = standardizeTuple("UpSampling2D", value ?? 2, 2, "size", false);
  return makeLayer("UpSampling2D", "up_sampling2d", opts, { dataFormat, interpolation }, (a) => new UpSampling2DLayer({ size: factors, ...a }));
}
/** `UpSampling3D(size = [2, 2, 2])`: each spatial axis repeated. */
export function UpSampling3D(size?: number | [number, number, number] | UpSampling3DOptions, options?: UpSampling3DOptions): tf.layers.Layer {
  const [value, opts] = splitArgs(size, options);
  const factors = standardizeTuple("UpSampling3D", value ?? 2, 3, "size", false);
  return makeLayer("UpSampling3D", "up_sampling3d", opts, { dataFormat }, (a) => new UpSampling3DLayer({ size: factors, ...a }));
}
