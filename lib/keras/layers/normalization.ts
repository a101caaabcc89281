/** Keras's BatchNormalization and LayerNormalization on tfjs's. */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { Initializer, Regularizer, Constraint, TfInitializer } from "./core.js";
import { bool, initializer, num, tfObject } from "./options.js";
import { LayerNormalizationLayer } from "./layer_normalization.js";

const axisCheck = num(-Infinity, Infinity, { integer: true });
const epsilon = num(0, Infinity, { minExclusive: true });

export interface BatchNormalizationOptions extends BaseLayerOptions {
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: Initializer;
  gammaInitializer?: Initializer;
  movingMeanInitializer?: Initializer;
  movingVarianceInitializer?: Initializer;
  betaRegularizer?: Regularizer;
  gammaRegularizer?: Regularizer;
  betaConstraint?: Constraint;
  gammaConstraint?: Constraint;
}

export function BatchNormalization(options?: BatchNormalizationOptions): tf.layers.Layer {
  return makeLayer(
    "BatchNormalization",
    "batch_normalization",
    options,
    {
      axis: axisCheck,
      momentum: num(0, 1),
      epsilon,
      center: bool,
      scale: bool,
      betaInitializer: initializer,
      gammaInitializer: initializer,
      movingMeanInitializer: initializer,
      movingVarianceInitializer: initializer,
      betaRegularizer: tfObject,
      gammaRegularizer: tfObject,
      betaConstraint: tfObject,
      gammaConstraint: tfObject,
    },
    (a) => tf.layers.batchNormalization(a),
  );
}

export interface LayerNormalizationOptions extends BaseLayerOptions {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: Initializer;
  gammaInitializer?: Initializer;
  betaRegularizer?: Regularizer;
  gammaRegularizer?: Regularizer;
  /** Scale by γ and 1/√(variance + ε) only: no centring, no β (Keras's deprecated `rms_scaling`). */
  rmsScaling?: boolean;
}

export function LayerNormalization(options?: LayerNormalizationOptions): tf.layers.Layer {
  const axis = (v: unknown, w: string) => (Array.isArray(v) ? v.map((x) => axisCheck(x, w)) : axisCheck(v, w));
  return makeLayer(
    "LayerNormalization",
    "layer_normalization",
    options,
    { axis, epsilon, center: bool, scale: bool, betaInitializer: initializer, gammaInitializer: initializer, betaRegularizer: tfObject, gammaRegularizer: tfObject, rmsScaling: bool },
    (a) => new LayerNormalizationLayer(a),
  );
}
