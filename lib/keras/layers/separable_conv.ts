/**
 * tfjs's SeparableConv2D with Keras 3's output-size check: a kernel/stride combination that
 * leaves no output position under "valid" padding raises "Computed output size would be zero or
 * negative" (Keras's operation_utils.compute_conv_output_shape), where tfjs returned an empty
 * [b, 0, 0, filters] tensor. tfjs's SeparableConv built its pointwise kernel with the
 * *depthwise* initializer (`pointwiseInitializer` was ignored), and left `depthMultiplier` out
 * of its config (a saved model came back with multiplier 1 and weights that no longer fit); ours
 * use the pointwise initializer and write the multiplier.
 *
 * SeparableConv1D, which tfjs lacks (its SeparableConv throws "1D separable convolution is not
 * implemented yet"): tfjs's SeparableConv at rank 1 (Keras's weights: depthwise_kernel
 * [k, in, multiplier], pointwise_kernel [1, in·multiplier, filters], bias) with our call: the
 * steps as a unit-width image through tfjs's separableConv2d, the dilation as a zero-spread
 * kernel (tfjs's depthwise gradient refuses dilation rates > 1).
 */
import * as tf from "@tensorflow/tfjs";
import { dilateKernel } from "./conv_geometry.js";

type Shape = (number | null)[];

/** Keras's compute_conv_output_shape check for "valid" padding, with its wording (camelCase names). */
export function checkConvOutputSize(owner: string, inputShape: Shape, kernelSize: number[], filters: number, strides: number[], dilationRate: number[], padding: string, channelsFirst: boolean): void {
  if (padding !== "valid") return;
  const spatial = channelsFirst ? inputShape.slice(2) : inputShape.slice(1, -1);
  const channels = channelsFirst ? inputShape[1] : inputShape[inputShape.length - 1];
  spatial.forEach((size, i) => {
    if (size == null) return;
    const out = Math.floor((size - dilationRate[i]! * (kernelSize[i]! - 1) - 1) / strides[i]!) + 1;
    if (out <= 0) {
      const text = (s: unknown[]) => `[${s.map((d) => d ?? "null").join(", ")}]`;
      throw new RangeError(
        `${owner}: Computed output size would be zero or negative. Received \`inputs shape=${text(inputShape)}\`, \`kernel shape=${text([...kernelSize, channels, filters])}\`, \`dilationRate=${text(dilationRate)}\`, \`strides=${text(strides)}\`, \`padding=${padding}\`.`,
      );
    }
  });
}

const Base = tf.layers.separableConv2d({ filters: 1, kernelSize: 1 }).constructor as new (args: any) => tf.layers.Layer;
const SeparableConvBase = Object.getPrototypeOf(Base) as new (rank: number, args: any) => tf.layers.Layer;

/** The pointwise initializer tfjs's constructor dropped, resolved the way tfjs resolves the depthwise one. */
function pointwiseInitializerOf(args: any): unknown {
  const probe = new Base({ filters: 1, kernelSize: 1, depthwiseInitializer: args.pointwiseInitializer ?? "glorotUniform" });
  return (probe as any).depthwiseInitializer;
}

export class SeparableConv2DLayer extends Base {
  static className = "SeparableConv2D";
  constructor(args: any) {
    super(args);
    (this as any).pointwiseInitializer = pointwiseInitializerOf(args);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthMultiplier: (this as any).depthMultiplier };
  }
  private check(inputShape: tf.Shape | tf.Shape[]): void {
    const self = this as unknown as { kernelSize: number[]; filters: number; strides: number[]; dilationRate: number | number[]; padding: string; dataFormat: string };
    const dilation = Array.isArray(self.dilationRate) ? self.dilationRate : [self.dilationRate, self.dilationRate];
    checkConvOutputSize("SeparableConv2D", inputShape as Shape, self.kernelSize, self.filters, self.strides, dilation, self.padding, self.dataFormat === "channelsFirst");
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.check(inputShape);
    super.build(inputShape);
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    this.check(inputShape);
    return super.computeOutputShape(inputShape);
  }
}
tf.serialization.registerClass(SeparableConv2DLayer as any);

interface SeparableConv1DFields {
  kernelSize: number[];
  filters: number;
  strides: number[];
  dilationRate: number | number[];
  padding: "valid" | "same";
  dataFormat: "channelsLast" | "channelsFirst";
  depthwiseKernel: { read(): tf.Tensor };
  pointwiseKernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
}

/** Keras 3's SeparableConv1D (inputs [batch, steps, channels], or channels first). */
export class SeparableConv1DLayer extends SeparableConvBase {
  static className = "SeparableConv1D";
  constructor(args: any) {
    super(1, args);
    (this as any).pointwiseInitializer = pointwiseInitializerOf(args);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthMultiplier: (this as any).depthMultiplier };
  }
  private get fields(): SeparableConv1DFields {
    return this as unknown as SeparableConv1DFields;
  }
  private dilation(): number {
    const d = this.fields.dilationRate;
    return Array.isArray(d) ? d[0]! : d;
  }
  private check(inputShape: tf.Shape | tf.Shape[]): void {
    const f = this.fields;
    checkConvOutputSize("SeparableConv1D", inputShape as Shape, f.kernelSize, f.filters, f.strides, [this.dilation()], f.padding, f.dataFormat === "channelsFirst");
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.check(inputShape);
    super.build(inputShape);
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    this.check(inputShape);
    return super.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const f = this.fields;
      let x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const first = f.dataFormat === "channelsFirst";
      if (first) x = tf.transpose(x, [0, 2, 1]);
      const [, cin, m] = f.depthwiseKernel.read().shape as [number, number, number];
      const depthwise = dilateKernel(f.depthwiseKernel.read(), [this.dilation(), 1, 1]);
      const depthwise4 = tf.reshape(depthwise, [depthwise.shape[0]!, 1, cin, m]) as tf.Tensor4D;
      const pointwise4 = tf.reshape(f.pointwiseKernel.read(), [1, 1, cin * m, f.filters]) as tf.Tensor4D;
      const x4 = tf.expandDims(x, 2) as tf.Tensor4D; // [batch, steps, 1, channels]
      let y: tf.Tensor = tf.squeeze(tf.separableConv2d(x4, depthwise4, pointwise4, [f.strides[0]!, 1], f.padding, [1, 1], "NHWC"), [2]);
      if (f.bias) y = tf.add(y, f.bias.read());
      if (f.activation) y = f.activation.apply(y);
      return first ? tf.transpose(y, [0, 2, 1]) : y;
    });
  }
}
tf.serialization.registerClass(SeparableConv1DLayer as any);
