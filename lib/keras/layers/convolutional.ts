/** Keras's convolution layers on tfjs's: Conv1D, Conv2D, Conv2DTranspose, SeparableConv1D, SeparableConv2D, DepthwiseConv2D. */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { WEIGHT_CHECKS, dataFormat, type WeightOptions, type DataFormat, type Initializer, type Regularizer, type Constraint } from "./core.js";
import { activation, constraint, initializer, intTuple, oneOf, positional, positiveInt, regularizer, type OptionCheck } from "./options.js";
import { Conv1DLayer, Conv2DLayer, Conv2DTransposeLayer } from "./conv.js";
import { SeparableConv1DLayer, SeparableConv2DLayer } from "./separable_conv.js";

type Size2 = number | [number, number];

export interface ConvOptions extends BaseLayerOptions, WeightOptions {
  padding?: "valid" | "same";
  dataFormat?: DataFormat;
}
export interface Conv1DOptions extends Omit<ConvOptions, "padding"> {
  strides?: number | [number];
  /** "causal": step t sees only steps ≤ t (left padding), for temporal models. */
  padding?: "valid" | "same" | "causal";
  dilationRate?: number | [number];
  /** Input channels and filters split into this many independent groups (Keras's `groups`). */
  groups?: number;
}
export interface Conv2DOptions extends ConvOptions {
  strides?: Size2;
  dilationRate?: Size2;
  /** Input channels and filters split into this many independent groups (Keras's `groups`). */
  groups?: number;
}

const CONV_CHECKS: Record<string, OptionCheck> = { ...WEIGHT_CHECKS, padding: oneOf("valid", "same"), dataFormat, activation };

/** `Conv1D(filters, kernelSize, { strides, padding, ... })`. */
export function Conv1D(filters: number, kernelSize: number | [number], options?: Conv1DOptions): tf.layers.Layer {
  positional("Conv1D", "filters", filters, positiveInt);
  const [k] = positional<number[]>("Conv1D", "kernelSize", kernelSize, intTuple(1));
  return makeLayer("Conv1D", "conv1d", options, { ...CONV_CHECKS, padding: oneOf("valid", "same", "causal"), strides: intTuple(1), dilationRate: intTuple(1), groups: positiveInt }, (a) =>
    new Conv1DLayer({ filters, kernelSize: k, ...a, ...(a.strides ? { strides: a.strides[0] } : {}), ...(a.dilationRate ? { dilationRate: a.dilationRate[0] } : {}) }),
  );
}

/** `Conv2D(filters, kernelSize, { strides, padding, activation, ... })`. */
export function Conv2D(filters: number, kernelSize: Size2, options?: Conv2DOptions): tf.layers.Layer {
  positional("Conv2D", "filters", filters, positiveInt);
  const k = positional<number[]>("Conv2D", "kernelSize", kernelSize, intTuple(2));
  return makeLayer("Conv2D", "conv2d", options, { ...CONV_CHECKS, strides: intTuple(2), dilationRate: intTuple(2), groups: positiveInt }, (a) =>
    new Conv2DLayer({ filters, kernelSize: k, ...a }),
  );
}

export interface Conv2DTransposeOptions extends ConvOptions {
  strides?: Size2;
  /** Extra rows and columns of the output on the far side (each less than its stride), as Keras. */
  outputPadding?: Size2 | null;
  dilationRate?: Size2;
}

/** `Conv2DTranspose(filters, kernelSize, { strides, padding, ... })`. */
export function Conv2DTranspose(filters: number, kernelSize: Size2, options?: Conv2DTransposeOptions): tf.layers.Layer {
  positional("Conv2DTranspose", "filters", filters, positiveInt);
  const k = positional<number[]>("Conv2DTranspose", "kernelSize", kernelSize, intTuple(2));
  const outputPadding = (v: unknown, w: string) => (v === null ? null : intTuple(2, 0)(v, w));
  return makeLayer("Conv2DTranspose", "conv2d_transpose", options, { ...CONV_CHECKS, strides: intTuple(2), outputPadding, dilationRate: intTuple(2) }, (a) =>
    new Conv2DTransposeLayer({ filters, kernelSize: k, ...a }),
  );
}

