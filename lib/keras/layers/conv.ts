/**
 * Keras 3's Conv1D and Conv2D (keras/src/layers/convolutional/base_conv.py) on tfjs's classes,
 * registered under the same class names so saved models load into these. What tfjs lacks:
 * - `groups`: the input channels split into `groups` slices, each convolved with its own
 *   `filters / groups` filters (kernel `[...kernelSize, channels / groups, filters]`, as Keras).
 * - Conv1D `padding: "causal"`, which tfjs accepts and then throws on: the steps are left-padded
 *   by `dilationRate·(kernelSize − 1)` and convolved "valid", so step t sees only steps ≤ t.
 * - Conv1D `dataFormat: "channels_first"`: tfjs transposes the input to channels-last and never
 *   transposes the output back ([2, 4, 8] with 6 filters came out [2, 8, 6], not [2, 6, 8]).
 * Every other case runs tfjs's own call (its fused conv + bias + activation kernel).
 */
import * as tf from "@tensorflow/tfjs";
import { convOutputLength, dilateKernel, dilations, single } from "./conv_geometry.js";

type Variable = { read(): tf.Tensor };

/** The fields of tfjs's Conv that these classes read. */
interface TfConv {
  rank: number;
  filters: number;
  kernel: Variable;
  bias: Variable | null;
  useBias: boolean;
  strides: number[];
  padding: "valid" | "same" | "causal";
  dataFormat: "channelsFirst" | "channelsLast";
  dilationRate: number | number[];
  kernelSize: number[];
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  kernelInitializer: unknown;
  kernelRegularizer: unknown;
  kernelConstraint: unknown;
  biasInitializer: unknown;
  biasRegularizer: unknown;
  biasConstraint: unknown;
  addWeight(name: string, shape: number[], dtype: null, initializer: unknown, regularizer: unknown, trainable: boolean, constraint: unknown): Variable;
}

type LayerClass = new (args: Record<string, unknown>) => tf.layers.Layer;
const tfConv1D = Object.getPrototypeOf(tf.layers.conv1d({ filters: 1, kernelSize: 1 })).constructor as LayerClass;
const tfConv2D = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })).constructor as LayerClass;

/**
 * Keras's convolution of a channels-last input: per group of channels, then concatenated. A
 * dilated kernel is spread out with zeros between its taps (the same sums, and the same "same"
 * padding, as a dilated convolution): tfjs's conv gradients refuse dilation rates > 1, so a
 * dilated Conv1D/Conv2D could not train.
 */
function convolve(layer: TfConv, groups: number, x: tf.Tensor): tf.Tensor {
  const rates = dilations(layer.dilationRate, layer.rank);
  const kernel = dilateKernel(layer.kernel.read(), rates);
  let padded = x;
  if (layer.padding === "causal") padded = tf.pad(x, [[0, 0], [rates[0]! * (layer.kernelSize[0]! - 1), 0], [0, 0]]);
  const padding = layer.padding === "same" ? "same" : "valid";
  const one = (input: tf.Tensor, k: tf.Tensor): tf.Tensor =>
    layer.rank === 1
      ? tf.conv1d(input as tf.Tensor3D, k as tf.Tensor3D, layer.strides[0]!, padding, "NWC", 1)
      : tf.conv2d(input as tf.Tensor4D, k as tf.Tensor4D, layer.strides as [number, number], padding, "NHWC", 1);
  if (groups === 1) return one(padded, kernel);
  const inputs = tf.split(padded, groups, padded.rank - 1);
  const kernels = tf.split(kernel, groups, kernel.rank - 1);
  return tf.concat(inputs.map((part, g) => one(part, kernels[g]!)), -1);
}

