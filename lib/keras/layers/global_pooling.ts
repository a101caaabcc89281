/**
 * Keras 3's global pooling layers (keras/src/layers/pooling/base_global_pooling.py and
 * global_*_pooling{1,2,3}d.py) on one base, in place of tfjs's: tfjs's 1-D average ignores the
 * mask, so the classic text model `Embedding(maskZero) → GlobalAveragePooling1D` averaged the
 * padding in; its 1-D layers take no channels_first; none takes `keepdims`; and tfjs has no 3-D
 * global pooling. Registered under Keras's class names, so saved models (tfjs's configs, which
 * lack `keepdims`, included) load into these.
 */
import * as tf from "@tensorflow/tfjs";

type Kwargs = { mask?: tf.Tensor | null } & Record<string, unknown>;

export interface GlobalPoolingArgs {
  dataFormat?: "channelsFirst" | "channelsLast";
  keepdims?: boolean;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

/** Keras's BaseGlobalPooling: the spatial axes of a rank-(n + 2) input reduced, or kept as 1. */
abstract class BaseGlobalPooling extends tf.layers.Layer {
  readonly dataFormat: "channelsFirst" | "channelsLast";
  readonly keepdims: boolean;

  constructor(
    protected readonly poolDimensions: 1 | 2 | 3,
    args: GlobalPoolingArgs = {},
  ) {
    const { dataFormat = "channelsLast", keepdims = false, ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (dataFormat !== "channelsFirst" && dataFormat !== "channelsLast") throw new RangeError(`${this.getClassName()}: dataFormat must be "channelsFirst" or "channelsLast", got ${JSON.stringify(dataFormat)}`);
    this.dataFormat = dataFormat;
    this.keepdims = keepdims === true;
    this.inputSpec = [{ ndim: poolDimensions + 2 }];
  }

  /** [1, …, n] channels last, [2, …, n + 1] channels first. */
  protected get spatialAxes(): number[] {
    const first = this.dataFormat === "channelsLast" ? 1 : 2;
    return Array.from({ length: this.poolDimensions }, (_, i) => first + i);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const axes = this.spatialAxes;
    return this.keepdims ? s.map((d, i) => (axes.includes(i) ? 1 : d)) : s.filter((_, i) => !axes.includes(i));
  }

  /** Pooling ends the sequence: no mask goes on (Keras: 1-D average's compute_mask returns None; the others drop it). */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor; // tfjs's type says Tensor; its own layers return null here
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

const single = (inputs: tf.Tensor | tf.Tensor[]) => (Array.isArray(inputs) ? inputs[0]! : inputs);

abstract class GlobalAveragePooling extends BaseGlobalPooling {
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs?: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.mean(single(inputs), this.spatialAxes, this.keepdims));
  }
}

abstract class GlobalMaxPooling extends BaseGlobalPooling {
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.max(single(inputs), this.spatialAxes, this.keepdims));
  }
}

export class GlobalAveragePooling1DLayer extends GlobalAveragePooling {
  static className = "GlobalAveragePooling1D";

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: Kwargs): tf.Tensor {
    const mask = kwargs?.mask;
    if (!mask) return super.call(inputs);
    return tf.tidy(() => {
      const x = single(inputs);
      const [axis] = this.spatialAxes;
      // The mask is [batch, steps]: excluded steps count neither in the sum nor in the count.
      const m = tf.expandDims(tf.cast(mask, x.dtype), this.dataFormat === "channelsLast" ? 2 : 1);
      return tf.div(tf.sum(tf.mul(x, m), axis, this.keepdims), tf.sum(m, axis, this.keepdims));
    });
  }
}

export class GlobalMaxPooling1DLayer extends GlobalMaxPooling {
  static className = "GlobalMaxPooling1D";
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, args);
  }
}

export class GlobalAveragePooling2DLayer extends GlobalAveragePooling {
  static className = "GlobalAveragePooling2D";
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, args);
  }
}

export class GlobalMaxPooling2DLayer extends GlobalMaxPooling {
  static className = "GlobalMaxPooling2D";
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, args);
  }
}

export class GlobalAveragePooling3DLayer extends GlobalAveragePooling {
  static className = "GlobalAveragePooling3D";
  constructor(args: GlobalPoolingArgs = {}) {
    super(3, args);
  }
}

export class GlobalMaxPooling3DLayer extends GlobalMaxPooling {
  static className = "GlobalMaxPooling3D";
  constructor(args: GlobalPoolingArgs = {}) {
    super(3, args);
  }
}

for (const cls of [GlobalAveragePooling1DLayer, GlobalMaxPooling1DLayer, GlobalAveragePooling2DLayer, GlobalMaxPooling2DLayer, GlobalAveragePooling3DLayer, GlobalMaxPooling3DLayer]) {
  tf.serialization.registerClass(cls);
}
