/**
 * Keras 3's RandomRotation (keras/src/layers/preprocessing/image_preprocessing/random_rotation.py):
 * in training, each image is rotated about its centre by a uniform angle in
 * [lower·360°, upper·360°] (`factor` a number f → [−f, f], or a pair), through Keras's affine
 * matrix and TF's projective transform (image_transform.ts). tfjs has no such layer.
 */
import * as tf from "@tensorflow/tfjs";
import { affineMatrix, baseFactor, checkTransformModes, drawUniform, ImagePreprocessingLayer, projectiveTransform, SeedStream, type Factor, type FillMode, type ImageLayerArgs, type TransformInterpolation } from "./image_transform.js";

export interface RandomRotationArgs extends ImageLayerArgs {
  factor: Factor;
  fillMode?: FillMode;
  interpolation?: TransformInterpolation;
  seed?: number | null;
  fillValue?: number;
}

export class RandomRotationLayer extends ImagePreprocessingLayer {
  static className = "RandomRotation";
  /** [lower, upper], fractions of a full turn. */
  readonly factor: [number, number];
  readonly fillMode: FillMode;
  readonly interpolation: TransformInterpolation;
  readonly seed: number | null;
  readonly fillValue: number;
  private readonly seeds: SeedStream;

  constructor(args: RandomRotationArgs) {
    const { factor, fillMode = "reflect", interpolation = "bilinear", seed = null, fillValue = 0, ...base } = args;
    super(base, "RandomRotation");
    this.factor = baseFactor("RandomRotation", factor, [-1, 1]);
    checkTransformModes("RandomRotation", fillMode, interpolation);
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
    const angles = this.uniform(n, this.factor[0] * 360, this.factor[1] * 360);
    const matrices = angles.map((angle) => affineMatrix({ centerX: 0.5, centerY: 0.5, angle, translateX: 0, translateY: 0, scale: 1, shearX: 0, shearY: 0, height, width }));
    return projectiveTransform(images, matrices, this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, fillMode: this.fillMode, fillValue: this.fillValue, interpolation: this.interpolation, seed: this.seed };
  }
}
tf.serialization.registerClass(RandomRotationLayer);
