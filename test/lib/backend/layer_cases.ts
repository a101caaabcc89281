import * as tf from "@tensorflow/tfjs";
import { GRULayer } from "../../../lib/keras/layers/gru_cell.js";
import * as layers from "../../../lib/keras/layers/index.js";

/**
 * One small model per Keras layer (and the raw ops MultiHeadAttention/Attention use), shared by
 * the per-backend gradient test. Shapes are tiny: WebGPU runs on Mesa's software GL in CI.
 */
export interface LayerCase {
  name: string;
  /** Input shapes without batch; "int" inputs are token ids below 20. */
  inputs: { shape: number[]; int?: boolean }[];
  /** Builds the forward function on the current backend (a tf.LayersModel, or raw ops). */
  build(): tf.LayersModel;
  /** Dropout only: run in inference mode so both backends compute the same function. */
  inference?: boolean;
}

function single(shape: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape });
  let out: tf.SymbolicTensor = input;
  for (const layer of layers) out = layer.apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function merged(shapes: number[][], make: () => tf.layers.Layer, after?: tf.layers.Layer): tf.LayersModel {
  const inputs = shapes.map((shape) => tf.input({ shape }));
  let out = make().apply(inputs) as tf.SymbolicTensor;
  if (after) out = after.apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: out });
}

/** Scaled dot-product attention written with the ops tfjs MultiHeadAttention/Attention use. */
class RawAttention extends tf.layers.Layer {
  static readonly className = "RawAttention";
  private wq!: tf.LayerVariable;
  private wk!: tf.LayerVariable;
  private wv!: tf.LayerVariable;
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = (inputShape as number[])[2]!;
    this.wq = this.addWeight("wq", [dim, 4], "float32", tf.initializers.glorotUniform({ seed: 1 }));
    this.wk = this.addWeight("wk", [dim, 4], "float32", tf.initializers.glorotUniform({ seed: 2 }));
    this.wv = this.addWeight("wv", [dim, 4], "float32", tf.initializers.glorotUniform({ seed: 3 }));
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [shape[0]!, shape[1]!, 4];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      // tfjs has no Einsum gradient, so projections are batched matMuls.
      const project = (w: tf.LayerVariable) =>
        tf.matMul(x, tf.tile(tf.expandDims(w.read(), 0), [x.shape[0], 1, 1]) as tf.Tensor3D);
      const q = project(this.wq) as tf.Tensor3D;
      const k = project(this.wk) as tf.Tensor3D;
      const v = project(this.wv) as tf.Tensor3D;
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(4));
      const weights = tf.softmax(scores);
      const context = tf.matMul(weights, v);
      // The transposeA product appears in attention's gradient; exercise it in the forward too.
      const gram = tf.matMul(context, context, true, false);
      return tf.add(context, tf.mean(gram, 1, true).slice([0, 0, 0], [-1, 1, 4]));
    });
  }
}
tf.serialization.registerClass(RawAttention);

