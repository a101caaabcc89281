/**
 * Keras's MobileNetV2 (keras/src/applications/mobilenet_v2.py), layer for layer with Keras's
 * layer names, including the width multiplier `alpha` and Keras's choice of the ImageNet file
 * from `alpha` and the input size.
 */
import * as tf from "@tensorflow/tfjs";
import { ApplicationOptions, apply, finishModel, finishTop, resolveOptions, startBuild } from "./application_options.js";
import { formatShape, obtainInputShape, safeString } from "./input_shape.js";
import { loadWeightsInto } from "./weights.js";
import * as imagenetUtils from "./imagenet_utils.js";
import { ReLULayer } from "../layers/activation_layers.js";

type T = tf.SymbolicTensor;

export interface MobileNetV2Options extends ApplicationOptions {
  /** Width multiplier: < 1 thins every layer, > 1 widens it. Default 1.0. */
  alpha?: number;
}

const IMAGENET_ALPHAS = [0.35, 0.5, 0.75, 1.0, 1.3, 1.4];
const IMAGENET_SIZES = [96, 128, 160, 192, 224];

/** Instantiates the MobileNetV2 architecture (default input 224×224×3, at least 32×32). */
export function MobileNetV2(options: MobileNetV2Options = {}): tf.LayersModel {
  const o = resolveOptions("MobileNetV2", options, ["alpha"]);
  const alpha = (options ?? {}).alpha ?? 1.0;
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha <= 0) {
    throw new Error(`MobileNetV2: alpha must be a positive number; received alpha=${safeString(alpha)}.`);
  }

  // Keras picks the default size from the given shape when it is one of ImageNet's sizes.
  let defaultSize = 224;
  if (o.inputShape !== undefined && o.inputTensor !== undefined) {
    if (o.inputTensor.shape[2] !== o.inputShape[1]) {
      throw new Error(
        `MobileNetV2: inputTensor.shape[2] must equal inputShape[1]; received inputTensor.shape=${formatShape(o.inputTensor.shape)}, ` +
          `inputShape=${formatShape(o.inputShape)}.`,
      );
    }
  }
  const sizeSource = o.inputShape !== undefined ? o.inputShape : o.inputTensor !== undefined ? o.inputTensor.shape.slice(1) : undefined;
  if (sizeSource !== undefined) {
    const [r, c] = sizeSource;
    if (r === c && typeof r === "number" && IMAGENET_SIZES.includes(r)) defaultSize = r;
  }
  // The ImageNet file depends on the input shape Keras's obtain_input_shape gives.
  const shape = obtainInputShape(o.inputShape, {
    fn: o.fn,
    defaultSize,
    minSize: 32,
    requireFlatten: o.includeTop,
    weights: o.weights,
  });
  let rows = shape[0] ?? null;
  if (o.weights === "imagenet") {
    if (!IMAGENET_ALPHAS.includes(alpha)) {
      throw new Error(`MobileNetV2: with weights "imagenet", alpha must be one of 0.35, 0.50, 0.75, 1.0, 1.3 or 1.4; received alpha=${alpha}.`);
    }
    if (rows === null || rows !== shape[1] || !IMAGENET_SIZES.includes(rows)) {
      rows = 224;
      console.warn(
        "MobileNetV2: inputShape is undefined or non-square, or its rows are not in [96, 128, 160, 192, 224]; " +
          "weights for input shape (224, 224) will be loaded as the default.",
      );
    }
  }
  const alphaText = Number.isInteger(alpha) ? alpha.toFixed(1) : String(alpha);
  const file = o.includeTop
    ? `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${alphaText}_${rows}.h5`
    : `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${alphaText}_${rows}_no_top.h5`;
  const { input, weightsFile } = startBuild(o, { defaultSize, minSize: 32 }, file);

  const firstBlockFilters = makeDivisible(32 * alpha, 8);
  let x = apply(
    tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: firstBlockFilters, kernelSize: 3, strides: 2, padding: "same", useBias: false, name: "Conv1" }),
    input,
  );
  x = bn(x, "bn_Conv1");
  x = relu6(x, "Conv1_relu");

  const blocks: Array<[filters: number, stride: number, expansion: number]> = [
    [16, 1, 1],
    [24, 2, 6], [24, 1, 6],
    [32, 2, 6], [32, 1, 6], [32, 1, 6],
    [64, 2, 6], [64, 1, 6], [64, 1, 6], [64, 1, 6],
    [96, 1, 6], [96, 1, 6], [96, 1, 6],
    [160, 2, 6], [160, 1, 6], [160, 1, 6],
    [320, 1, 6],
  ];
  blocks.forEach(([filters, stride, expansion], blockId) => {
    x = invertedResBlock(x, expansion, stride, alpha, filters, blockId);
  });

  const lastBlockFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: lastBlockFilters, kernelSize: 1, useBias: false, name: "Conv_1" }), x);
  x = bn(x, "Conv_1_bn");
  x = relu6(x, "out_relu");

  x = finishTop(x, o, {});
  const name = o.name ?? `mobilenetv2_${alpha.toFixed(2)}_${rows === null ? "None" : rows}`;
  return loadWeightsInto(finishModel(input, x, name), weightsFile);
}

