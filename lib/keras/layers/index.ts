/**
 * keras.layers: Keras 3 layer names and Python's positional argument order, then one camelCase
 * options object. Every factory returns a tf.layers.Layer (tfjs's own class where it exists,
 * ours where tfjs lacks the layer), callable with `.apply(x)`.
 */
import { installActivityRegularization } from "./activity_regularization.js";
import "./apply_types.js";
import { installBatchNormalizationBehaviour } from "./batch_normalization_behaviour.js";
import { installDepthwiseDilation } from "./depthwise_dilation.js";
import { installExecutorMaskFix } from "./executor_mask_fix.js";
import { installLayerLosses } from "./layer_losses.js";
import "./orthogonal_initializer.js";
import { installReshapeInference } from "./reshape_inference.js";
import { installRnnBehaviour } from "./rnn_behaviour.js";
import { installTimeDistributedBehaviour } from "./time_distributed_behaviour.js";

installBatchNormalizationBehaviour();
installDepthwiseDilation();
installExecutorMaskFix();
installReshapeInference();
installRnnBehaviour();
installTimeDistributedBehaviour();
// Last: its apply wraps the ones above (RNN's included), so the penalty is of the final outputs.
installLayerLosses();
installActivityRegularization();

export { Input } from "./input.js";
export type { InputOptions } from "./input.js";
export { Dense, Activation, Dropout, Flatten, Reshape, Permute, RepeatVector, Embedding, Masking } from "./core.js";
export type { DenseOptions, DropoutOptions, FlattenOptions, EmbeddingOptions, MaskingOptions, ActivationName, ActivationSpec, ActivationFunction, InitializerName, DataFormat } from "./core.js";
export { LSTM, GRU, SimpleRNN } from "./recurrent.js";
export type { RecurrentOptions, LSTMOptions, GRUOptions } from "./recurrent.js";
export { GRULayer, ResetAfterGRUCell, ResetBeforeGRUCell } from "./gru_cell.js";
export { SimpleRNNCell, LSTMCell, GRUCell, KerasSimpleRNNCell, KerasLSTMCell } from "./rnn_cells.js";
export type { RNNCellOptions, LSTMCellOptions, GRUCellOptions } from "./rnn_cells.js";
export { RNN, KerasRNN, StackedRNNCells, KerasStackedRNNCells } from "./rnn.js";
export type { RNNOptions } from "./rnn.js";
export type { GRULayerArgs } from "./gru_cell.js";
export { TimeDistributed, Bidirectional } from "./wrappers.js";
export type { BidirectionalOptions } from "./wrappers.js";
export { Conv1D, Conv2D, Conv2DTranspose, SeparableConv1D, SeparableConv2D, DepthwiseConv2D } from "./convolutional.js";
export { SeparableConv1DLayer, SeparableConv2DLayer } from "./separable_conv.js";
export type { Conv1DOptions, Conv2DOptions, Conv2DTransposeOptions, SeparableConv1DOptions, SeparableConv2DOptions, DepthwiseConv2DOptions } from "./convolutional.js";
export {
  MaxPooling1D,
  AveragePooling1D,
  MaxPooling2D,
  AveragePooling2D,
  MaxPooling3D,
  AveragePooling3D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  GlobalAveragePooling3D,
  GlobalMaxPooling3D,
} from "./pooling.js";
export type { PoolingOptions, Pooling1DOptions, Pooling2DOptions, Pooling3DOptions, GlobalPoolingOptions } from "./pooling.js";
export { ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D } from "./reshaping.js";
export type { SpatialOptions, ZeroPaddingOptions, ZeroPadding2DOptions, CroppingOptions, Cropping1DOptions, UpSampling1DOptions, UpSampling2DOptions, UpSampling3DOptions, Spatial2D, Spatial3D } from "./reshaping.js";
export { ZeroPadding1DLayer, ZeroPadding2DLayer, ZeroPadding3DLayer } from "./zero_padding.js";
export { Cropping1DLayer, Cropping2DLayer, Cropping3DLayer } from "./cropping.js";
export { UpSampling1DLayer, UpSampling2DLayer, UpSampling3DLayer } from "./up_sampling.js";
export { BatchNormalization, LayerNormalization } from "./normalization.js";
export type { BatchNormalizationOptions, LayerNormalizationOptions } from "./normalization.js";
export {
  Concatenate,
  concatenate,
  Add,
  add,
  Subtract,
  subtract,
  SubtractLayer,
  Multiply,
  multiply,
  Average,
  average,
  Maximum,
  maximum,
  Minimum,
  minimum,
  Dot,
  dot,
} from "./merging.js";
export type { ConcatenateOptions, DotOptions } from "./merging.js";
export { Rescaling, Normalization, NormalizationLayer, CategoryEncoding, Discretization } from "./preprocessing.js";
export type { RescalingOptions, RescalingFactor, NormalizationOptions, AdaptData, CategoryEncodingOptions, DiscretizationOptions } from "./preprocessing.js";
export { DiscretizationLayer } from "./discretization.js";
export type { DiscretizationData } from "./discretization.js";
export { CategoryEncodingLayer } from "./category_encoding.js";
export { StringLookup, IntegerLookup, Hashing, TextVectorization } from "./text_preprocessing.js";
export type { StringLookupOptions, IntegerLookupOptions, HashingOptions, TextVectorizationOptions } from "./text_preprocessing.js";
export { StringLookupLayer } from "./string_lookup.js";
export { IntegerLookupLayer } from "./integer_lookup.js";
export { HashingLayer } from "./hashing.js";
export { TextVectorizationLayer } from "./text_vectorization.js";
export type { Standardizer, Splitter } from "./text_vectorization.js";
export type { LookupOutputMode, Token } from "./index_lookup.js";
export { Resizing, CenterCrop, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast } from "./image_preprocessing.js";
export type { ImageLayerOptions, AffineLayerOptions, ResizingOptions, RandomFlipOptions, RandomZoomOptions, RandomContrastOptions } from "./image_preprocessing.js";
export { ResizingLayer } from "./resizing.js";
export { CenterCropLayer } from "./center_crop.js";
export { RandomFlipLayer } from "./random_flip.js";
export { RandomRotationLayer } from "./random_rotation.js";
export { RandomZoomLayer } from "./random_zoom.js";
export { RandomTranslationLayer } from "./random_translation.js";
export { RandomContrastLayer } from "./random_contrast.js";
export type { Factor, FillMode, TransformInterpolation } from "./image_transform.js";
export type { ResizingInterpolation } from "./resizing.js";
export type { RandomFlipMode } from "./random_flip.js";
export { Attention, AttentionLayer } from "./attention.js";
export type { AttentionOptions } from "./attention.js";
export { AdditiveAttention, AdditiveAttentionLayer } from "./additive_attention.js";
export type { AdditiveAttentionOptions } from "./additive_attention.js";
export { MultiHeadAttention, MultiHeadAttentionLayer } from "./multi_head_attention.js";
export type { MultiHeadAttentionOptions } from "./multi_head_attention.js";
export { ReLU, LeakyReLU, PReLU, ELU, Softmax, ReLULayer, LeakyReLULayer, PReLULayer, ELULayer, SoftmaxLayer } from "./activation_layers.js";
export type { ReLUOptions, LeakyReLUOptions, PReLUOptions, ELUOptions, SoftmaxOptions } from "./activation_layers.js";
export { Lambda, LambdaLayer, Layer } from "./lambda.js";
export { ActivityRegularization, ActivityRegularizationLayer } from "./activity_regularization_layer.js";
export type { ActivityRegularizationOptions } from "./activity_regularization_layer.js";
export type { LambdaOptions } from "./lambda.js";
export type { BaseLayerOptions, LayerInput } from "./make_layer.js";
export { Orthogonal, orthogonal } from "./orthogonal_initializer.js";
export { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, SpatialDropout1DLayer, SpatialDropout2DLayer, SpatialDropout3DLayer } from "./spatial_dropout.js";
export type { SpatialDropoutOptions, SpatialDropout2DOptions, SpatialDropout3DOptions } from "./spatial_dropout.js";
export { GaussianNoise, GaussianNoiseLayer } from "./gaussian_noise.js";
export type { GaussianNoiseOptions } from "./gaussian_noise.js";
export { GaussianDropout, GaussianDropoutLayer } from "./gaussian_dropout.js";
export type { GaussianDropoutOptions } from "./gaussian_dropout.js";
export { AlphaDropout, AlphaDropoutLayer } from "./alpha_dropout.js";
export type { AlphaDropoutOptions } from "./alpha_dropout.js";
export { UnitNormalization, UnitNormalizationLayer } from "./unit_normalization.js";
export type { UnitNormalizationOptions } from "./unit_normalization.js";
export { GroupNormalization, GroupNormalizationLayer } from "./group_normalization.js";
export type { GroupNormalizationOptions } from "./group_normalization.js";
export { Identity, IdentityLayer } from "./identity.js";
export type { IdentityOptions } from "./identity.js";
