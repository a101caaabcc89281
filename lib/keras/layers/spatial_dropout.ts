/**
 * Keras 3's SpatialDropout1D/2D/3D (keras/src/layers/regularization/spatial_dropout.py): Dropout
 * whose mask is drawn per sample and channel and shared over the steps/pixels/voxels, active only
 * with `training: true`. tfjs has only SpatialDropout1D, which passes its input through at rate 1
 * (Keras: zeros) and draws the same mask on every call of a seeded layer; tfjs has no 2-D or 3-D
 * one. Built at instantiation, rank checked by the input spec, config `rate`, `seed` (and
 * `dataFormat` for 2-D/3-D) as Keras's; registered under Keras's class names.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { oneOf } from "./options.js";
import { seedCheck, seedStream, unitInterval } from "./regularization_args.js";
import type { SeedStream } from "./image_transform.js";
import type { DataFormat } from "./core.js";

export interface SpatialDropoutOptions extends BaseLayerOptions {
  seed?: number | null;
}
export interface SpatialDropout2DOptions extends SpatialDropoutOptions {
  /** Where the channels are (Keras's default "channels_last"). */
  dataFormat?: DataFormat | null;
}
export type SpatialDropout3DOptions = SpatialDropout2DOptions;

interface SpatialArgs {
  rate: number;
  seed?: number | null;
  dataFormat?: DataFormat | null;
  [key: string]: unknown;
}

abstract class BaseSpatialDropout extends tf.layers.Layer {
  readonly rate: number;
  readonly seed: number | null;
  readonly dataFormat: DataFormat;
  private readonly seeds: SeedStream;

  constructor(args: SpatialArgs, owner: string) {
    const { rate, seed = null, dataFormat, ...rest } = args;
    super(rest);
    this.rate = unitInterval(owner, "rate", rate);
    this.seed = seedCheck(seed, `${owner}: \`seed\``) as number | null;
    this.dataFormat = (oneOf("channels_last", "channels_first")(dataFormat ?? "channels_last", `${owner}: \`dataFormat\``) as DataFormat);
    this.seeds = seedStream(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  /** One mask entry per sample and channel. */
  private noiseShape(shape: number[]): number[] {
    const channel = this.dataFormat === "channels_first" ? 1 : shape.length - 1;
    return shape.map((d, i) => (i === 0 || i === channel ? d : 1));
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate <= 0) return x;
    return tf.tidy(() => {
      // Keras's backend.random.dropout: rate 1 keeps nothing.
      if (this.rate >= 1) return tf.zerosLike(x);
      return tf.dropout(x, this.rate, this.noiseShape(x.shape), this.seeds.next());
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

export class SpatialDropout1DLayer extends BaseSpatialDropout {
  static className = "SpatialDropout1D";
  constructor(args: SpatialArgs) {
    // Keras's SpatialDropout1D takes no data format: channels are last.
    super({ ...args, dataFormat: "channels_last" }, "SpatialDropout1D");
    this.inputSpec = [{ ndim: 3 }];
  }
}

export class SpatialDropout2DLayer extends BaseSpatialDropout {
  static className = "SpatialDropout2D";
  constructor(args: SpatialArgs) {
    super(args, "SpatialDropout2D");
    this.inputSpec = [{ ndim: 4 }];
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

export class SpatialDropout3DLayer extends BaseSpatialDropout {
  static className = "SpatialDropout3D";
  constructor(args: SpatialArgs) {
    super(args, "SpatialDropout3D");
    this.inputSpec = [{ ndim: 5 }];
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
for (const cls of [SpatialDropout1DLayer, SpatialDropout2DLayer, SpatialDropout3DLayer]) tf.serialization.registerClass(cls);

const dataFormatCheck = (v: unknown, where: string) => (v === null ? null : oneOf("channels_last", "channels_first")(v, where));

/** `SpatialDropout1D(rate, { seed })`: drops whole channels of [batch, steps, channels] while training. */
export function SpatialDropout1D(rate: number, options?: SpatialDropoutOptions): SpatialDropout1DLayer {
  unitInterval("SpatialDropout1D", "rate", rate);
  return makeLayer("SpatialDropout1D", "spatial_dropout1d", options, { seed: seedCheck }, (a) => new SpatialDropout1DLayer({ rate, ...a }));
}

/** `SpatialDropout2D(rate, { dataFormat, seed })`: drops whole 2-D feature maps while training. */
export function SpatialDropout2D(rate: number, options?: SpatialDropout2DOptions): SpatialDropout2DLayer {
  unitInterval("SpatialDropout2D", "rate", rate);
  return makeLayer("SpatialDropout2D", "spatial_dropout2d", options, { seed: seedCheck, dataFormat: dataFormatCheck }, (a) => new SpatialDropout2DLayer({ rate, ...a }));
}

/** `SpatialDropout3D(rate, { dataFormat, seed })`: drops whole 3-D feature maps while training. */
export function SpatialDropout3D(rate: number, options?: SpatialDropout3DOptions): SpatialDropout3DLayer {
  unitInterval("SpatialDropout3D", "rate", rate);
  return makeLayer("SpatialDropout3D", "spatial_dropout3d", options, { seed: seedCheck, dataFormat: dataFormatCheck }, (a) => new SpatialDropout3DLayer({ rate, ...a }));
}