export interface SeparableConv2DOptions extends Omit<ConvOptions, "kernelInitializer" | "kernelRegularizer" | "kernelConstraint"> {
  strides?: Size2;
  dilationRate?: Size2;
  depthMultiplier?: number;
  depthwiseInitializer?: Initializer;
  pointwiseInitializer?: Initializer;
  depthwiseRegularizer?: Regularizer;
  pointwiseRegularizer?: Regularizer;
  depthwiseConstraint?: Constraint;
  pointwiseConstraint?: Constraint;
}

/** The options of both separable convolutions, less their size tuples. */
function separableChecks(): Record<string, OptionCheck> {
  const { kernelInitializer: _i, kernelRegularizer: _r, kernelConstraint: _c, ...checks } = CONV_CHECKS;
  return {
    ...checks,
    depthMultiplier: positiveInt,
    depthwiseInitializer: initializer,
    pointwiseInitializer: initializer,
    depthwiseRegularizer: regularizer,
    pointwiseRegularizer: regularizer,
    depthwiseConstraint: constraint,
    pointwiseConstraint: constraint,
  };
}

/** `SeparableConv2D(filters, kernelSize, { depthMultiplier, ... })`. */
export function SeparableConv2D(filters: number, kernelSize: Size2, options?: SeparableConv2DOptions): tf.layers.Layer {
  positional("SeparableConv2D", "filters", filters, positiveInt);
  const k = positional<number[]>("SeparableConv2D", "kernelSize", kernelSize, intTuple(2));
  return makeLayer("SeparableConv2D", "separable_conv2d", options, { ...separableChecks(), strides: intTuple(2), dilationRate: intTuple(2) }, (a) =>
    new SeparableConv2DLayer({ filters, kernelSize: k, ...a }),
  );
}

export interface SeparableConv1DOptions extends Omit<SeparableConv2DOptions, "strides" | "dilationRate"> {
  strides?: number | [number];
  dilationRate?: number | [number];
}

/**
 * `SeparableConv1D(filters, kernelSize, { depthMultiplier, strides, padding, dilationRate, ... })`:
 * a depthwise convolution over the steps, then a pointwise one mixing the channels (Keras's
 * weights: depthwise_kernel [k, in, depthMultiplier], pointwise_kernel [1, in·depthMultiplier, filters], bias).
 */
export function SeparableConv1D(filters: number, kernelSize: number | [number], options?: SeparableConv1DOptions): tf.layers.Layer {
  positional("SeparableConv1D", "filters", filters, positiveInt);
  const [k] = positional<number[]>("SeparableConv1D", "kernelSize", kernelSize, intTuple(1));
  return makeLayer("SeparableConv1D", "separable_conv1d", options, { ...separableChecks(), strides: intTuple(1), dilationRate: intTuple(1) }, (a) =>
    new SeparableConv1DLayer({ filters, kernelSize: [k], ...a }),
  );
}

export interface DepthwiseConv2DOptions extends Omit<ConvOptions, "kernelInitializer" | "kernelRegularizer" | "kernelConstraint"> {
  strides?: Size2;
  dilationRate?: Size2;
  depthMultiplier?: number;
  depthwiseInitializer?: Initializer;
  depthwiseRegularizer?: Regularizer;
  depthwiseConstraint?: Constraint;
}

/** `DepthwiseConv2D(kernelSize, { depthMultiplier, ... })`. */
export function DepthwiseConv2D(kernelSize: Size2, options?: DepthwiseConv2DOptions): tf.layers.Layer {
  const k = positional<number[]>("DepthwiseConv2D", "kernelSize", kernelSize, intTuple(2));
  const { kernelInitializer: _i, kernelRegularizer: _r, kernelConstraint: _c, ...checks } = CONV_CHECKS;
  return makeLayer(
    "DepthwiseConv2D",
    "depthwise_conv2d",
    options,
    { ...checks, strides: intTuple(2), dilationRate: intTuple(2), depthMultiplier: positiveInt, depthwiseInitializer: initializer, depthwiseRegularizer: regularizer, depthwiseConstraint: constraint },
    (a) => tf.layers.depthwiseConv2d({ kernelSize: k, ...a } as any),
  );
}
