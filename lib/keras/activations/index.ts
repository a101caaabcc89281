// keras.activations: Keras 3's activation functions, and get / serialize / deserialize.
export {
  relu, leakyRelu, relu6, softmax, elu, selu, softplus, softsign, softShrink, sparsePlus, silu, swish, squareplus,
  gelu, celu, glu, tanh, tanhShrink, hardTanh, hardShrink, threshold, sigmoid, exponential, hardSigmoid, logSigmoid,
  sparseSigmoid, hardSilu, hardSwish, linear, mish, logSoftmax, sparsemax,
} from "./activations.js";
export type {
  ActivationInput, KerasActivation, ReluOptions, NegativeSlopeOptions, AxisOptions, AxesOptions, AlphaOptions,
  ThresholdOptions, SquareplusOptions, GeluOptions,
} from "./activations.js";
export { get, serialize, deserialize, ACTIVATION_NAMES } from "./get.js";
