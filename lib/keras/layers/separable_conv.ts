/**
 * tfjs's SeparableConv2D with Keras 3's output-size check: a kernel/stride combination that
 * leaves no output position under "valid" padding raises "Computed output size would be zero or
 * negative" (Keras's operation_utils.compute_conv_output_shape), where tfjs returned an empty
 * [b, 0, 0, filters] tensor.
 */
import * as tf from "@tensorflow/tfjs";

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

export class SeparableConv2DLayer extends Base {
  static className = "SeparableConv2D";
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
