/**
 * A private layer that applies an application's `preprocessInput` inside a functional model,
 * for Keras's pattern `x = keras.applications.resnet50.preprocess_input(inputs)` on a symbolic
 * input. Registered for serialization so saved models that contain it load again.
 */
import * as tf from "@tensorflow/tfjs";

export type PreprocessMode = "caffe" | "tf" | "torch";
export type DataFormat = "channels_last" | "channels_first";

export interface ImagenetPreprocessingArgs {
  mode: PreprocessMode;
  dataFormat: DataFormat;
  name?: string;
}

const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];
const TORCH_MEAN = [0.485, 0.456, 0.406];
const TORCH_STD = [0.229, 0.224, 0.225];

/** The preprocessing math of Keras's `imagenet_utils._preprocess_tensor_input` on a concrete tensor. */
export function preprocessTensor(x: tf.Tensor, mode: PreprocessMode, dataFormat: DataFormat): tf.Tensor {
  return tf.tidy(() => {
    let y = x.dtype === "float32" ? x : x.toFloat();
    if (mode === "tf") return y.div(127.5).sub(1);
    const channelAxis = dataFormat === "channels_last" ? y.rank - 1 : y.rank === 3 ? 0 : 1;
    const channels = y.shape[channelAxis];
    if (channels !== 3) {
      throw new Error(
        `preprocessInput (mode "${mode}", ${dataFormat}) needs 3 colour channels on axis ${channelAxis}; received shape [${y.shape.join(", ")}].`,
      );
    }
    const broadcast = y.shape.map((_, i) => (i === channelAxis ? 3 : 1));
    let mean: number[];
    let std: number[] | null = null;
    if (mode === "torch") {
      y = y.div(255);
      mean = TORCH_MEAN;
      std = TORCH_STD;
    } else {
      y = tf.reverse(y, channelAxis); // RGB -> BGR
      mean = CAFFE_MEAN_BGR;
    }
    y = y.sub(tf.tensor(mean, broadcast, "float32"));
    if (std !== null) y = y.div(tf.tensor(std, broadcast, "float32"));
    return y;
  });
}

export class ImagenetPreprocessing extends tf.layers.Layer {
  static className = "TslabKerasImagenetPreprocessing";
  readonly mode: PreprocessMode;
  readonly dataFormat: DataFormat;

  constructor(args: ImagenetPreprocessingArgs) {
    super({ name: args.name });
    this.mode = args.mode;
    this.dataFormat = args.dataFormat;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return preprocessTensor(x, this.mode, this.dataFormat);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, dataFormat: this.dataFormat };
  }
}

tf.serialization.registerClass(ImagenetPreprocessing);
