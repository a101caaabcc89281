/**
 * Keras 3's CenterCrop (keras/src/layers/preprocessing/image_preprocessing/center_crop.py): the
 * centred (height, width) window; an image smaller than that on either side is instead cropped to
 * the target's aspect ratio and resized to it (Keras's `smart_resize`, bilinear). tfjs has no
 * such layer (its tf.image.cropAndResize is a different operation).
 */
import * as tf from "@tensorflow/tfjs";
import { ImagePreprocessingLayer, resizeImages, type ImageLayerArgs } from "./image_transform.js";
import { checkSize, resizedShape } from "./resizing.js";

export interface CenterCropArgs extends ImageLayerArgs {
  height: number;
  width: number;
}

export class CenterCropLayer extends ImagePreprocessingLayer {
  static className = "CenterCrop";
  protected override readonly randomLayer = false;
  readonly height: number;
  readonly width: number;

  constructor(args: CenterCropArgs) {
    const { height, width, ...base } = args;
    super(base, "CenterCrop");
    checkSize("CenterCrop", height, width);
    this.height = height;
    this.width = width;
  }

  protected transformBatch(images: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w, c] = images.shape;
    const hDiff = h - this.height;
    const wDiff = w - this.width;
    if (hDiff >= 0 && wDiff >= 0) return tf.slice(images, [0, Math.floor(hDiff / 2), Math.floor(wDiff / 2), 0], [n, this.height, this.width, c]);
    return resizeImages(images, this.height, this.width, "bilinear", true, false, 0);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return resizedShape(inputShape, this.dataFormat, this.height, this.width);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}
tf.serialization.registerClass(CenterCropLayer);
