/**
 * Keras's pooling and padding layers on tfjs's. Python's positional `pool_size` may be given
 * first or left out: `MaxPooling2D()`, `MaxPooling2D(3)`, `MaxPooling2D([2, 2], { strides: 1 })`.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { dataFormat, type DataFormat } from "./core.js";
import { bool, intTuple, nonNegativeInt, oneOf, positional, positiveInt } from "./options.js";
import { GlobalAveragePooling1DLayer, GlobalMaxPooling1DLayer } from "./global_pooling1d.js";
import { AveragePooling1DLayer, MaxPooling1DLayer } from "./pooling1d.js";

type Size2 = number | [number, number];

export interface Pooling1DOptions extends BaseLayerOptions {
  strides?: number | [number] | null;
  padding?: "valid" | "same";
  dataFormat?: DataFormat;
}
export interface Pooling2DOptions extends BaseLayerOptions {
  strides?: Size2 | null;
  padding?: "valid" | "same";
  dataFormat?: DataFormat;
}

function splitArgs<O>(first: unknown, second: O | undefined): [unknown, O | undefined] {
  if (first !== null && typeof first === "object" && !Array.isArray(first)) return [undefined, first as O];
  return [first, second];
}

function pooling1D(owner: string, prefix: string, make: (a: any) => tf.layers.Layer, poolSize: unknown, options: unknown): tf.layers.Layer {
  const [size] = poolSize === undefined ? [2] : positional<number[]>(owner, "poolSize", poolSize, intTuple(1));
  const strides = (v: unknown, w: string) => (v === null ? size : (intTuple(1)(v, w) as number[])[0]);
  return makeLayer(owner, prefix, options, { strides, padding: oneOf("valid", "same"), dataFormat }, (a) => make({ poolSize: size, strides: size, ...a }));
}

function pooling2D(owner: string, prefix: string, make: (a: any) => tf.layers.Layer, poolSize: unknown, options: unknown): tf.layers.Layer {
  const size = poolSize === undefined ? [2, 2] : positional<number[]>(owner, "poolSize", poolSize, intTuple(2));
  const strides = (v: unknown, w: string) => (v === null ? size : intTuple(2)(v, w));
  return makeLayer(owner, prefix, options, { strides, padding: oneOf("valid", "same"), dataFormat }, (a) => make({ poolSize: size, strides: size, ...a }));
}

export function MaxPooling1D(poolSize?: number | [number] | Pooling1DOptions, options?: Pooling1DOptions): tf.layers.Layer {
  const [p, o] = splitArgs(poolSize, options);
  return pooling1D("MaxPooling1D", "max_pooling1d", (a) => new MaxPooling1DLayer(a), p, o);
}
export function AveragePooling1D(poolSize?: number | [number] | Pooling1DOptions, options?: Pooling1DOptions): tf.layers.Layer {
  const [p, o] = splitArgs(poolSize, options);
  return pooling1D("AveragePooling1D", "average_pooling1d", (a) => new AveragePooling1DLayer(a), p, o);
}
export function MaxPooling2D(poolSize?: Size2 | Pooling2DOptions, options?: Pooling2DOptions): tf.layers.Layer {
  const [p, o] = splitArgs(poolSize, options);
  return pooling2D("MaxPooling2D", "max_pooling2d", (a) => tf.layers.maxPooling2d(a), p, o);
}
export function AveragePooling2D(poolSize?: Size2 | Pooling2DOptions, options?: Pooling2DOptions): tf.layers.Layer {
  const [p, o] = splitArgs(poolSize, options);
  return pooling2D("AveragePooling2D", "average_pooling2d", (a) => tf.layers.averagePooling2d(a), p, o);
}

export interface GlobalPoolingOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
  /** Keep the pooled axes with length 1 (Keras 3's `keepdims`): [b, 1, 1, c] for 2D. */
  keepdims?: boolean;
}

type LayerClass = new (args: any) => tf.layers.Layer;

