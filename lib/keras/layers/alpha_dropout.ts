/**
 * Keras 3's AlphaDropout (keras/src/layers/regularization/alpha_dropout.py): while training, sets
 * dropped units to SELU's negative saturation −αλ and applies the affine map that keeps the
 * input's mean and variance; identity otherwise. In place of tfjs's class of the same name, whose
 * `noiseShape` cannot hold `null` (Keras: the input's size there), whose config drops
 * `noiseShape`, and which takes no `seed`. Built at instantiation, passes masks through; config
 * `rate`, `seed`, `noiseShape`.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { nullable, type OptionCheck } from "./options.js";
import { seedCheck, seedStream, unitInterval } from "./regularization_args.js";
import type { SeedStream } from "./image_transform.js";

export interface AlphaDropoutOptions extends BaseLayerOptions {
  /** The mask's shape (batch axis included); `null` entries take the input's size. */
  noiseShape?: (number | null)[] | null;
  seed?: number | null;
}

/** SELU's constants (Klambauer et al. 2017), as Keras writes them. */
const ALPHA = 1.6732632423543772848170429916717;
const SCALE = 1.0507009873554804934193349852946;

const noiseShapeCheck: OptionCheck = nullable((v, where) => {
  if (!Array.isArray(v) || v.some((d) => d !== null && !(typeof d === "number" && Number.isInteger(d) && d > 0))) {
    throw new TypeError(`${where} must be a list of positive integers or null; got ${JSON.stringify(v)}`);
  }
  return [...v];
});

export class AlphaDropoutLayer extends tf.layers.Layer {
  static className = "AlphaDropout";
  readonly rate: number;
  readonly seed: number | null;
  readonly noiseShape: (number | null)[] | null;
  private readonly seeds: SeedStream;

  constructor(args: { rate: number; seed?: number | null; noiseShape?: (number | null)[] | null; [key: string]: unknown }) {
    const { rate, seed = null, noiseShape = null, ...rest } = args;
    super(rest);
    this.rate = unitInterval("AlphaDropout", "rate", rate);
    this.seed = seedCheck(seed, "AlphaDropout: `seed`") as number | null;
    this.noiseShape = noiseShapeCheck(noiseShape, "AlphaDropout: `noiseShape`") as (number | null)[] | null;
    this.seeds = seedStream(this.seed);
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate <= 0) return x;
    return tf.tidy(() => {
      const shape = this.noiseShape === null ? x.shape : this.noiseShape.map((d, i) => d ?? x.shape[i]!);
      const alphaP = -ALPHA * SCALE;
      const kept = tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, "float32", this.seeds.next()), this.rate), "float32");
      const a = ((1 - this.rate) * (1 + this.rate * alphaP ** 2)) ** -0.5;
      const b = -a * alphaP * this.rate;
      const dropped = tf.add(tf.mul(x, kept), tf.mul(tf.sub(1, kept), alphaP));
      return tf.add(tf.mul(dropped, a), b);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape };
  }
}
tf.serialization.registerClass(AlphaDropoutLayer);

/** `AlphaDropout(rate, { noiseShape, seed })`. */
export function AlphaDropout(rate: number, options?: AlphaDropoutOptions): AlphaDropoutLayer {
  unitInterval("AlphaDropout", "rate", rate);
  return makeLayer("AlphaDropout", "alpha_dropout", options, { noiseShape: noiseShapeCheck, seed: seedCheck }, (a) => new AlphaDropoutLayer({ rate, ...a }));
}
