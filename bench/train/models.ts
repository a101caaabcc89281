import * as tf from "@tensorflow/tfjs";

/** The benchmark models; `bench/train/torch_peer.py` builds the same ones in PyTorch. */
export interface TrainModel {
  name: string;
  batchSize: number;
  build(): tf.LayersModel;
  /** One batch of synthetic inputs and labels (data loading is not what we measure). */
  batch(): { x: tf.Tensor; y: tf.Tensor };
}

export const trainModels: TrainModel[] = [
  {
    name: "MLP 784-256-256-10",
    batchSize: 128,
    build: () => tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 256, activation: "relu" }),
        tf.layers.dense({ units: 256, activation: "relu" }),
        tf.layers.dense({ units: 10, activation: "softmax" }),
      ],
    }),
    batch: () => ({ x: tf.randomUniform([128, 784]), y: tf.oneHot(tf.randomUniform([128], 0, 10, "int32"), 10) }),
  },
  {
    name: "CNN 28×28 (conv32-pool-conv64-pool-dense128)",
    batchSize: 64,
    build: () => tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 128, activation: "relu" }),
        tf.layers.dense({ units: 10, activation: "softmax" }),
      ],
    }),
    batch: () => ({ x: tf.randomUniform([64, 28, 28, 1]), y: tf.oneHot(tf.randomUniform([64], 0, 10, "int32"), 10) }),
  },
  {
    name: "Embedding(10000,64)+LSTM(64), length 50",
    batchSize: 64,
    build: () => tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 10000, outputDim: 64, inputLength: 50 }),
        tf.layers.lstm({ units: 64 }),
        tf.layers.dense({ units: 1, activation: "sigmoid" }),
      ],
    }),
    batch: () => ({ x: tf.randomUniform([64, 50], 0, 10000, "int32"), y: tf.randomUniform([64, 1]).round() }),
  },
];

export function compile(model: tf.LayersModel, name: string): void {
  const binary = name.startsWith("Embedding");
  model.compile({ optimizer: tf.train.adam(1e-3), loss: binary ? "binaryCrossentropy" : "categoricalCrossentropy" });
}