/**
 * tfjs's global pooling class with Keras 3's `keepdims`, registered under tfjs's own class name
 * so that models saved with `keepdims` load back with it (and ones without default to false).
 */
function withKeepdims(Base: LayerClass, className: string, spatialAxes: (rank: number, channelsFirst: boolean) => number[]): LayerClass {
  const Keepdims = class extends (Base as new (args: any) => any) {
    static className = className;
    keepdims: boolean;
    constructor(args: Record<string, unknown> = {}) {
      const { keepdims, ...rest } = args;
      super(rest);
      this.keepdims = keepdims === true;
    }
    private kept(shape: (number | null)[]): (number | null)[] {
      const axes = spatialAxes(shape.length, this.dataFormat === "channelsFirst");
      return shape.map((d, i) => (axes.includes(i) ? 1 : d));
    }
    computeOutputShape(inputShape: (number | null)[]) {
      return this.keepdims ? this.kept(inputShape) : super.computeOutputShape(inputShape);
    }
    call(inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) {
      const out = super.call(inputs, kwargs);
      if (!this.keepdims) return out;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.tidy(() => tf.reshape(out, this.kept(x.shape) as number[]));
    }
    getConfig() {
      return { ...super.getConfig(), keepdims: this.keepdims };
    }
  };
  tf.serialization.registerClass(Keepdims as any);
  return Keepdims as unknown as LayerClass;
}

const axes2D = (_rank: number, channelsFirst: boolean) => (channelsFirst ? [2, 3] : [1, 2]);
const classOf = (layer: tf.layers.Layer) => layer.constructor as LayerClass;
const GlobalAveragePooling2DLayer = withKeepdims(classOf(tf.layers.globalAveragePooling2d({})), "GlobalAveragePooling2D", axes2D);
const GlobalMaxPooling2DLayer = withKeepdims(classOf(tf.layers.globalMaxPooling2d({})), "GlobalMaxPooling2D", axes2D);

/** Keras 3's own 1-D global pooling (global_pooling1d.ts): masks, channels_first, keepdims. */
export function GlobalAveragePooling1D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return makeLayer("GlobalAveragePooling1D", "global_average_pooling1d", options, { dataFormat, keepdims: bool }, (a) => new GlobalAveragePooling1DLayer(a));
}
export function GlobalMaxPooling1D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return makeLayer("GlobalMaxPooling1D", "global_max_pooling1d", options, { dataFormat, keepdims: bool }, (a) => new GlobalMaxPooling1DLayer(a));
}
export function GlobalAveragePooling2D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return makeLayer("GlobalAveragePooling2D", "global_average_pooling2d", options, { dataFormat, keepdims: bool }, (a) => new GlobalAveragePooling2DLayer(a));
}
export function GlobalMaxPooling2D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return makeLayer("GlobalMaxPooling2D", "global_max_pooling2d", options, { dataFormat, keepdims: bool }, (a) => new GlobalMaxPooling2DLayer(a));
}

export interface ZeroPadding2DOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
}

/** `ZeroPadding2D(padding = 1)`: an int, [rows, cols], or [[top, bottom], [left, right]]. */
export function ZeroPadding2D(padding: number | [number, number] | [[number, number], [number, number]] = 1, options?: ZeroPadding2DOptions): tf.layers.Layer {
  let pad: any;
  const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0);
  if (Number.isInteger(padding) && (padding as number) >= 0) pad = [[padding, padding], [padding, padding]];
  else if (pair(padding)) pad = (padding as number[]).map((p) => [p, p]);
  else if (Array.isArray(padding) && padding.length === 2 && padding.every(pair)) pad = padding;
  else throw new TypeError(`ZeroPadding2D: \`padding\` must be an integer ≥ 0, [rows, cols], or [[top, bottom], [left, right]]; got ${JSON.stringify(padding)}`);
  void nonNegativeInt;
  return makeLayer("ZeroPadding2D", "zero_padding2d", options, { dataFormat }, (a) => tf.layers.zeroPadding2d({ padding: pad, ...a }));
}
