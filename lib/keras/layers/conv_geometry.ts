/** Shape arithmetic the convolution layers share (Keras's compute_conv_output_shape, per axis). */
import * as tf from "@tensorflow/tfjs";

/** The one tensor of a layer's inputs. */
export const single = (inputs: unknown) => (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;

/** A dilation rate as one number per spatial axis. */
export const dilations = (rate: number | number[], n: number): number[] => (typeof rate === "number" ? new Array<number>(n).fill(rate) : rate);

/** Output length of one spatial axis: "same" and "causal" (which pads the front) keep the length, "valid" loses the dilated kernel's reach. */
export function convOutputLength(length: number | null, kernel: number, padding: string, stride: number, dilation: number): number | null {
  if (length == null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const out = padding === "valid" ? length - dilated + 1 : length;
  return Math.floor((out + stride - 1) / stride);
}

/**
 * A kernel [...taps, in, out] with `rate − 1` zeros between neighbouring taps on each spatial
 * axis: convolving with it undilated equals convolving with the kernel dilated by `rates`.
 * One axis at a time through rank-4 views ([before, taps, 1, after] padded to [.., taps, rate, ..]),
 * because webgpu's pad and reshape kernels stop at rank 4.
 */
export function dilateKernel(kernel: tf.Tensor, rates: number[]): tf.Tensor {
  let out = kernel;
  rates.forEach((rate, axis) => {
    if (rate === 1) return;
    const shape = out.shape;
    const taps = shape[axis]!;
    const before = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const after = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const spread = tf.pad(tf.reshape(out, [before, taps, 1, after]), [[0, 0], [0, 0], [0, rate - 1], [0, 0]]);
    const cut = tf.slice(tf.reshape(spread, [before, taps * rate, after]), [0, 0, 0], [before, (taps - 1) * rate + 1, after]);
    out = tf.reshape(cut, shape.map((d, i) => (i === axis ? (taps - 1) * rate + 1 : d)));
  });
  return out;
}
