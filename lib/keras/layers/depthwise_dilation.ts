/**
 * Keras's DepthwiseConv2D `dilationRate`, installed once on tfjs's class prototype (so it holds
 * for layers built anywhere, and for saved models, whose configs build tfjs's class): tfjs's call
 * passes no dilation ("TODO: Add support for dilation") and its output shape ignores it. Here the
 * kernel is dilated (zeros between its taps, as the numpy reference in Keras's test does): the
 * same output, on every backend, with gradients — tfjs's depthwise gradient refuses dilations > 1.
 */
import * as tf from "@tensorflow/tfjs";
import { convOutputLength, dilateKernel, dilations, single } from "./conv_geometry.js";

const INSTALLED = Symbol.for("tslab-keras.depthwiseDilation");

interface DepthwiseLayer {
  depthwiseKernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  strides: number[];
  padding: "valid" | "same";
  dataFormat: "channelsFirst" | "channelsLast";
  dilationRate: number | number[];
  kernelSize: number[];
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  depthMultiplier: number;
}

function depthwiseConv2d(layer: DepthwiseLayer, input: tf.Tensor): tf.Tensor {
  const [dh, dw] = dilations(layer.dilationRate, 2) as [number, number];
  const x = layer.dataFormat === "channelsFirst" ? tf.transpose(input, [0, 2, 3, 1]) : input;
  const kernel = dilateKernel(layer.depthwiseKernel.read(), [dh, dw]);
  let y: tf.Tensor = tf.depthwiseConv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, layer.strides as [number, number], layer.padding === "same" ? "same" : "valid");
  if (layer.bias) y = tf.add(y, layer.bias.read());
  if (layer.activation) y = layer.activation.apply(y);
  return layer.dataFormat === "channelsFirst" ? tf.transpose(y, [0, 3, 1, 2]) : y;
}

export function installDepthwiseDilation(): void {
  const depthwiseProto = Object.getPrototypeOf(tf.layers.depthwiseConv2d({ kernelSize: 1 })) as any;
  if (depthwiseProto[INSTALLED]) return;
  Object.defineProperty(depthwiseProto, INSTALLED, { value: true });
  const depthwiseCall = depthwiseProto.call;
  const depthwiseShape = depthwiseProto.computeOutputShape;
  const dilated = (layer: DepthwiseLayer) => dilations(layer.dilationRate, 2).some((d) => d !== 1);
  depthwiseProto.call = function (this: DepthwiseLayer, inputs: unknown, kwargs: unknown) {
    if (!dilated(this)) return depthwiseCall.call(this, inputs, kwargs);
    return tf.tidy(() => depthwiseConv2d(this, single(inputs)));
  };
  depthwiseProto.computeOutputShape = function (this: DepthwiseLayer, inputShape: tf.Shape | tf.Shape[]) {
    if (!dilated(this)) return depthwiseShape.call(this, inputShape);
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const first = this.dataFormat === "channelsFirst";
    const [rows, cols, channels] = first ? [s[2], s[3], s[1]] : [s[1], s[2], s[3]];
    const [dh, dw] = dilations(this.dilationRate, 2) as [number, number];
    const outRows = convOutputLength(rows ?? null, this.kernelSize[0]!, this.padding, this.strides[0]!, dh);
    const outCols = convOutputLength(cols ?? null, this.kernelSize[1]!, this.padding, this.strides[1]!, dw);
    const filters = channels == null ? null : channels * this.depthMultiplier;
    return first ? [s[0], filters, outRows, outCols] : [s[0], outRows, outCols, filters];
  };
}
