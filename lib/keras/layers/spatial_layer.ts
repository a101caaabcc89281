/**
 * What Keras's reshaping layers over spatial axes share (ZeroPadding, Cropping, UpSampling 1-D to
 * 3-D): a rank-(n + 2) input, its spatial axes by data format, and Keras 3's masks: these layers
 * do not support masking, so Keras drops an incoming mask (its `__call__` sets no mask on the
 * output) where tfjs's base Layer throws on one.
 */
import * as tf from "@tensorflow/tfjs";

export type SpatialDataFormat = "channelsFirst" | "channelsLast";

export interface SpatialLayerArgs {
  dataFormat?: SpatialDataFormat;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  batchSize?: number;
}

export abstract class SpatialLayer extends tf.layers.Layer {
  readonly dataFormat: SpatialDataFormat;

  constructor(
    readonly spatialRank: 1 | 2 | 3,
    args: SpatialLayerArgs,
  ) {
    const { dataFormat = "channelsLast", ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (dataFormat !== "channelsFirst" && dataFormat !== "channelsLast") throw new RangeError(`${this.getClassName()}: dataFormat must be "channelsFirst" or "channelsLast", got ${JSON.stringify(dataFormat)}`);
    this.dataFormat = dataFormat;
    this.inputSpec = [{ ndim: spatialRank + 2 }];
  }

  /** [1, …, n] channels last, [2, …, n + 1] channels first. */
  protected get spatialAxes(): number[] {
    const first = this.dataFormat === "channelsLast" ? 1 : 2;
    return Array.from({ length: this.spatialRank }, (_, i) => first + i);
  }

  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // tfjs's type says Tensor; its own layers return null here
  }
}

export const singleShape = (inputShape: tf.Shape | tf.Shape[]): tf.Shape => (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
export const singleTensor = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);
/** Python's repr of a shape or a tuple, for Keras's messages: (3, 5, 7), (None, 2). */
export const pyTuple = (v: unknown): string => (Array.isArray(v) ? `(${v.map(pyTuple).join(", ")}${v.length === 1 ? "," : ""})` : v === null || v === undefined ? "None" : String(v));