/** Keras's `_inverted_res_block`. */
function invertedResBlock(inputs: T, expansion: number, stride: number, alpha: number, filters: number, blockId: number): T {
  const inChannels = inputs.shape[3]!;
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${blockId}_`;
  if (blockId > 0) {
    x = apply(
      tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: expansion * inChannels, kernelSize: 1, padding: "same", useBias: false, name: `${prefix}expand` }),
      x,
    );
    x = bn(x, `${prefix}expand_BN`);
    x = relu6(x, `${prefix}expand_relu`);
  } else {
    prefix = "expanded_conv_";
  }
  if (stride === 2) {
    x = apply(tf.layers.zeroPadding2d({ padding: correctPad(x, 3), name: `${prefix}pad` }), x);
  }
  x = apply(
    tf.layers.depthwiseConv2d({
      depthwiseInitializer: "glorotUniform",
      kernelSize: 3,
      strides: stride,
      useBias: false,
      padding: stride === 1 ? "same" : "valid",
      name: `${prefix}depthwise`,
    }),
    x,
  );
  x = bn(x, `${prefix}depthwise_BN`);
  x = relu6(x, `${prefix}depthwise_relu`);
  x = apply(tf.layers.conv2d({ kernelInitializer: "glorotUniform", filters: pointwiseFilters, kernelSize: 1, padding: "same", useBias: false, name: `${prefix}project` }), x);
  x = bn(x, `${prefix}project_BN`);
  if (inChannels === pointwiseFilters && stride === 1) {
    return apply(tf.layers.add({ name: `${prefix}add` }), [inputs, x]);
  }
  return x;
}

/** Keras's `imagenet_utils.correct_pad` for a stride-2 convolution (channels_last). */
function correctPad(x: T, kernelSize: number): [[number, number], [number, number]] {
  const [h, w] = [x.shape[1], x.shape[2]];
  // Keras looks only at the height to decide an unknown size: (1, 1) adjustment.
  const adjust = h === null || h === undefined ? [1, 1] : [1 - (h % 2), 1 - ((w ?? 0) % 2)];
  const correct = Math.floor(kernelSize / 2);
  return [
    [correct - adjust[0]!, correct],
    [correct - adjust[1]!, correct],
  ];
}

/** Keras's `_make_divisible`: round to the nearest multiple of `divisor`, never down by more than 10%. */
export function makeDivisible(v: number, divisor: number): number {
  let newV = Math.max(divisor, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

function bn(x: T, name: string): T {
  return apply(tf.layers.batchNormalization({ axis: 3, epsilon: 1e-3, momentum: 0.999, name }), x);
}

function relu6(x: T, name: string): T {
  // Keras's ReLU(6.0), the class a saved model loads into (tfjs's takes only maxValue).
  return apply(new ReLULayer({ maxValue: 6, name }), x);
}

/** Scales pixels from [0, 255] to [-1, 1] sample-wise (Keras's mode "tf"). */
export const preprocessInput = imagenetUtils.preprocessorFor("mobilenet_v2.preprocessInput", "tf");

export const decodePredictions = imagenetUtils.decodePredictions;
