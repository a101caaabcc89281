/**
 * Keras's InceptionV3 (keras/src/applications/inception_v3.py), layer for layer: the same
 * layers in the same order with the same names a fresh Keras session gives them, so Keras's
 * weight files load and the parameter counts equal Keras's.
 */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { kerasAutoName } from "./layer_names.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";

type T = tf.SymbolicTensor;

/** Instantiates the Inception v3 architecture (default input 299×299×3, at least 75×75). */
export function InceptionV3(options: ApplicationOptions = {}): tf.LayersModel {
  const o = resolveOptions("InceptionV3", options);
  const file = o.includeTop
    ? "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
    : "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5";
  const { input, weightsFile } = startBuild(o, { defaultSize: 299, minSize: 75 }, file);

  let x = conv2dBn(input, 32, 3, 3, [2, 2], "valid");
  x = conv2dBn(x, 32, 3, 3, [1, 1], "valid");
  x = conv2dBn(x, 64, 3, 3);
  x = maxPool(x);

  x = conv2dBn(x, 80, 1, 1, [1, 1], "valid");
  x = conv2dBn(x, 192, 3, 3, [1, 1], "valid");
  x = maxPool(x);

  // mixed 0, 1, 2: 35 x 35 x 256 / 288
  for (const [i, poolFilters] of [32, 64, 64].entries()) {
    const branch1x1 = conv2dBn(x, 64, 1, 1);
    let branch5x5 = conv2dBn(x, 48, 1, 1);
    branch5x5 = conv2dBn(branch5x5, 64, 5, 5);
    let branch3x3dbl = conv2dBn(x, 64, 1, 1);
    branch3x3dbl = conv2dBn(branch3x3dbl, 96, 3, 3);
    branch3x3dbl = conv2dBn(branch3x3dbl, 96, 3, 3);
    let branchPool = avgPoolSame(x);
    branchPool = conv2dBn(branchPool, poolFilters, 1, 1);
    x = concat([branch1x1, branch5x5, branch3x3dbl, branchPool], `mixed${i}`);
  }

  // mixed 3: 17 x 17 x 768
  {
    const branch3x3 = conv2dBn(x, 384, 3, 3, [2, 2], "valid");
    let branch3x3dbl = conv2dBn(x, 64, 1, 1);
    branch3x3dbl = conv2dBn(branch3x3dbl, 96, 3, 3);
    branch3x3dbl = conv2dBn(branch3x3dbl, 96, 3, 3, [2, 2], "valid");
    const branchPool = maxPool(x);
    x = concat([branch3x3, branch3x3dbl, branchPool], "mixed3");
  }

  // mixed 4 (128 filters), 5 and 6 (160), 7 (192): 17 x 17 x 768
  for (const [i, filters] of [128, 160, 160, 192].entries()) {
    const branch1x1 = conv2dBn(x, 192, 1, 1);
    let branch7x7 = conv2dBn(x, filters, 1, 1);
    branch7x7 = conv2dBn(branch7x7, filters, 1, 7);
    branch7x7 = conv2dBn(branch7x7, 192, 7, 1);
    let branch7x7dbl = conv2dBn(x, filters, 1, 1);
    branch7x7dbl = conv2dBn(branch7x7dbl, filters, 7, 1);
    branch7x7dbl = conv2dBn(branch7x7dbl, filters, 1, 7);
    branch7x7dbl = conv2dBn(branch7x7dbl, filters, 7, 1);
    branch7x7dbl = conv2dBn(branch7x7dbl, 192, 1, 7);
    let branchPool = avgPoolSame(x);
    branchPool = conv2dBn(branchPool, 192, 1, 1);
    x = concat([branch1x1, branch7x7, branch7x7dbl, branchPool], `mixed${4 + i}`);
  }

  // mixed 8: 8 x 8 x 1280
  {
    let branch3x3 = conv2dBn(x, 192, 1, 1);
    branch3x3 = conv2dBn(branch3x3, 320, 3, 3, [2, 2], "valid");
    let branch7x7x3 = conv2dBn(x, 192, 1, 1);
    branch7x7x3 = conv2dBn(branch7x7x3, 192, 1, 7);
    branch7x7x3 = conv2dBn(branch7x7x3, 192, 7, 1);
    branch7x7x3 = conv2dBn(branch7x7x3, 192, 3, 3, [2, 2], "valid");
    const branchPool = maxPool(x);
    x = concat([branch3x3, branch7x7x3, branchPool], "mixed8");
  }

  // mixed 9, 10: 8 x 8 x 2048
  for (let i = 0; i < 2; i++) {
    const branch1x1 = conv2dBn(x, 320, 1, 1);
    let branch3x3 = conv2dBn(x, 384, 1, 1);
    const branch3x3a = conv2dBn(branch3x3, 384, 1, 3);
    const branch3x3b = conv2dBn(branch3x3, 384, 3, 1);
    branch3x3 = concat([branch3x3a, branch3x3b], `mixed9_${i}`);
    let branch3x3dbl = conv2dBn(x, 448, 1, 1);
    branch3x3dbl = conv2dBn(branch3x3dbl, 384, 3, 3);
    const branch3x3dblA = conv2dBn(branch3x3dbl, 384, 1, 3);
    const branch3x3dblB = conv2dBn(branch3x3dbl, 384, 3, 1);
    branch3x3dbl = concat([branch3x3dblA, branch3x3dblB], kerasAutoName("concatenate"));
    let branchPool = avgPoolSame(x);
    branchPool = conv2dBn(branchPool, 192, 1, 1);
    x = concat([branch1x1, branch3x3, branch3x3dbl, branchPool], `mixed${9 + i}`);
  }

  x = finishTop(x, o, { topPool: "avg_pool" });
  return loadWeightsInto(finishModel(input, x, o.name ?? "inception_v3"), weightsFile);
}

/** Keras's `conv2d_bn`: Conv2D without bias, BatchNormalization without scale, ReLU; all auto-named. */
function conv2dBn(
  x: T,
  filters: number,
  rows: number,
  cols: number,
  strides: [number, number] = [1, 1],
  padding: "same" | "valid" = "same",
): T {
  x = apply(
    tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters, kernelSize: [rows, cols], strides, padding, useBias: false, name: kerasAutoName("conv2d") }),
    x,
  );
  x = apply(tf.layers.batchNormalization({ axis: 3, scale: false, name: kerasAutoName("batch_normalization") }), x);
  return apply(tf.layers.activation({ activation: "relu", name: kerasAutoName("activation") }), x);
}

function maxPool(x: T): T {
  return apply(tf.layers.maxPooling2d({ poolSize: [3, 3], strides: [2, 2], name: kerasAutoName("max_pooling2d") }), x);
}

function avgPoolSame(x: T): T {
  return apply(
    tf.layers.averagePooling2d({ poolSize: [3, 3], strides: [1, 1], padding: "same", name: kerasAutoName("average_pooling2d") }),
    x,
  );
}

function concat(xs: T[], name: string): T {
  return apply(tf.layers.concatenate({ axis: 3, name }), xs);
}

/** Scales pixels from [0, 255] to [-1, 1] sample-wise (Keras's mode "tf"). */
export const preprocessInput = imagenetUtils.preprocessorFor("inception_v3.preprocessInput", "tf");

export const decodePredictions = imagenetUtils.decodePredictions;
