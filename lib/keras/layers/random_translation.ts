/**
 * Keras 3's RandomTranslation (keras/src/layers/preprocessing/image_preprocessing/random_translation.py):
 * in training, each image is shifted by a uniform fraction of its height and of its width (each
 * factor a number f → [−f, f], or a pair, within [−1, 1]; positive moves down / right), through
 * Keras's translation matrix and TF's projective transform (image_transform.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { checkTransformModes, drawUniform, heightWidthFactor, ImagePreprocessingLayer, projectiveTransform, SeedStream, type Factor, type FillMode, type ImageLayerArgs, type TransformInterpolation } from "./image_transform.js";

export interface RandomTranslationArgs extends ImageLayerArgs {
  heightFactor: Factor;
  widthFactor: Factor;
  fillMode?: FillMode;
  interpolation?: TransformInterpolation;
  seed?: number | null;
  fillValue?: number;
}

const TRANSLATION_ERROR = "The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ";
const inTranslationRange = (x: number) => !(x > 1.0 || x < -1.0);

export class RandomTranslationLayer extends ImagePreprocessingLayer {
  static className = "RandomTranslation";
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  readonly fillMode: FillMode;
  readonly interpolation: TransformInterpolation;
  readonly seed: number | null;
  readonly fillValue: number;
  private readonly seeds: SeedStream;

  constructor(args: RandomTranslationArgs) {
    const { heightFactor, widthFactor, fillMode = "reflect", interpolation = "bilinear", seed = null, fillValue = 0, ...base } = args;
    super(base, "RandomTranslation");
    this.heightRange = heightWidthFactor("RandomTranslation", heightFactor, "height_factor", TRANSLATION_ERROR, inTranslationRange);
    this.widthRange = heightWidthFactor("RandomTranslation", widthFactor, "width_factor", TRANSLATION_ERROR, inTranslationRange);
    checkTransformModes("RandomTranslation", fillMode, interpolation);
    this.heightFactor = heightFactor;
    this.widthFactor = widthFactor;
    this.fillMode = fillMode;
    this.interpolation = interpolation;
    this.seed = seed;
    this.fillValue = fillValue;
    this.seeds = new SeedStream(seed);
  }

  protected uniform(count: number, minval: number, maxval: number): number[] {
    return drawUniform(this.seeds, count, minval, maxval);
  }

  protected transformBatch(images: tf.Tensor4D): tf.Tensor4D {
    const [n, height, width] = images.shape;
    const f = Math.fround;
    const dy = this.uniform(n, this.heightRange[0], this.heightRange[1]).map((u) => f(u * height));
    const dx = this.uniform(n, this.widthRange[0], this.widthRange[1]).map((u) => f(u * width));
    const matrices = dy.map((ty, i) => [1, 0, -dx[i]!, 0, 1, -ty, 0, 0]);
    return projectiveTransform(images, matrices, this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      heightFactor: this.heightFactor,
      widthFactor: this.widthFactor,
      fillMode: this.fillMode,
      interpolation: this.interpolation,
      seed: this.seed,
      fillValue: this.fillValue,
    };
  }
}
tf.serialization.registerClass(RandomTranslationLayer);
