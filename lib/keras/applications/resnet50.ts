/**
 * Keras's ResNet50 (keras/src/applications/resnet.py, `ResNet` with `stack_residual_blocks_v1`,
 * preact false, conv biases on), layer for layer with Keras's layer names.
 */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";

type T = tf.SymbolicTensor;
const BN_EPSILON = 1.001e-5;

/** Instantiates the ResNet50 architecture (default input 224×224×3, at least 32×32). */
export function ResNet50(options: ApplicationOptions = {}): tf.LayersModel {
  const o = resolveOptions("ResNet50", options);
  const file = o.includeTop
    ? "resnet50_weights_tf_dim_ordering_tf_kernels.h5"
    : "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5";
  const { input, weightsFile } = startBuild(o, { defaultSize: 224, minSize: 32 }, file);

  let x = apply(tf.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: "conv1_pad" }), input);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 64, kernelSize: 7, strides: 2, useBias: true, name: "conv1_conv" }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: "conv1_bn" }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: "conv1_relu" }), x);
  x = apply(tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: "pool1_pad" }), x);
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: "pool1_pool" }), x);

  x = stack(x, 64, 3, 1, "conv2");
  x = stack(x, 128, 4, 2, "conv3");
  x = stack(x, 256, 6, 2, "conv4");
  x = stack(x, 512, 3, 2, "conv5");

  x = finishTop(x, o, { topPool: "avg_pool", avgPool: "avg_pool", maxPool: "max_pool" });
  return loadWeightsInto(finishModel(input, x, o.name ?? "resnet50"), weightsFile);
}

function stack(x: T, filters: number, blocks: number, stride1: number, name: string): T {
  x = block(x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = block(x, filters, 1, false, `${name}_block${i}`);
  return x;
}

/** Keras's `residual_block_v1`. */
function block(x: T, filters: number, stride: number, convShortcut: boolean, name: string): T {
  let shortcut = x;
  if (convShortcut) {
    shortcut = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv` }), x);
    shortcut = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_0_bn` }), shortcut);
  }
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_1_bn` }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: `${name}_1_relu` }), x);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: 3, padding: "same", name: `${name}_2_conv` }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_2_bn` }), x);
  x = apply(tf.layers.activation({ activation: "relu", name: `${name}_2_relu` }), x);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` }), x);
  x = apply(tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name: `${name}_3_bn` }), x);
  x = apply(tf.layers.add({ name: `${name}_add` }), [shortcut, x]);
  return apply(tf.layers.activation({ activation: "relu", name: `${name}_out` }), x);
}

/** Converts RGB to BGR and zero-centres each channel on ImageNet's mean (Keras's mode "caffe"). */
export const preprocessInput = imagenetUtils.preprocessorFor("resnet50.preprocessInput", "caffe");

export const decodePredictions = imagenetUtils.decodePredictions;