export const layerCases: LayerCase[] = [
  { name: "Dense", inputs: [{ shape: [5] }], build: () => single([5], tf.layers.dense({ units: 3, activation: "tanh" })) },
  { name: "Activation", inputs: [{ shape: [5] }], build: () => single([5], tf.layers.activation({ activation: "softmax" })) },
  { name: "Dropout", inputs: [{ shape: [5] }], inference: true, build: () => single([5], tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 2 })) },
  { name: "Flatten", inputs: [{ shape: [2, 3] }], build: () => single([2, 3], tf.layers.flatten(), tf.layers.dense({ units: 2 })) },
  { name: "Reshape", inputs: [{ shape: [6] }], build: () => single([6], tf.layers.reshape({ targetShape: [3, 2] }), tf.layers.dense({ units: 2 })) },
  { name: "Permute", inputs: [{ shape: [2, 3] }], build: () => single([2, 3], tf.layers.permute({ dims: [2, 1] }), tf.layers.dense({ units: 2 })) },
  { name: "RepeatVector", inputs: [{ shape: [3] }], build: () => single([3], tf.layers.repeatVector({ n: 2 }), tf.layers.dense({ units: 2 })) },
  { name: "Embedding", inputs: [{ shape: [4], int: true }], build: () => single([4], tf.layers.embedding({ inputDim: 20, outputDim: 3 }), tf.layers.flatten()) },
  { name: "LSTM", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], tf.layers.lstm({ units: 3 })) },
  { name: "GRU", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], tf.layers.gru({ units: 3, returnSequences: true })) },
  { name: "GRU reset_after", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], new GRULayer({ units: 3, returnSequences: true })) },
  { name: "SimpleRNN", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], tf.layers.simpleRNN({ units: 3 })) },
  { name: "Bidirectional", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2 }) as tf.RNN })) },
  { name: "TimeDistributed", inputs: [{ shape: [3, 2] }], build: () => single([3, 2], tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) })) },
  { name: "Conv1D", inputs: [{ shape: [6, 2] }], build: () => single([6, 2], tf.layers.conv1d({ filters: 3, kernelSize: 3, padding: "same" })) },
  { name: "Conv2D", inputs: [{ shape: [5, 5, 2] }], build: () => single([5, 5, 2], tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: "same" })) },
  { name: "Conv2D valid", inputs: [{ shape: [6, 6, 2] }], build: () => single([6, 6, 2], tf.layers.conv2d({ filters: 2, kernelSize: [2, 3] })) },
  { name: "Conv2DTranspose", inputs: [{ shape: [3, 3, 2] }], build: () => single([3, 3, 2], tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: "same" })) },
  { name: "SeparableConv2D", inputs: [{ shape: [5, 5, 2] }], build: () => single([5, 5, 2], tf.layers.separableConv2d({ filters: 3, kernelSize: 3 })) },
  { name: "DepthwiseConv2D", inputs: [{ shape: [5, 5, 2] }], build: () => single([5, 5, 2], tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "same" })) },
  { name: "MaxPooling1D", inputs: [{ shape: [6, 2] }], build: () => single([6, 2], tf.layers.maxPooling1d({ poolSize: 2 })) },
  { name: "MaxPooling2D", inputs: [{ shape: [4, 4, 2] }], build: () => single([4, 4, 2], tf.layers.maxPooling2d({ poolSize: 2 })) },
  { name: "AveragePooling2D", inputs: [{ shape: [4, 4, 2] }], build: () => single([4, 4, 2], tf.layers.averagePooling2d({ poolSize: 2 })) },
  { name: "GlobalAveragePooling1D", inputs: [{ shape: [4, 2] }], build: () => single([4, 2], tf.layers.globalAveragePooling1d()) },
  { name: "GlobalMaxPooling1D", inputs: [{ shape: [4, 2] }], build: () => single([4, 2], tf.layers.globalMaxPooling1d()) },
  { name: "GlobalAveragePooling2D", inputs: [{ shape: [3, 3, 2] }], build: () => single([3, 3, 2], tf.layers.globalAveragePooling2d({})) },
  { name: "GlobalMaxPooling2D", inputs: [{ shape: [3, 3, 2] }], build: () => single([3, 3, 2], tf.layers.globalMaxPooling2d({})) },
  { name: "ZeroPadding2D", inputs: [{ shape: [2, 2, 1] }], build: () => single([2, 2, 1], tf.layers.zeroPadding2d({ padding: 1 }), tf.layers.conv2d({ filters: 1, kernelSize: 2 })) },
  { name: "BatchNormalization", inputs: [{ shape: [4] }], build: () => single([4], tf.layers.batchNormalization()) },
  { name: "LayerNormalization", inputs: [{ shape: [4] }], build: () => single([4], tf.layers.layerNormalization()) },
  { name: "Concatenate", inputs: [{ shape: [2] }, { shape: [3] }], build: () => merged([[2], [3]], () => tf.layers.concatenate(), tf.layers.dense({ units: 2 })) },
  { name: "Add", inputs: [{ shape: [3] }, { shape: [3] }], build: () => merged([[3], [3]], () => tf.layers.add()) },
  { name: "Multiply", inputs: [{ shape: [3] }, { shape: [3] }], build: () => merged([[3], [3]], () => tf.layers.multiply()) },
  { name: "Average", inputs: [{ shape: [3] }, { shape: [3] }], build: () => merged([[3], [3]], () => tf.layers.average()) },
  { name: "Dot", inputs: [{ shape: [3] }, { shape: [3] }], build: () => merged([[3], [3]], () => tf.layers.dot({ axes: 1, normalize: true })) },
  { name: "Rescaling", inputs: [{ shape: [3] }], build: () => single([3], tf.layers.rescaling({ scale: 0.5, offset: 1 }), tf.layers.dense({ units: 2 })) },
  { name: "Attention (raw ops)", inputs: [{ shape: [3, 4] }], build: () => single([3, 4], new RawAttention({})) },
  // Keras behaviours we implement over tfjs's (ARCHITECTURE.md, "tfjs behaviours we replace").
  { name: "BatchNormalization axis 1", inputs: [{ shape: [3, 4] }], build: () => single([3, 4], layers.BatchNormalization({ axis: 1 })) },
  { name: "Conv1D causal, dilated, grouped, channels_first", inputs: [{ shape: [4, 6] }], build: () => single([4, 6], layers.Conv1D(4, 2, { padding: "causal", dilationRate: 2, dataFormat: "channels_first", groups: 2 })) },
  { name: "Conv2D dilated, grouped", inputs: [{ shape: [6, 6, 2] }], build: () => single([6, 6, 2], layers.Conv2D(2, 2, { dilationRate: 2, groups: 2 })) },
  { name: "DepthwiseConv2D dilated", inputs: [{ shape: [5, 5, 2] }], build: () => single([5, 5, 2], layers.DepthwiseConv2D(2, { dilationRate: 2, padding: "same" })) },
  { name: "MaxPooling1D channels_first", inputs: [{ shape: [2, 6] }], build: () => single([2, 6], layers.MaxPooling1D(2, { dataFormat: "channels_first" })) },
  { name: "Conv2DTranspose outputPadding, dilated", inputs: [{ shape: [3, 3, 2] }], build: () => single([3, 3, 2], layers.Conv2DTranspose(2, 2, { strides: 2, outputPadding: 1, dilationRate: 2, padding: "same" })) },
  { name: "AveragePooling1D same", inputs: [{ shape: [6, 2] }], build: () => single([6, 2], layers.AveragePooling1D(3, { strides: 2, padding: "same" })) },
  { name: "MaxPooling3D same, strides above the pool", inputs: [{ shape: [3, 5, 4, 2] }], build: () => single([3, 5, 4, 2], layers.MaxPooling3D([1, 2, 1], { strides: [2, 3, 2], padding: "same" })) },
  { name: "AveragePooling3D same, channels_first", inputs: [{ shape: [2, 3, 4, 5] }], build: () => single([2, 3, 4, 5], layers.AveragePooling3D([2, 3, 2], { strides: [1, 2, 2], padding: "same", dataFormat: "channels_first" })) },
  { name: "GlobalAveragePooling3D keepdims", inputs: [{ shape: [2, 3, 2, 2] }], build: () => single([2, 3, 2, 2], layers.GlobalAveragePooling3D({ keepdims: true })) },
  { name: "GlobalMaxPooling3D channels_first", inputs: [{ shape: [2, 3, 2, 2] }], build: () => single([2, 3, 2, 2], layers.GlobalMaxPooling3D({ dataFormat: "channels_first" })) },
  { name: "AveragePooling2D same", inputs: [{ shape: [5, 4, 2] }], build: () => single([5, 4, 2], layers.AveragePooling2D([2, 3], { strides: 2, padding: "same" })) },
];
