/**
 * Keras 3's GaussianDropout (keras/src/layers/regularization/gaussian_dropout.py): multiplies by
 * N(1, rate / (1 − rate)) noise while training, identity otherwise. In place of tfjs's class of
 * the same name, which takes no `seed`, accepts any `rate` and passes its input through at rate 1
 * (Keras's formula has an infinite deviation there, which we keep). Built at instantiation,
 * passes masks through; config `rate`, `seed`.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { seedCheck, seedStream, unitInterval } from "./regularization_args.js";
import type { SeedStream } from "./image_transform.js";

export interface GaussianDropoutOptions extends BaseLayerOptions {
  seed?: number | null;
}

export class GaussianDropoutLayer extends tf.layers.Layer {
  static className = "GaussianDropout";
  readonly rate: number;
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: { rate: number; seed?: number | null; [key: string]: unknown }) {
    const { rate, seed = null, ...rest } = args;
    super(rest);
    this.rate = unitInterval("GaussianDropout", "rate", rate);
    this.seed = seedCheck(seed, "GaussianDropout: `seed`") as number | null;
    this.seeds = seedStream(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate <= 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    // tfjs types the seed as a number; its generator reads any value's toString().
    return tf.tidy(() => tf.mul(x, tf.randomNormal(x.shape, 1, stddev, "float32", this.seeds.next() as unknown as number)));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(GaussianDropoutLayer);

/** `GaussianDropout(rate, { seed })`. */
export function GaussianDropout(rate: number, options?: GaussianDropoutOptions): GaussianDropoutLayer {
  unitInterval("GaussianDropout", "rate", rate);
  return makeLayer("GaussianDropout", "gaussian_dropout", options, { seed: seedCheck }, (a) => new GaussianDropoutLayer({ rate, ...a }));
}
