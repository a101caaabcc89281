/** The `test_masking` cases of Keras 3's lstm_test.py, gru_test.py and simple_rnn_test.py, shared: same inputs, constant initializers. */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { RecurrentOptions } from "../../../../lib/keras/layers/recurrent.js";

/** np.arange(24).reshape((2, 4, 3)) */
export const sequence = () => tf.range(0, 24, 1, "float32").reshape([2, 4, 3]);

/** kernel 0.01, recurrent 0.02, bias 0.03, as every case of those tests. */
export const constants = (): RecurrentOptions => ({
  kernelInitializer: tf.initializers.constant({ value: 0.01 }),
  recurrentInitializer: tf.initializers.constant({ value: 0.02 }),
  biasInitializer: tf.initializers.constant({ value: 0.03 }),
});

export function assertAllClose(actual: tf.Tensor, expected: number[][], atol: number, what: string): void {
  const e = tf.tensor(expected);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: max |diff| ${diff}`);
}

/** output[i] of a [batch, steps, units] output, as [steps, units]. */
export const row = (output: tf.Tensor, i: number) => tf.squeeze(tf.slice(output, [i, 0, 0], [1, -1, -1]), [0]);
