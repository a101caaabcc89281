/** Keras's VGG16 (keras/src/applications/vgg16.py), layer for layer with Keras's layer names. */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, denseClassifier, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";

const BLOCKS: Array<[filters: number, convs: number]> = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

/** Instantiates the VGG16 architecture (default input 224×224×3, at least 32×32). */
export function VGG16(options: ApplicationOptions = {}): tf.LayersModel {
  const o = resolveOptions("VGG16", options);
  const file = o.includeTop ? "vgg16_weights_tf_dim_ordering_tf_kernels.h5" : "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";
  const { input, weightsFile } = startBuild(o, { defaultSize: 224, minSize: 32 }, file);

  let x = input;
  BLOCKS.forEach(([filters, convs], b) => {
    for (let c = 1; c <= convs; c++) {
      x = apply(
        tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: 3, activation: "relu", padding: "same", name: `block${b + 1}_conv${c}` }),
        x,
      );
    }
    x = apply(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` }), x);
  });

  if (o.includeTop) {
    // VGG16's top is Flatten + two 4096 Dense layers, not the global pooling of the others.
    x = apply(tf.layers.flatten({ name: "flatten" }), x);
    x = apply(tf.layers.dense({ kernelInitializer: "glorotUniform", units: 4096, activation: "relu", name: "fc1" }), x);
    x = apply(tf.layers.dense({ kernelInitializer: "glorotUniform", units: 4096, activation: "relu", name: "fc2" }), x);
    x = apply(denseClassifier(o), x);
  } else {
    x = finishTop(x, o, {});
  }
  return loadWeightsInto(finishModel(input, x, o.name ?? "vgg16"), weightsFile);
}

/** Converts RGB to BGR and zero-centres each channel on ImageNet's mean (Keras's mode "caffe"). */
export const preprocessInput = imagenetUtils.preprocessorFor("vgg16.preprocessInput", "caffe");

export const decodePredictions = imagenetUtils.decodePredictions;
