/**
 * What Keras 3's image preprocessing layers share
 * (keras/src/layers/preprocessing/image_preprocessing/base_image_preprocessing_layer.py and the
 * TensorFlow backend's keras/src/backend/tensorflow/image.py):
 *
 * - `ImagePreprocessingLayer`: rank 3 (one image) or rank 4 (a batch), channels_last or
 *   channels_first; each layer transforms a channels_last batch and this base puts the layout back.
 *   Random layers act only when called with `training: true` (tfjs's convention, as its Dropout;
 *   Keras's `layer(x)` outside `fit` defaults to training=True, `predict` to False).
 * - `SeedStream`: Keras's SeedGenerator in spirit — a layer made with `seed` draws the same
 *   sequence every time it is made; without one, each draw is fresh.
 * - `projectiveTransform`: TF's ImageProjectiveTransformV3 (what Keras's `affine_transform` runs),
 *   written out here because tfjs's `tf.image.transform` differs: its cpu kernel returns after the
 *   batch's first image (the others come back as the fill value), and its nearest interpolation
 *   rounds halves up where TF's std::round rounds them away from zero. Computed in float32 as TF.
 * - `affineMatrix`: Keras's `_compute_affine_matrix` (rotation, scale, shear, translation about
 *   a centre), the 8-number output→input map the transform reads.
 * - `resizeImages`: Keras's TF-backend `resize` (crop_to_aspect_ratio, pad_to_aspect_ratio) over
 *   tfjs's resize kernels with half-pixel centres, which is TF's `tf.image.resize` (antialias off).
 */
import * as tf from "@tensorflow/tfjs";

export type DataFormat = "channels_last" | "channels_first";
export type FillMode = "reflect" | "wrap" | "constant" | "nearest";
export type TransformInterpolation = "bilinear" | "nearest";
/** A factor as Keras takes it: one number (±it) or a [lower, upper] pair. */
export type Factor = number | [number, number];

export const FILL_MODES: readonly FillMode[] = ["reflect", "wrap", "constant", "nearest"];
export const TRANSFORM_INTERPOLATIONS: readonly TransformInterpolation[] = ["nearest", "bilinear"];

