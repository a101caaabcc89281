/**
 * Keras 3's RandomFlip (keras/src/layers/preprocessing/image_preprocessing/random_flip.py): in
 * training, each image is flipped with probability 1/2 (a uniform draw ≤ 0.5) — horizontally,
 * vertically, or, in "horizontal_and_vertical", both ways on the same draw, as Keras. tfjs has no
 * such layer. The draw is `uniform(count)` so a test can fix it, as Keras's own test mocks it.
 */
import * as tf from "@tensorflow/tfjs";
import { drawUniform, ImagePreprocessingLayer, pyRepr, SeedStream, type ImageLayerArgs } from "./image_transform.js";

export type RandomFlipMode = "horizontal" | "vertical" | "horizontal_and_vertical";

export interface RandomFlipArgs extends ImageLayerArgs {
  mode?: RandomFlipMode;
  seed?: number | null;
}

export class RandomFlipLayer extends ImagePreprocessingLayer {
  static className = "RandomFlip";
  readonly mode: RandomFlipMode;
  readonly seed: number | null;
  private readonly seeds: SeedStream;

  constructor(args: RandomFlipArgs = {}) {
    const { mode = "horizontal_and_vertical", seed = null, ...base } = args;
    super(base, "RandomFlip");
    if (mode !== "horizontal" && mode !== "vertical" && mode !== "horizontal_and_vertical") {
      throw new RangeError(`RandomFlip: \`mode\` must be one of 'horizontal', 'vertical', 'horizontal_and_vertical'. Received: mode=${pyRepr(mode)}`);
    }
    this.mode = mode;
    this.seed = seed;
    this.seeds = new SeedStream(seed);
  }

  /** `count` uniform draws in [minval, maxval), from the layer's seed. */
  protected uniform(count: number, minval: number, maxval: number): number[] {
    return drawUniform(this.seeds, count, minval, maxval);
  }

  protected transformBatch(images: tf.Tensor4D): tf.Tensor4D {
    const n = images.shape[0];
    const flips = this.uniform(n, 0, 1).map((u) => (u <= 0.5 ? 1 : 0));
    const mask = tf.cast(tf.broadcastTo(tf.tensor4d(flips, [n, 1, 1, 1], "int32"), images.shape), "bool");
    let out = images;
    if (this.mode !== "vertical") out = tf.where(mask, tf.reverse(out, 2), out);
    if (this.mode !== "horizontal") out = tf.where(mask, tf.reverse(out, 1), out);
    return out;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed, mode: this.mode };
  }
}
tf.serialization.registerClass(RandomFlipLayer);
