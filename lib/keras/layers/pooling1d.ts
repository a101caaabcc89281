/**
 * Keras 3's MaxPooling1D and AveragePooling1D (keras/src/layers/pooling/base_pooling.py), in
 * place of tfjs's: tfjs's 1-D pooling accepts `dataFormat` and then ignores it, so a
 * channels_first input was pooled over its channels; and its config drops the format. Pooling
 * runs as tfjs's 2-D pooling on [batch, steps, 1, channels]. Registered under Keras's class
 * names, so saved models load into these.
 */
import * as tf from "@tensorflow/tfjs";
import { convOutputLength, single } from "./conv_geometry.js";

export interface Pooling1DArgs {
  poolSize?: number | [number];
  strides?: number | [number] | null;
  padding?: "valid" | "same";
  dataFormat?: "channelsFirst" | "channelsLast";
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

const one = (owner: string, what: string, v: number | [number]): number => {
  const n = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new RangeError(`${owner}: ${what} must be a positive integer or [n]; got ${JSON.stringify(v)}`);
  return n;
};

abstract class Pooling1DBase extends tf.layers.Layer {
  readonly poolSize: [number];
  readonly strides: [number];
  readonly padding: "valid" | "same";
  readonly dataFormat: "channelsFirst" | "channelsLast";

  constructor(args: Pooling1DArgs = {}) {
    const { poolSize = 2, strides = null, padding = "valid", dataFormat = "channelsLast", ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    const owner = this.getClassName();
    this.poolSize = [one(owner, "poolSize", poolSize)];
    this.strides = [strides == null ? this.poolSize[0] : one(owner, "strides", strides)];
    if (padding !== "valid" && padding !== "same") throw new RangeError(`${owner}: padding must be "valid" or "same", got ${JSON.stringify(padding)}`);
    if (dataFormat !== "channelsFirst" && dataFormat !== "channelsLast") throw new RangeError(`${owner}: dataFormat must be "channelsFirst" or "channelsLast", got ${JSON.stringify(dataFormat)}`);
    this.padding = padding;
    this.dataFormat = dataFormat;
    this.inputSpec = [{ ndim: 3 }];
  }

  protected abstract pool(x: tf.Tensor4D): tf.Tensor4D;

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const stepsAxis = this.dataFormat === "channelsLast" ? 1 : 2;
    const steps = convOutputLength(s[stepsAxis] ?? null, this.poolSize[0], this.padding, this.strides[0], 1);
    return s.map((d, i) => (i === stepsAxis ? steps : d));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const last = this.dataFormat === "channelsFirst" ? tf.transpose(x, [0, 2, 1]) : x;
      const pooled = tf.squeeze(this.pool(tf.expandDims(last, 2) as tf.Tensor4D), [2]);
      return this.dataFormat === "channelsFirst" ? tf.transpose(pooled, [0, 2, 1]) : pooled;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat };
  }
}

export class MaxPooling1DLayer extends Pooling1DBase {
  static className = "MaxPooling1D";
  protected pool(x: tf.Tensor4D): tf.Tensor4D {
    return tf.maxPool(x, [this.poolSize[0], 1], [this.strides[0], 1], this.padding);
  }
}

/** Under "same" padding the windows at the edge average only their real steps (TensorFlow's rule). */
export class AveragePooling1DLayer extends Pooling1DBase {
  static className = "AveragePooling1D";
  protected pool(x: tf.Tensor4D): tf.Tensor4D {
    return tf.avgPool(x, [this.poolSize[0], 1], [this.strides[0], 1], this.padding);
  }
}

tf.serialization.registerClass(MaxPooling1DLayer);
tf.serialization.registerClass(AveragePooling1DLayer);
