/**
 * Keras's Xception (keras/src/applications/xception.py), layer for layer with Keras's layer
 * names (the residual Conv2D/BatchNormalization/Add layers are auto-named, as in Keras).
 */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { kerasAutoName } from "./layer_names.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";

type T = tf.SymbolicTensor;

/** Instantiates the Xception architecture (default input 299×299×3, at least 71×71). */
export function Xception(options: ApplicationOptions = {}): tf.LayersModel {
  const o = resolveOptions("Xception", options);
  const file = o.includeTop ? "xception_weights_tf_dim_ordering_tf_kernels.h5" : "xception_weights_tf_dim_ordering_tf_kernels_notop.h5";
  const { input, weightsFile } = startBuild(o, { defaultSize: 299, minSize: 71 }, file);

  let x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 32, kernelSize: 3, strides: 2, useBias: false, name: "block1_conv1" }), input);
  x = bn(x, "block1_conv1_bn");
  x = relu(x, "block1_conv1_act");
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 64, kernelSize: 3, useBias: false, name: "block1_conv2" }), x);
  x = bn(x, "block1_conv2_bn");
  x = relu(x, "block1_conv2_act");

  // Entry flow: blocks 2-4, each with a strided 1x1 convolution on the residual path.
  for (const [blockIndex, filters] of [[2, 128], [3, 256], [4, 728]] as const) {
    const prefix = `block${blockIndex}`;
    let residual = apply(
      tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: 1, strides: 2, padding: "same", useBias: false, name: kerasAutoName("conv2d") }),
      x,
    );
    residual = bn(residual, kerasAutoName("batch_normalization"));
    if (blockIndex !== 2) x = relu(x, `${prefix}_sepconv1_act`);
    x = sepConv(x, filters, `${prefix}_sepconv1`);
    x = bn(x, `${prefix}_sepconv1_bn`);
    x = relu(x, `${prefix}_sepconv2_act`);
    x = sepConv(x, filters, `${prefix}_sepconv2`);
    x = bn(x, `${prefix}_sepconv2_bn`);
    x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", name: `${prefix}_pool` }), x);
    x = apply(tf.layers.add({ name: kerasAutoName("add") }), [x, residual]);
  }

  // Middle flow: blocks 5-12.
  for (let i = 0; i < 8; i++) {
    const residual = x;
    const prefix = `block${i + 5}`;
    for (let s = 1; s <= 3; s++) {
      x = relu(x, `${prefix}_sepconv${s}_act`);
      x = sepConv(x, 728, `${prefix}_sepconv${s}`);
      x = bn(x, `${prefix}_sepconv${s}_bn`);
    }
    x = apply(tf.layers.add({ name: kerasAutoName("add") }), [x, residual]);
  }

  // Exit flow.
  let residual = apply(
    tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: 1024, kernelSize: 1, strides: 2, padding: "same", useBias: false, name: kerasAutoName("conv2d") }),
    x,
  );
  residual = bn(residual, kerasAutoName("batch_normalization"));
  x = relu(x, "block13_sepconv1_act");
  x = sepConv(x, 728, "block13_sepconv1");
  x = bn(x, "block13_sepconv1_bn");
  x = relu(x, "block13_sepconv2_act");
  x = sepConv(x, 1024, "block13_sepconv2");
  x = bn(x, "block13_sepconv2_bn");
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", name: "block13_pool" }), x);
  x = apply(tf.layers.add({ name: kerasAutoName("add") }), [x, residual]);

  x = sepConv(x, 1536, "block14_sepconv1");
  x = bn(x, "block14_sepconv1_bn");
  x = relu(x, "block14_sepconv1_act");
  x = sepConv(x, 2048, "block14_sepconv2");
  x = bn(x, "block14_sepconv2_bn");
  x = relu(x, "block14_sepconv2_act");

  x = finishTop(x, o, { topPool: "avg_pool" });
  return loadWeightsInto(finishModel(input, x, o.name ?? "xception"), weightsFile);
}

function sepConv(x: T, filters: number, name: string): T {
  return apply(tf.layers.separableConv2d({ depthwiseInitializer: "glorotUniform", pointwiseInitializer: "glorotUniform", filters, kernelSize: 3, padding: "same", useBias: false, name }), x);
}

function bn(x: T, name: string): T {
  return apply(tf.layers.batchNormalization({ axis: 3, name }), x);
}

function relu(x: T, name: string): T {
  return apply(tf.layers.activation({ activation: "relu", name }), x);
}

/** Scales pixels from [0, 255] to [-1, 1] sample-wise (Keras's mode "tf"). */
export const preprocessInput = imagenetUtils.preprocessorFor("xception.preprocessInput", "tf");

export const decodePredictions = imagenetUtils.decodePredictions;