function kerasCall(layer: TfConv, groups: number, input: tf.Tensor): tf.Tensor {
  const first = layer.dataFormat === "channelsFirst";
  const toLast = [0, ...Array.from({ length: layer.rank }, (_, i) => i + 2), 1];
  const toFirst = [0, layer.rank + 1, ...Array.from({ length: layer.rank }, (_, i) => i + 1)];
  let y = convolve(layer, groups, first ? tf.transpose(input, toLast) : input);
  if (layer.bias) y = tf.add(y, layer.bias.read());
  if (layer.activation) y = layer.activation.apply(y);
  return first ? tf.transpose(y, toFirst) : y;
}

function checkGroups(owner: string, groups: unknown, filters: unknown): number {
  if (groups === undefined) return 1;
  if (typeof groups !== "number" || !Number.isInteger(groups) || groups < 1) throw new RangeError(`${owner}: groups must be a positive integer; got ${JSON.stringify(groups)}`);
  if (typeof filters === "number" && filters % groups !== 0) {
    throw new RangeError(`${owner}: the number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}`);
  }
  return groups;
}

/** Mixes Keras's behaviour into one of tfjs's Conv classes. */
function kerasConv(base: LayerClass, className: string) {
  return class extends base {
    static className = className;
    readonly groups: number;

    constructor(args: Record<string, unknown>) {
      const { groups, ...rest } = args;
      super(rest);
      this.groups = checkGroups(className, groups, rest.filters);
    }

    private get conv(): TfConv {
      return this as unknown as TfConv;
    }

    override build(inputShape: tf.Shape | tf.Shape[]): void {
      if (this.groups === 1) return super.build(inputShape);
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
      const c = this.conv;
      const channelAxis = c.dataFormat === "channelsFirst" ? 1 : s.length - 1;
      const channels = s[channelAxis];
      if (channels == null) throw new Error(`${this.name}: the channel dimension of the input should be defined; got shape ${JSON.stringify(s)}`);
      if (channels % this.groups !== 0) {
        throw new RangeError(`${this.name}: the number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${JSON.stringify(s)})`);
      }
      c.kernel = c.addWeight("kernel", [...c.kernelSize, channels / this.groups, c.filters], null, c.kernelInitializer, c.kernelRegularizer, true, c.kernelConstraint);
      if (c.useBias) c.bias = c.addWeight("bias", [c.filters], null, c.biasInitializer, c.biasRegularizer, true, c.biasConstraint);
      this.inputSpec = [{ ndim: c.rank + 2, axes: { [channelAxis]: channels } }];
      this.built = true;
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
      const c = this.conv;
      const dilated = dilations(c.dilationRate, c.rank).some((d) => d !== 1);
      const tfjsCase = this.groups === 1 && !dilated && c.padding !== "causal" && (c.rank !== 1 || c.dataFormat !== "channelsFirst");
      if (tfjsCase) return super.call(inputs, kwargs);
      return tf.tidy(() => kerasCall(c, this.groups, single(inputs)));
    }

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
      const c = this.conv;
      if (c.padding !== "causal") return super.computeOutputShape(inputShape);
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
      const first = c.dataFormat === "channelsFirst";
      const steps = convOutputLength(s[first ? 2 : 1] ?? null, c.kernelSize[0]!, "causal", c.strides[0]!, dilations(c.dilationRate, 1)[0]!);
      return first ? [s[0]!, c.filters, steps] : [s[0]!, steps, c.filters];
    }

    /** tfjs's Conv1D drops `dataFormat` from its config, so a saved channels_first Conv1D came back channels_last. */
    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), dataFormat: this.conv.dataFormat, groups: this.groups };
    }
  };
}

/** A Keras convolution class: tfjs's layer with `groups`. */
export type KerasConvClass = (new (args: Record<string, unknown>) => tf.layers.Layer & { readonly groups: number }) & { className: string };

