/**
 * Keras 3's RandomZoom (keras/src/layers/preprocessing/image_preprocessing/random_zoom.py): in
 * training, each image is scaled about its centre by 1 + a uniform draw in the height (and width)
 * factor's range — negative factors zoom in, positive zoom out; without `widthFactor` both axes use
 * the height draw. Keras's zoom matrix through TF's projective transform (image_transform.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { checkTransformModes, drawUniform, heightWidthFactor, ImagePreprocessingLayer, projectiveTransform, SeedStream, type Factor, type FillMode, type ImageLayerArgs, type TransformInterpolation } from "./image_transform.js";

export interface RandomZoomArgs extends ImageLayerArgs {
  heightFactor: Factor;
  widthFactor?: Factor | null;
  fillMode?: FillMode;
  interpolation?: TransformInterpolation;
  seed?: number | null;
  fillValue?: number;
}

const ZOOM_ERROR = "The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range (-1.0, 1.0]. ";
const inZoomRange = (x: number) => !(x > 1.0 || x <= -1.0);

export class RandomZoomLayer extends ImagePreprocessingLayer {
  static className = "RandomZoom";
  readonly heightFactor: Factor;
  readonly widthFactor: Factor | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;
  readonly fillMode: FillMode;
  readonly interpolation: TransformInterpolation;
  readonly seed: number | null;
  readonly fillValue: number;
  private readonly seeds: SeedStream;

  constructor(args: RandomZoomArgs) {
    const { heightFactor, widthFactor = null, fillMode = "reflect", interpolation = "bilinear", seed = null, fillValue = 0, ...base } = args;
    super(base, "RandomZoom");
    this.heightRange = heightWidthFactor("RandomZoom", heightFactor, "height_factor", ZOOM_ERROR, inZoomRange);
    this.widthRange = widthFactor === null ? null : heightWidthFactor("RandomZoom", widthFactor, "width_factor", ZOOM_ERROR, inZoomRange);
    checkTransformModes("RandomZoom", fillMode, interpolation);
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
    const heightZoom = this.uniform(n, 1 + this.heightRange[0], 1 + this.heightRange[1]);
    const widthZoom = this.widthRange === null ? heightZoom : this.uniform(n, 1 + this.widthRange[0], 1 + this.widthRange[1]);
    const f = Math.fround;
    const matrices = heightZoom.map((zy, i) => {
      const zx = widthZoom[i]!;
      return [zx, 0, f(f((width - 1) / 2) * f(1 - zx)), 0, zy, f(f((height - 1) / 2) * f(1 - zy)), 0, 0];
    });
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
tf.serialization.registerClass(RandomZoomLayer);
