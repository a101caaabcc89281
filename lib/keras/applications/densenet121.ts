/**
 * Keras's DenseNet121 (keras/src/applications/densenet.py, `DenseNet([6, 12, 24, 16])`), layer
 * for layer with Keras's layer names (its two ZeroPadding2D layers are auto-named).
 */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { kerasAutoName } from "./layer_names.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";

type T = tf.SymbolicTensor;
const BN_EPSILON = 1.001e-5;
const GROWTH_RATE = 32;

/** Instantiates the DenseNet121 architecture (default input 224×224×3, at least 32×32). */
export function DenseNet121(options: ApplicationOptions = {}): tf.LayersModel {
  const o = resolveOptions("DenseNet121", options);
  const file = o.includeTop
    ? "densenet121_weights_tf_dim_ordering_tf_kernels.h5"
    : "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5";
  const { input, weightsFile } = startBuild(o, { defaultSize: 224, minSize: 32 }, file);
  const blocks = [6, 12, 24, 16];

  let x = apply(tf.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: kerasAutoName("zero_padding2d") }), input);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 64, kernelSize: 7, strides: 2, useBias: false, name: "conv1_conv" }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: "conv1_bn" }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: "conv1_relu" }), x);
  x = apply(tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: kerasAutoName("zero_padding2d") }), x);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: "pool1" }), x);

  x = denseBlock(x, blocks[0]!, "conv2");
  x = transitionBlock(x, 0.5, "pool2");
  x = denseBlock(x, blocks[1]!, "conv3");
  x = transitionBlock(x, 0.5, "pool3");
  x = denseBlock(x, blocks[2]!, "conv4");
  x = transitionBlock(x, 0.5, "pool4");
  x = denseBlock(x, blocks[3]!, "conv5");

  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: "bn" }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: "relu" }), x);

  x = finishTop(x, o, { topPool: "avg_pool", avgPool: "avg_pool", maxPool: "max_pool" });
  return loadWeightsInto(finishModel(input, x, o.name ?? "densenet121"), weightsFile);
}

function denseBlock(x: T, blocks: number, name: string): T {
  for (let i = 0; i < blocks; i++) x = convBlock(x, `${name}_block${i + 1}`);
  return x;
}

function transitionBlock(x: T, reduction: number, name: string): T {
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_bn` }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: `${name}_relu` }), x);
  const filters = Math.trunc(x.shape[3]! * reduction);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: 1, useBias: false, name: `${name}_conv` }), x);
  return apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` }), x);
}

function convBlock(x: T, name: string): T {
  let x1 = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_0_bn` }), x);
  x1 = apply(tf.layers.activation({ activation: "relu", name: `${name}_0_relu` }), x1);
  x1 = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 4 * GROWTH_RATE, kernelSize: 1, useBias: false, name: `${name}_1_conv` }), x1);
  x1 = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_1_bn` }), x1);
  x1 = apply(tf.layers.activation({ activation: "relu", name: `${name}_1_relu` }), x1);
  x1 = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: GROWTH_RATE, kernelSize: 3, padding: "same", useBias: false, name: `${name}_2_conv` }), x1);
  return apply(tf.layers.concatenate({ axis: 3, name: `${name}_concat` }), [x, x1]);
}

/** Scales pixels to [0, 1] and normalises each channel with ImageNet's mean and std (Keras's mode "torch"). */
export const preprocessInput = imagenetUtils.preprocessorFor("densenet.preprocessInput", "torch");

export const decodePredictions = imagenetUtils.decodePredictions;
