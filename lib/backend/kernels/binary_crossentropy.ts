/**
 * Keras's binary cross-entropy on probabilities, averaged over the last axis, as one kernel
 * forward and one backward ("TslabBinaryCrossentropy", "…Grad"), where a backend has them
 * (webgpu: crossentropy_webgpu.ts). As ops it is ~10 kernels forward and ~20 back on a
 * [batch, 1] tensor (the usual sigmoid classifier), each a dispatch of a few dozen elements.
 *
 * Forward: yTrue, yPred [rows, n] → loss [rows], `mean_k −(y·log q + (1−y)·log(1−q))`,
 * `q = clip(p, ε, 1−ε)`. Backward: `dp = dy/n · (−y/q + (1−y)/(1−q))` where the clip lets p
 * through (bounds included, as tfjs's clipByValue gradient), else 0.
 */
import * as tf from "@tensorflow/tfjs";

export const BINARY_CROSSENTROPY = "TslabBinaryCrossentropy";
export const BINARY_CROSSENTROPY_GRAD = "TslabBinaryCrossentropyGrad";

/** One invocation walks a row: wide rows keep the ops. */
const MAX_WIDTH = 4096;

export const binaryCrossentropyGradient: tf.GradConfig = {
  kernelName: BINARY_CROSSENTROPY,
  inputsToSave: ["yTrue", "yPred"],
  gradFunc: (dy, saved, attrs) => {
    const [yTrue, yPred] = saved as [tf.Tensor2D, tf.Tensor2D];
    const epsilon = (attrs as { epsilon: number }).epsilon;
    return {
      yPred: () => tf.engine().runKernel(BINARY_CROSSENTROPY_GRAD, { yTrue, yPred, dy: dy as tf.Tensor }, attrs as tf.NamedAttrMap) as tf.Tensor,
      // Targets are constants in training; the tape asks for this only when they are not.
      yTrue: () => {
        const q = tf.clipByValue(yPred, epsilon, 1 - epsilon);
        return tf.mul(tf.neg(tf.sub(tf.log(q), tf.log(tf.sub(1, q)))), tf.div(tf.expandDims(dy as tf.Tensor, -1), yPred.shape[1]!));
      },
    };
  },
};

/** Whether the active backend has the fused kernels and they suit these predictions. */
export function hasFusedBinaryCrossentropy(yPred: tf.Tensor): boolean {
  const width = yPred.shape[yPred.rank - 1] ?? 0;
  const name = tf.getBackend();
  return (
    yPred.dtype === "float32" && yPred.rank >= 1 && width > 0 && width <= MAX_WIDTH &&
    tf.getKernel(BINARY_CROSSENTROPY, name) !== undefined && tf.getKernel(BINARY_CROSSENTROPY_GRAD, name) !== undefined
  );
}

/** The per-sample loss (the mean over the last axis); the leading axes are kept. */
export function fusedBinaryCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const width = yPred.shape[yPred.rank - 1]!;
    const rows = [-1, width];
    const inputs = { yTrue: tf.reshape(tf.cast(yTrue, "float32"), rows), yPred: tf.reshape(yPred, rows) } as unknown as tf.NamedTensorMap;
    const loss = tf.engine().runKernel(BINARY_CROSSENTROPY, inputs, { epsilon }) as tf.Tensor;
    return tf.reshape(loss, yPred.shape.slice(0, -1));
  });
}
