/**
 * Keras 3's GaussianNoise (keras/src/layers/regularization/gaussian_noise.py): adds N(0, stddev²)
 * noise while training, identity otherwise. In place of tfjs's class of the same name, which
 * takes no `seed` and accepts any `stddev` (Keras: a float in [0, 1]). Built at instantiation,
 * passes masks through; config `stddev`, `seed`.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { seedCheck, seedStream, unitInterval } from "./regularization_args.js";
import type { SeedStream } from "./image_transform.js";

export interface GaussianNoiseOptions extends BaseLayerOptions {
  seed?: number | null;
}

export class GaussianNoiseLayer extends tf.layers.Layer {
  static className = "GaussianNoise";
  readonly stddev: number;
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: { stddev: number; seed?: number | null; [key: string]: unknown }) {
    const { stddev, seed = null, ...rest } = args;
    super(rest);
    this.stddev = unitInterval("GaussianNoise", "stddev", stddev);
    this.seed = seedCheck(seed, "GaussianNoise: `seed`") as number | null;
    this.seeds = seedStream(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.stddev <= 0) return x;
    // tfjs types the seed as a number; its generator reads any value's toString().
    return tf.tidy(() => tf.add(x, tf.randomNormal(x.shape, 0, this.stddev, "float32", this.seeds.next() as unknown as number)));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
tf.serialization.registerClass(GaussianNoiseLayer);

/** `GaussianNoise(stddev, { seed })`. */
export function GaussianNoise(stddev: number, options?: GaussianNoiseOptions): GaussianNoiseLayer {
  unitInterval("GaussianNoise", "stddev", stddev);
  return makeLayer("GaussianNoise", "gaussian_noise", options, { seed: seedCheck }, (a) => new GaussianNoiseLayer({ stddev, ...a }));
}