export const Conv1DLayer: KerasConvClass = kerasConv(tfConv1D, "Conv1D");
export const Conv2DLayer: KerasConvClass = kerasConv(tfConv2D, "Conv2D");
tf.serialization.registerClass(Conv1DLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
tf.serialization.registerClass(Conv2DLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** Keras's deconv_output_length (keras/src/ops/operation_utils.py), per spatial axis. */
export function deconvOutputLength(length: number | null, kernel: number, padding: "valid" | "same", outputPadding: number | null, stride: number, dilation: number): number | null {
  if (length == null) return null;
  const k = kernel + (kernel - 1) * (dilation - 1);
  if (outputPadding == null) return padding === "valid" ? length * stride + Math.max(k - stride, 0) : length * stride;
  const pad = padding === "same" ? Math.floor(k / 2) : 0;
  return (length - 1) * stride + k - 2 * pad + outputPadding;
}

const tfConv2DTranspose = Object.getPrototypeOf(tf.layers.conv2dTranspose({ filters: 1, kernelSize: 1 })).constructor as LayerClass;

/**
 * Keras 3's Conv2DTranspose on tfjs's class, registered as "Conv2DTranspose": `outputPadding`
 * (extra rows/columns on the far side, less than the stride) and `dilationRate` (the kernel spread
 * with zeros), both of which tfjs lacks; the output size is Keras's deconv_output_length.
 */
export class Conv2DTransposeLayer extends tfConv2DTranspose {
  static className = "Conv2DTranspose";
  readonly outputPadding: [number, number] | null;
  readonly transposeDilation: [number, number];

  constructor(args: Record<string, unknown>) {
    const { outputPadding, dilationRate, ...rest } = args;
    super(rest);
    const pair = (v: unknown): [number, number] => (typeof v === "number" ? [v, v] : (v as [number, number]));
    this.transposeDilation = dilationRate == null ? [1, 1] : pair(dilationRate);
    this.outputPadding = outputPadding == null ? null : pair(outputPadding);
    const strides = (this as unknown as TfConv).strides;
    if (this.outputPadding) {
      this.outputPadding.forEach((p, i) => {
        if (!Number.isInteger(p) || p < 0 || p >= strides[i]!) {
          throw new RangeError(`Conv2DTranspose: outputPadding must be less than the stride on each axis; got outputPadding ${JSON.stringify(this.outputPadding)} with strides ${JSON.stringify(strides)}`);
        }
      });
    }
  }

  private sizes(rows: number | null, cols: number | null): [number | null, number | null] {
    const c = this as unknown as TfConv;
    const padding = c.padding === "same" ? "same" : "valid";
    return [
      deconvOutputLength(rows, c.kernelSize[0]!, padding, this.outputPadding?.[0] ?? null, c.strides[0]!, this.transposeDilation[0]),
      deconvOutputLength(cols, c.kernelSize[1]!, padding, this.outputPadding?.[1] ?? null, c.strides[1]!, this.transposeDilation[1]),
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    if (this.outputPadding == null && this.transposeDilation.every((d) => d === 1)) return super.call(inputs, kwargs);
    const c = this as unknown as TfConv;
    return tf.tidy(() => {
      const input = single(inputs);
      const first = c.dataFormat === "channelsFirst";
      const x = (first ? tf.transpose(input, [0, 2, 3, 1]) : input) as tf.Tensor4D;
      const [rows, cols] = this.sizes(x.shape[1], x.shape[2]) as [number, number];
      const kernel = dilateKernel(c.kernel.read(), this.transposeDilation) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2dTranspose(x, kernel, [x.shape[0], rows, cols, c.filters], c.strides as [number, number], c.padding === "same" ? "same" : "valid");
      if (c.bias) y = tf.add(y, c.bias.read());
      if (c.activation) y = c.activation.apply(y);
      return first ? tf.transpose(y, [0, 3, 1, 2]) : y;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = this as unknown as TfConv;
    const first = c.dataFormat === "channelsFirst";
    const [rows, cols] = this.sizes(s[first ? 2 : 1] ?? null, s[first ? 3 : 2] ?? null);
    return first ? [s[0]!, c.filters, rows, cols] : [s[0]!, rows, cols, c.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputPadding: this.outputPadding, dilationRate: this.transposeDilation };
  }
}
tf.serialization.registerClass(Conv2DTransposeLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
