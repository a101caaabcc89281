import * as tf from "@tensorflow/tfjs";
import { keras } from "../../lib/keras/index.js";

/** The benchmark models; `bench/train/torch_peer.py` builds the same ones in PyTorch. */
export interface TrainModel {
  name: string;
  /** This model's key in torch_peer.py's JSON (the tables pair columns by it, not by position). */
  peerKey: string;
  batchSize: number;
  /** A compiled model, ready for trainOnBatch. */
  build(): tf.LayersModel;
  /** One batch of synthetic inputs and labels (data loading is not what we measure). */
  batch(): { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor };
}

/** What users write: the keras namespace, Keras's Adam (learning rate 1e-3, epsilon 1e-7). */
function compileKeras(model: tf.LayersModel, loss: tf.ModelCompileArgs["loss"]): tf.LayersModel {
  model.compile({ optimizer: keras.optimizers.Adam(), loss });
  return model;
}

// The seed's video-QA model at the notebook's small size (notebooks/01-video-qa.ipynb): frames at
// InceptionV3's minimum of 75×75, 4 frames per clip, questions of 100 word ids.
const qa = { batchSize: 4, frames: 4, frameSize: 75, questionLength: 100, vocabularySize: 10000, answers: 1000 };
// Real words then 0-padding, so the question LSTM's mask matters; the peer packs the same lengths.
export const videoQaQuestionLengths = [100, 70, 40, 10];

/** The notebook's model, line for line through our `keras` (random weights: no download in a bench). */
function videoQa(): tf.LayersModel {
  const video = keras.Input({ shape: [null, qa.frameSize, qa.frameSize, 3] });
  const cnn = keras.applications.InceptionV3({ weights: null, includeTop: false, pooling: "avg" });
  cnn.trainable = false;
  const encodedFrames = keras.layers.TimeDistributed(cnn).apply(video);
  const encodedVid = keras.layers.LSTM(256).apply(encodedFrames);
  const question = keras.Input({ shape: [qa.questionLength], dtype: "int32" });
  let x = keras.layers.Embedding(qa.vocabularySize, 256, { maskZero: true }).apply(question);
  const encodedQ = keras.layers.LSTM(128).apply(x);
  x = keras.layers.concatenate([encodedVid, encodedQ]);
  x = keras.layers.Dense(128, { activation: "relu" }).apply(x);
  const outputs = keras.layers.Dense(qa.answers).apply(x);
  const model = keras.Model([video, question], outputs);
  model.compile({ optimizer: keras.optimizers.Adam(), loss: keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  return model;
}

function videoQaBatch(): { x: tf.Tensor[]; y: tf.Tensor } {
  const videos = tf.randomUniform([qa.batchSize, qa.frames, qa.frameSize, qa.frameSize, 3]);
  const words = tf.randomUniform([qa.batchSize, qa.questionLength], 1, qa.vocabularySize, "int32");
  const keep = tf.tensor2d(
    videoQaQuestionLengths.map((length) => Array.from({ length: qa.questionLength }, (_, i) => (i < length ? 1 : 0))),
    undefined,
    "int32",
  );
  const questions = tf.mul(words, keep);
  tf.dispose([words, keep]);
  return { x: [videos, questions], y: tf.randomUniform([qa.batchSize], 0, qa.answers, "int32") };
}

export const trainModels: TrainModel[] = [
  {
    name: "MLP 784-256-256-10",
    peerKey: "MLP",
    batchSize: 128,
    build: () => compileKeras(keras.Sequential([
      keras.Input({ shape: [784] }),
      keras.layers.Dense(256, { activation: "relu" }),
      keras.layers.Dense(256, { activation: "relu" }),
      keras.layers.Dense(10, { activation: "softmax" }),
    ]), keras.losses.CategoricalCrossentropy()),
    batch: () => tf.tidy(() => ({ x: tf.randomUniform([128, 784]), y: tf.oneHot(tf.randomUniform([128], 0, 10, "int32"), 10) })),
  },
  {
    name: "CNN 28×28 (conv32-pool-conv64-pool-dense128)",
    peerKey: "CNN",
    batchSize: 64,
    build: () => compileKeras(keras.Sequential([
      keras.Input({ shape: [28, 28, 1] }),
      keras.layers.Conv2D(32, 3, { activation: "relu" }),
      keras.layers.MaxPooling2D(2),
      keras.layers.Conv2D(64, 3, { activation: "relu" }),
      keras.layers.MaxPooling2D(2),
      keras.layers.Flatten(),
      keras.layers.Dense(128, { activation: "relu" }),
      keras.layers.Dense(10, { activation: "softmax" }),
    ]), keras.losses.CategoricalCrossentropy()),
    batch: () => tf.tidy(() => ({ x: tf.randomUniform([64, 28, 28, 1]), y: tf.oneHot(tf.randomUniform([64], 0, 10, "int32"), 10) })),
  },
  {
    name: "Embedding(10000,64)+LSTM(64), length 50",
    peerKey: "EmbeddingLSTM",
    batchSize: 64,
    build: () => compileKeras(keras.Sequential([
      keras.Input({ shape: [50], dtype: "int32" }),
      keras.layers.Embedding(10000, 64),
      keras.layers.LSTM(64),
      keras.layers.Dense(1, { activation: "sigmoid" }),
    ]), keras.losses.BinaryCrossentropy()),
    batch: () => tf.tidy(() => ({ x: tf.randomUniform([64, 50], 0, 10000, "int32"), y: tf.randomUniform([64, 1]).round() })),
  },
  {
    name: `video QA (frozen InceptionV3 ${qa.frames}×${qa.frameSize}², LSTM256 + Embedding/LSTM128 q${qa.questionLength})`,
    peerKey: "VideoQA",
    batchSize: qa.batchSize,
    build: videoQa,
    batch: videoQaBatch,
  },
];
