/**
 * Keras's categorical cross-entropy on probabilities as one kernel forward and one backward
 * ("TslabCategoricalCrossentropy", "…Grad"), where a backend has them (webgpu:
 * crossentropy_webgpu.ts). As ops it is ~7 kernels forward and ~12 back on a
 * [batch, classes] tensor (normalise, clip, log, multiply, sum, and their gradients), each a
 * dispatch of a few hundred elements on the GPU; elsewhere the ops stay (lib/keras/losses).
 *
 * Forward: yTrue, yPred [rows, classes] → loss [rows], Keras's
 * `−Σ y·log(clip(p / Σp, ε, 1−ε))`. Backward: the gradient with respect to yPred through the
 * normalisation and the clip (zero where the clip bites, as tfjs's clipByValue gradient, bounds
 * included), `dp_k = (g_k − Σ_j g_j·q_j) / Σp` with `q = p / Σp`, `g_j = −y_j·dy / q_j`.
 */
import * as tf from "@tensorflow/tfjs";

export const CATEGORICAL_CROSSENTROPY = "TslabCategoricalCrossentropy";
export const CATEGORICAL_CROSSENTROPY_GRAD = "TslabCategoricalCrossentropyGrad";

/** One invocation walks a row, so very wide rows (a large vocabulary) keep the ops, which reduce in parallel. */
export const FUSED_CROSSENTROPY_MAX_CLASSES = 4096;

export const categoricalCrossentropyGradient: tf.GradConfig = {
  kernelName: CATEGORICAL_CROSSENTROPY,
  inputsToSave: ["yTrue", "yPred"],
  gradFunc: (dy, saved, attrs) => {
    const [yTrue, yPred] = saved as [tf.Tensor2D, tf.Tensor2D];
    const epsilon = (attrs as { epsilon: number }).epsilon;
    return {
      yPred: () => tf.engine().runKernel(CATEGORICAL_CROSSENTROPY_GRAD, { yTrue, yPred, dy: dy as tf.Tensor }, attrs as tf.NamedAttrMap) as tf.Tensor,
      // Targets are constants in training; the tape asks for this only when they are not.
      yTrue: () => tf.mul(tf.neg(tf.log(tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), epsilon, 1 - epsilon))), tf.expandDims(dy as tf.Tensor, -1)),
    };
  },
};

/** Whether the active backend has the fused kernels and they suit these predictions. */
export function hasFusedCrossentropy(yPred: tf.Tensor): boolean {
  const classes = yPred.shape[yPred.rank - 1] ?? 0;
  const name = tf.getBackend();
  return (
    yPred.dtype === "float32" && yPred.rank >= 1 && classes > 0 && classes <= FUSED_CROSSENTROPY_MAX_CLASSES &&
    tf.getKernel(CATEGORICAL_CROSSENTROPY, name) !== undefined && tf.getKernel(CATEGORICAL_CROSSENTROPY_GRAD, name) !== undefined
  );
}

/** The per-sample loss, classes along the last axis: the leading axes are kept. */
export function fusedCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const classes = yPred.shape[yPred.rank - 1]!;
    const rows = [-1, classes];
    const inputs = { yTrue: tf.reshape(tf.cast(yTrue, "float32"), rows), yPred: tf.reshape(yPred, rows) } as unknown as tf.NamedTensorMap;
    const loss = tf.engine().runKernel(CATEGORICAL_CROSSENTROPY, inputs, { epsilon }) as tf.Tensor;
    return tf.reshape(loss, yPred.shape.slice(0, -1));
  });
}
