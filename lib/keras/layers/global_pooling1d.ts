/**
 * Keras 3's GlobalAveragePooling1D and GlobalMaxPooling1D (keras/src/layers/pooling/
 * global_*_pooling1d.py), in place of tfjs's: tfjs's average ignores the mask, so the classic
 * text model `Embedding(maskZero) → GlobalAveragePooling1D` averaged the padding in; and neither
 * takes channels_first. Registered under the same class names, so saved models load into these.
 */
import * as tf from "@tensorflow/tfjs";

type Kwargs = { mask?: tf.Tensor | null } & Record<string, unknown>;

export interface GlobalPooling1DArgs {
  dataFormat?: "channelsFirst" | "channelsLast";
  keepdims?: boolean;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

abstract class GlobalPooling1DBase extends tf.layers.Layer {
  readonly dataFormat: "channelsFirst" | "channelsLast";
  readonly keepdims: boolean;

  constructor(args: GlobalPooling1DArgs = {}) {
    const { dataFormat = "channelsLast", keepdims = false, ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (dataFormat !== "channelsFirst" && dataFormat !== "channelsLast") throw new RangeError(`${this.getClassName()}: dataFormat must be "channelsFirst" or "channelsLast", got ${JSON.stringify(dataFormat)}`);
    this.dataFormat = dataFormat;
    this.keepdims = keepdims === true;
    this.inputSpec = [{ ndim: 3 }];
  }

  protected get stepsAxis(): number {
    return this.dataFormat === "channelsLast" ? 1 : 2;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.keepdims) return s.map((d, i) => (i === this.stepsAxis ? 1 : d));
    return s.filter((_, i) => i !== this.stepsAxis);
  }

  /** Pooling ends the sequence: no mask goes on (Keras's compute_mask returns None). */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // tfjs's type says Tensor; its own layers return null here
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

export class GlobalAveragePooling1DLayer extends GlobalPooling1DBase {
  static className = "GlobalAveragePooling1D";

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const axis = this.stepsAxis;
      const mask = kwargs?.mask;
      if (!mask) return tf.mean(x, axis, this.keepdims);
      // The mask is [batch, steps]: excluded steps count neither in the sum nor in the count.
      const m = tf.expandDims(tf.cast(mask, x.dtype), this.dataFormat === "channelsLast" ? 2 : 1);
      return tf.div(tf.sum(tf.mul(x, m), axis, this.keepdims), tf.sum(m, axis, this.keepdims));
    });
  }
}

export class GlobalMaxPooling1DLayer extends GlobalPooling1DBase {
  static className = "GlobalMaxPooling1D";

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.max(Array.isArray(inputs) ? inputs[0] : inputs, this.stepsAxis, this.keepdims));
  }
}

tf.serialization.registerClass(GlobalAveragePooling1DLayer);
tf.serialization.registerClass(GlobalMaxPooling1DLayer);