/** Python's repr of what Keras prints in its messages (lists with ", ", strings quoted). */
export function pyRepr(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function checkDataFormat(owner: string, dataFormat: unknown): DataFormat {
  if (dataFormat === undefined || dataFormat === null) return "channels_last";
  if (dataFormat !== "channels_last" && dataFormat !== "channels_first") {
    throw new RangeError(`${owner}: The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${pyRepr(dataFormat)}`);
  }
  return dataFormat;
}

/** Keras's fill_mode / interpolation checks of the affine layers (NotImplementedError there). */
export function checkTransformModes(owner: string, fillMode: unknown, interpolation: unknown): void {
  if (!FILL_MODES.includes(fillMode as FillMode)) {
    throw new RangeError(`${owner}: Unknown \`fill_mode\` ${String(fillMode)}. Expected of one ('reflect', 'wrap', 'constant', 'nearest').`);
  }
  if (!TRANSFORM_INTERPOLATIONS.includes(interpolation as TransformInterpolation)) {
    throw new RangeError(`${owner}: Unknown \`interpolation\` ${String(interpolation)}. Expected of one ('nearest', 'bilinear').`);
  }
}

/** BaseImagePreprocessingLayer._set_factor: a number f gives [max(−|f|, low), |f|]; a pair is sorted. */
export function baseFactor(owner: string, factor: unknown, bounds: [number, number]): [number, number] {
  const message = `${owner}: The \`factor\` argument should be a number (or a list of two numbers) in the range [${bounds[0]}, ${bounds[1]}]. Received: factor=${pyRepr(factor)}`;
  if (Array.isArray(factor)) {
    if (factor.length !== 2 || !factor.every((f) => typeof f === "number" && Number.isFinite(f))) throw new RangeError(message);
    if (factor[0] > bounds[1] || factor[1] < bounds[0]) throw new RangeError(message);
    const [lower, upper] = [...factor].sort((a, b) => a - b) as [number, number];
    return [lower, upper];
  }
  if (typeof factor === "number" && Number.isFinite(factor)) {
    if (factor < bounds[0] || factor > bounds[1]) throw new RangeError(message);
    const f = Math.abs(factor);
    return [Math.max(-f, bounds[0]), f];
  }
  throw new RangeError(message);
}

/**
 * RandomZoom's / RandomTranslation's `_set_factor`: each number must lie in the layer's range
 * ((−1, 1] for zoom, [−1, 1] for translation); a number f gives [−|f|, |f|].
 */
export function heightWidthFactor(owner: string, factor: unknown, name: string, prefix: string, inRange: (x: number) => boolean): [number, number] {
  const check = (x: number) => {
    if (!inRange(x)) throw new RangeError(`${owner}: ${prefix}Received: input_number=${x}`);
  };
  if (Array.isArray(factor)) {
    if (factor.length !== 2 || !factor.every((f) => typeof f === "number" && Number.isFinite(f))) throw new RangeError(`${owner}: ${prefix}Received: ${name}=${pyRepr(factor)}`);
    check(factor[0]);
    check(factor[1]);
    const [lower, upper] = [...factor].sort((a, b) => a - b) as [number, number];
    return [lower, upper];
  }
  if (typeof factor === "number" && Number.isFinite(factor)) {
    check(factor);
    return [-Math.abs(factor), Math.abs(factor)];
  }
  throw new RangeError(`${owner}: ${prefix}Received: ${name}=${pyRepr(factor)}`);
}

/** A seed source: with a seed, the n-th draw of every layer made with it uses the same seed. */
export class SeedStream {
  private count = 0;
  constructor(readonly seed: number | null) {}
  next(): string | undefined {
    return this.seed === null ? undefined : `${this.seed}:${this.count++}`;
  }
}

export interface ImageLayerArgs {
  dataFormat?: DataFormat | null;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  batchSize?: number;
}

/**
 * The frame of Keras's BaseImagePreprocessingLayer.call: checks the rank, casts to float32 (Keras
 * casts to the compute dtype), hands `transformBatch` a channels_last batch and restores the layout.
 */
export abstract class ImagePreprocessingLayer extends tf.layers.Layer {
  readonly dataFormat: DataFormat;
  /** Whether the layer acts only in training (the Random* layers). */
  protected readonly randomLayer: boolean = true;

  constructor(args: ImageLayerArgs, owner: string) {
    const { dataFormat, ...base } = args;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.dataFormat = checkDataFormat(owner, dataFormat);
  }

  /** `images`: float32, [batch, height, width, channels]. */
  protected abstract transformBatch(images: tf.Tensor4D): tf.Tensor4D;

  /** The input's dtype when it is an integer one and the layer should give it back (Resizing). */
  protected keepsIntegerDtype(): boolean {
    return false;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean } = {}): tf.Tensor {
    return tf.tidy(() => {
      const input = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (input.rank !== 3 && input.rank !== 4) {
        throw new RangeError(`${this.getClassName()}: Expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: data.shape=(${input.shape.join(", ")})`);
      }
      const x = tf.cast(input, "float32");
      if (this.randomLayer && kwargs.training !== true) return x;
      const batched = (x.rank === 3 ? tf.expandDims(x, 0) : x) as tf.Tensor4D;
      const nhwc = this.dataFormat === "channels_first" ? tf.transpose(batched, [0, 2, 3, 1]) : batched;
      const out = this.transformBatch(nhwc);
      const back = this.dataFormat === "channels_first" ? tf.transpose(out, [0, 3, 1, 2]) : out;
      let result: tf.Tensor = x.rank === 3 ? tf.squeeze(back, [0]) : back;
      if (this.keepsIntegerDtype() && input.dtype === "int32") result = tf.cast(tf.round(result), "int32");
      return result;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** Draws `count` uniform numbers in [minval, maxval) with the stream's next seed. */
export function drawUniform(seeds: SeedStream, count: number, minval: number, maxval: number): number[] {
  return tf.tidy(() => Array.from(tf.randomUniform([count], minval, maxval, "float32", seeds.next()).dataSync()));
}

const f32 = Math.fround;

/** TF's MapCoordinate for each fill mode (image_ops.h), in float32. */
function mapCoord(coord: number, len: number, mode: FillMode): number {
  let c = coord;
  if (mode === "constant") return c;
  if (mode === "nearest") return Math.min(Math.max(c, 0), len - 1);
  if (mode === "reflect") {
    if (c < 0) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        if (c < sz2) c = f32(sz2 * Math.trunc(-c / sz2) + c);
        c = c < -len ? f32(c + sz2) : f32(-c - 1);
      }
    } else if (c > len - 1) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        c = f32(c - sz2 * Math.trunc(c / sz2));
        if (c >= len) c = f32(sz2 - c - 1);
      }
    }
  } else {
    // wrap
    if (c < 0) {
      if (len <= 1) c = 0;
      else {
        const sz = len - 1;
        c = f32(c + len * (Math.trunc(-c / sz) + 1));
      }
    } else if (c > len - 1) {
      if (len <= 1) c = 0;
      else {
        const sz = len - 1;
        c = f32(c - len * Math.trunc(c / sz));
      }
    }
  }
  return Math.min(Math.max(c, 0), len - 1);
}

