/**
 * keras.applications: Keras's ImageNet architectures with Keras's layers, names and parameter
 * counts, plus Keras's per-model helper namespaces (`keras.applications.resnet50.preprocessInput`).
 */
export { InceptionV3 } from "./inception_v3.js";
export { ResNet50 } from "./resnet50.js";
export { MobileNetV2 } from "./mobilenet_v2.js";
export { VGG16 } from "./vgg16.js";
export { Xception } from "./xception.js";
export { DenseNet121 } from "./densenet121.js";
export type { ApplicationOptions } from "./application_options.js";
export type { MobileNetV2Options } from "./mobilenet_v2.js";
export { loadH5wasm } from "./keras_h5_weights.js";

export * as inception_v3 from "./inception_v3.js";
export * as resnet50 from "./resnet50.js";
export * as resnet from "./resnet50.js";
export * as mobilenet_v2 from "./mobilenet_v2.js";
export * as vgg16 from "./vgg16.js";
export * as xception from "./xception.js";
export * as densenet from "./densenet121.js";
export * as imagenet_utils from "./imagenet_utils.js";
