/**
 * `keras.utils.toCategorical(x, numClasses?)`, as Keras's `to_categorical`
 * (keras/src/utils/numerical_utils.py): class indices of any shape to one-hot float32 rows,
 * shape `[...x.shape, numClasses]` (a trailing axis of 1 is dropped first); `numClasses` defaults
 * to the largest index + 1.
 */
import * as tf from "@tensorflow/tfjs";

type Nested = number | Nested[];

export function toCategorical(x: tf.Tensor | Nested[], numClasses?: number | null): tf.Tensor {
  return tf.tidy(() => {
    let labels = x instanceof tf.Tensor ? tf.cast(x, "int32") : tf.tensor(x as number[], undefined, "int32");
    if (labels.rank > 1 && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    const values = labels.dataSync();
    for (const v of values) {
      if (v < 0) throw new RangeError(`toCategorical: class indices must be ≥ 0; got ${v}`);
    }
    const classes = numClasses ?? (values.length === 0 ? 0 : Math.max(...values) + 1);
    if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`toCategorical: numClasses must be a positive integer; got ${JSON.stringify(numClasses)}`);
    const largest = values.length === 0 ? -1 : Math.max(...values);
    if (largest >= classes) throw new RangeError(`toCategorical: class index ${largest} is out of range for numClasses ${classes}`);
    const flat = tf.oneHot(tf.reshape(labels, [-1]) as tf.Tensor1D, classes);
    return tf.cast(tf.reshape(flat, [...labels.shape, classes]), "float32");
  });
}