/** std::round: halves away from zero. */
const roundAway = (v: number) => Math.sign(v) * Math.round(Math.abs(v));

/**
 * TF's ImageProjectiveTransformV3 on a channels_last float32 batch: each output pixel (x, y) reads
 * the input at ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k), k = c0·x + c1·y + 1, with `transforms`
 * one 8-number map per image (or one for all).
 */
export function projectiveTransform(images: tf.Tensor4D, transforms: ArrayLike<number>[], interpolation: TransformInterpolation, fillMode: FillMode, fillValue: number): tf.Tensor4D {
  const [n, h, w, ch] = images.shape;
  const src = images.dataSync() as Float32Array;
  const out = new Float32Array(n * h * w * ch);
  const fill = f32(fillValue);
  const rowStride = w * ch;
  const batchStride = h * rowStride;
  for (let b = 0; b < n; b++) {
    const t = Array.from(transforms[transforms.length === 1 ? 0 : b]!, f32);
    const base = b * batchStride;
    const read = (y: number, x: number, c: number) => (y >= 0 && y < h && x >= 0 && x < w ? src[base + y * rowStride + x * ch + c]! : fill);
    for (let oy = 0; oy < h; oy++) {
      for (let ox = 0; ox < w; ox++) {
        const o = base + oy * rowStride + ox * ch;
        const projection = f32(f32(f32(t[6]! * ox) + f32(t[7]! * oy)) + 1);
        if (projection === 0) {
          for (let c = 0; c < ch; c++) out[o + c] = fill;
          continue;
        }
        const inX = f32(f32(f32(f32(t[0]! * ox) + f32(t[1]! * oy)) + t[2]!) / projection);
        const inY = f32(f32(f32(f32(t[3]! * ox) + f32(t[4]! * oy)) + t[5]!) / projection);
        const x = mapCoord(inX, w, fillMode);
        const y = mapCoord(inY, h, fillMode);
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          for (let c = 0; c < ch; c++) out[o + c] = fill;
          continue;
        }
        if (interpolation === "nearest") {
          const yi = roundAway(y);
          const xi = roundAway(x);
          for (let c = 0; c < ch; c++) out[o + c] = read(yi, xi, c);
        } else {
          const yFloor = Math.floor(y);
          const xFloor = Math.floor(x);
          const yCeil = yFloor + 1;
          const xCeil = xFloor + 1;
          const wxc = f32(xCeil - x);
          const wxf = f32(x - xFloor);
          const wyc = f32(yCeil - y);
          const wyf = f32(y - yFloor);
          for (let c = 0; c < ch; c++) {
            const top = f32(f32(wxc * read(yFloor, xFloor, c)) + f32(wxf * read(yFloor, xCeil, c)));
            const bottom = f32(f32(wxc * read(yCeil, xFloor, c)) + f32(wxf * read(yCeil, xCeil, c)));
            out[o + c] = f32(f32(wyc * top) + f32(wyf * bottom));
          }
        }
      }
    }
  }
  return tf.tensor4d(out, [n, h, w, ch], "float32");
}

