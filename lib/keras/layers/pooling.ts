/**
 * Keras's pooling layers. Python's positional `pool_size` may be given first or left
 * out where Keras has a default (the max poolings): `MaxPooling2D()`, `MaxPooling2D(3)`,
 * `MaxPooling2D([2, 2], { strides: 1 })`; the average poolings require it, as in Keras.
 * 1-D pooling and global pooling are our own layers (pooling1d.ts, global_pooling.ts); 2-D and
 * 3-D pooling are tfjs's layers, over our 3-D kernels (backend/kernels/pool_host.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { dataFormat, type DataFormat } from "./core.js";
import { bool, intTuple, oneOf, positional } from "./options.js";
import {
  GlobalAveragePooling1DLayer,
  GlobalAveragePooling2DLayer,
  GlobalAveragePooling3DLayer,
  GlobalMaxPooling1DLayer,
  GlobalMaxPooling2DLayer,
  GlobalMaxPooling3DLayer,
} from "./global_pooling.js";
import { AveragePooling1DLayer, MaxPooling1DLayer } from "./pooling1d.js";

type Size2 = number | [number, number];
type Size3 = number | [number, number, number];

export interface PoolingOptions<Size> extends BaseLayerOptions {
  /** Defaults to `poolSize`. */
  strides?: Size | null;
  padding?: "valid" | "same";
  dataFormat?: DataFormat;
}
export type Pooling1DOptions = PoolingOptions<number | [number]>;
export type Pooling2DOptions = PoolingOptions<Size2>;
export type Pooling3DOptions = PoolingOptions<Size3>;

function splitArgs<O>(first: unknown, second: O | undefined): [unknown, O | undefined] {
  if (first !== null && typeof first === "object" && !Array.isArray(first)) return [undefined, first as O];
  return [first, second];
}

type Kind = "Max" | "Average";
const makers: Record<1 | 2 | 3, Record<Kind, (a: any) => tf.layers.Layer>> = {
  1: { Max: (a) => new MaxPooling1DLayer(a), Average: (a) => new AveragePooling1DLayer(a) },
  2: { Max: (a) => tf.layers.maxPooling2d(a), Average: (a) => tf.layers.averagePooling2d(a) },
  3: { Max: (a) => tf.layers.maxPooling3d(a), Average: (a) => tf.layers.averagePooling3d(a) },
};

/**
 * Keras's BasePooling for `rank` spatial axes: pool size and strides as an int or a tuple of
 * `rank` ints (strides default to the pool size), "valid"/"same", the data format. Keras's
 * MaxPooling layers default the pool to 2 on every axis; its AveragePooling layers require it.
 */
function pooling(rank: 1 | 2 | 3, kind: Kind, first: unknown, second: unknown): tf.layers.Layer {
  const owner = `${kind}Pooling${rank}D`;
  const [poolSize, options] = splitArgs(first, second);
  if (poolSize === undefined && kind === "Average") throw new TypeError(`${owner}: \`poolSize\` is required (Keras's \`pool_size\` has no default here)`);
  const size = poolSize === undefined ? Array(rank).fill(2) : positional<number[]>(owner, "poolSize", poolSize, intTuple(rank));
  const strides = (v: unknown, w: string) => (v === null ? size : intTuple(rank)(v, w));
  const prefix = `${kind.toLowerCase()}_pooling${rank}d`;
  return makeLayer(owner, prefix, options, { strides, padding: oneOf("valid", "same"), dataFormat }, (a) => makers[rank][kind]({ poolSize: size, strides: size, ...a }));
}

export function MaxPooling1D(poolSize?: number | [number] | Pooling1DOptions, options?: Pooling1DOptions): tf.layers.Layer {
  return pooling(1, "Max", poolSize, options);
}
export function AveragePooling1D(poolSize: number | [number], options?: Pooling1DOptions): tf.layers.Layer {
  return pooling(1, "Average", poolSize, options);
}
export function MaxPooling2D(poolSize?: Size2 | Pooling2DOptions, options?: Pooling2DOptions): tf.layers.Layer {
  return pooling(2, "Max", poolSize, options);
}
export function AveragePooling2D(poolSize: Size2, options?: Pooling2DOptions): tf.layers.Layer {
  return pooling(2, "Average", poolSize, options);
}
export function MaxPooling3D(poolSize?: Size3 | Pooling3DOptions, options?: Pooling3DOptions): tf.layers.Layer {
  return pooling(3, "Max", poolSize, options);
}
export function AveragePooling3D(poolSize: Size3, options?: Pooling3DOptions): tf.layers.Layer {
  return pooling(3, "Average", poolSize, options);
}

export interface GlobalPoolingOptions extends BaseLayerOptions {
  dataFormat?: DataFormat;
  /** Keep the pooled axes with length 1 (Keras 3's `keepdims`): [b, 1, 1, c] for 2D. */
  keepdims?: boolean;
}

/** Keras 3's global pooling (global_pooling.ts): masks (1-D average), channels_first, keepdims. */
function globalPooling(owner: string, prefix: string, options: GlobalPoolingOptions | undefined, Layer: new (a: any) => tf.layers.Layer): tf.layers.Layer {
  return makeLayer(owner, prefix, options, { dataFormat, keepdims: bool }, (a) => new Layer(a));
}

export function GlobalAveragePooling1D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalAveragePooling1D", "global_average_pooling1d", options, GlobalAveragePooling1DLayer);
}
export function GlobalMaxPooling1D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalMaxPooling1D", "global_max_pooling1d", options, GlobalMaxPooling1DLayer);
}
export function GlobalAveragePooling2D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalAveragePooling2D", "global_average_pooling2d", options, GlobalAveragePooling2DLayer);
}
export function GlobalMaxPooling2D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalMaxPooling2D", "global_max_pooling2d", options, GlobalMaxPooling2DLayer);
}
export function GlobalAveragePooling3D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalAveragePooling3D", "global_average_pooling3d", options, GlobalAveragePooling3DLayer);
}
export function GlobalMaxPooling3D(options?: GlobalPoolingOptions): tf.layers.Layer {
  return globalPooling("GlobalMaxPooling3D", "global_max_pooling3d", options, GlobalMaxPooling3DLayer);
}
