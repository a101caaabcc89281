import type * as tf from "@tensorflow/tfjs";

/**
 * Identity on wasm sharing the input's heap memory (one more reference), as tfjs's cpu backend
 * and wasm's own Reshape do, instead of copying it. tfjs's engine calls Identity to keep every
 * tensor a gradient needs (`saveTensorsForBackwardMode`): ~950 copies of activations per training
 * step of the video-QA model. Tensors are immutable, so sharing is indistinguishable from a copy.
 */
export function sharedIdentityWasm(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === "string") return fallback(args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