/**
 * Keras's `_compute_affine_matrix` for one image: rotation `angle`, shears in degrees, scale and
 * translation in pixels, about the centre (centerX·(width−1), centerY·(height−1)). Float32 as Keras.
 */
export function affineMatrix(p: { centerX: number; centerY: number; angle: number; translateX: number; translateY: number; scale: number; shearX: number; shearY: number; height: number; width: number }): number[] {
  const rad = f32(Math.PI / 180);
  const angle = f32(p.angle * rad);
  const shx = f32(Math.tan(f32(p.shearX * rad)));
  const shy = f32(Math.tan(f32(p.shearY * rad)));
  const cx = f32(p.centerX * (p.width - 1));
  const cy = f32(p.centerY * (p.height - 1));
  const cos = f32(Math.cos(angle));
  const sin = f32(Math.sin(angle));
  const a0 = f32(p.scale * f32(cos + f32(shx * sin)));
  const a1 = f32(p.scale * f32(-sin + f32(shx * cos)));
  const a2 = f32(f32(f32(p.translateX + cx) - f32(cx * a0)) - f32(cy * a1));
  const b0 = f32(p.scale * f32(f32(shy * cos) + sin));
  const b1 = f32(p.scale * f32(f32(shy * -sin) + cos));
  const b2 = f32(f32(f32(p.translateY + cy) - f32(cx * b0)) - f32(cy * b1));
  return [a0, a1, a2, b0, b1, b2, 0, 0];
}

export type ResizeInterpolation = "bilinear" | "nearest";

/**
 * Keras's TF-backend `resize` on a channels_last float32 batch: optionally the largest centred
 * window of the target's aspect ratio (cropToAspectRatio), or the image padded evenly on its short
 * side with `fillValue` to that ratio (padToAspectRatio), then tf.image.resize (half-pixel centres).
 */
export function resizeImages(images: tf.Tensor4D, height: number, width: number, interpolation: ResizeInterpolation, crop: boolean, pad: boolean, fillValue: number): tf.Tensor4D {
  let x = images;
  const [n, h, w, c] = x.shape;
  if (crop) {
    const cropH = Math.max(Math.min(h, Math.trunc(f32(f32(w * height) / width))), 1);
    const cropW = Math.max(Math.min(w, Math.trunc(f32(f32(h * width) / height))), 1);
    const hStart = Math.trunc((h - cropH) / 2);
    const wStart = Math.trunc((w - cropW) / 2);
    x = tf.slice(x, [0, hStart, wStart, 0], [n, cropH, cropW, c]) as tf.Tensor4D;
  } else if (pad) {
    const padH = Math.max(h, Math.trunc(f32(f32(w * height) / width)));
    const padW = Math.max(w, Math.trunc(f32(f32(h * width) / height)));
    const hStart = Math.trunc((padH - h) / 2);
    const wStart = Math.trunc((padW - w) / 2);
    if (hStart > 0) {
      const band = tf.fill([n, hStart, w, c], fillValue, "float32");
      x = tf.concat([band, x, band], 1) as tf.Tensor4D;
    }
    if (wStart > 0) {
      const band = tf.fill([n, x.shape[1], wStart, c], fillValue, "float32");
      x = tf.concat([band, x, band], 2) as tf.Tensor4D;
    }
  }
  return interpolation === "nearest" ? tf.image.resizeNearestNeighbor(x, [height, width], false, true) : tf.image.resizeBilinear(x, [height, width], false, true);
}
