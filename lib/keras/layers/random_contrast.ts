/**
 * Keras 3's RandomContrast (keras/src/layers/preprocessing/image_preprocessing/random_contrast.py):
 * in training, each image becomes (x − mean)·c + mean, its per-channel mean over height and width,
 * c uniform in [1 − lower, 1 + upper], clipped to `valueRange`. `factor` is read by Keras's base
 * rule within [0, 1]: a number f gives [max(−f, 0), f] = [0, f], so c ∈ [1, 1 + f]; a pair
 * (lower, upper) gives [1 − lower, 1 + upper]. tfjs has no such layer.
 */
import * as tf from "@tensorflow/tfjs";
import { baseFactor, drawUniform, ImagePreprocessingLayer, pyRepr, SeedStream, type Factor, type ImageLayerArgs } from "./image_transform.js";

export interface RandomContrastArgs extends ImageLayerArgs {
  factor: Factor;
  valueRange?: [number, number];
  seed?: number | null;
}

export class RandomContrastLayer extends ImagePreprocessingLayer {
  static className = "RandomContrast";
  readonly factor: [number, number];
  readonly valueRange: [number, number];
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: RandomContrastArgs) {
    const { factor, valueRange = [0, 255], seed = null, ...base } = args;
    super(base, "RandomContrast");
    this.factor = baseFactor("RandomContrast", factor, [0, 1]);
    if (!Array.isArray(valueRange) || valueRange.length !== 2 || !valueRange.every((v) => typeof v === "number" && Number.isFinite(v))) {
      throw new RangeError(`RandomContrast: \`value_range\` must be a list of two numbers. Received: value_range=${pyRepr(valueRange)}`);
    }
    this.valueRange = [valueRange[0], valueRange[1]];
    this.seed = seed;
    this.seeds = new SeedStream(seed);
  }

  protected uniform(count: number, minval: number, maxval: number): number[] {
    return drawUniform(this.seeds, count, minval, maxval);
  }

  protected transformBatch(images: tf.Tensor4D): tf.Tensor4D {
    const n = images.shape[0];
    const factors = tf.tensor4d(this.uniform(n, 1 - this.factor[0], 1 + this.factor[1]), [n, 1, 1, 1]);
    const mean = tf.mean(tf.mean(images, 1, true), 2, true);
    const out = tf.add(tf.mul(tf.sub(images, mean), factors), mean);
    return tf.clipByValue(out, this.valueRange[0], this.valueRange[1]) as tf.Tensor4D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange, seed: this.seed };
  }
}
tf.serialization.registerClass(RandomContrastLayer);
