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
 */
export function dilateKernel(kernel: tf.Tensor, rates: number[]): tf.Tensor {
  if (rates.every((r) => r === 1)) return kernel;
  const taps = kernel.shape.slice(0, rates.length);
  const channels = kernel.shape.slice(rates.length);
  // [k0, 1, k1, 1, ..., in, out], padded to [k0, r0, k1, r1, ...], folded to [k0·r0, k1·r1, ...], cut to (k−1)·r + 1.
  const interleaved = taps.flatMap((k) => [k, 1]);
  const padding: [number, number][] = [...rates.flatMap((r): [number, number][] => [[0, 0], [0, r - 1]]), ...channels.map((): [number, number] => [0, 0])];
  const spread = tf.pad(tf.reshape(kernel, [...interleaved, ...channels]), padding);
  const folded = tf.reshape(spread, [...taps.map((k, i) => k * rates[i]!), ...channels]);
  return tf.slice(folded, new Array<number>(kernel.rank).fill(0), [...taps.map((k, i) => (k - 1) * rates[i]! + 1), ...channels]);
}
