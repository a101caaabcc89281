/** Port of Keras 3's keras/src/layers/rnn/lstm_test.py `test_masking` (incl. zero_output_for_mask), on every backend, also through `RNN(LSTMCell)`. */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { assertAllClose, constants, row, sequence } from "./rnn_masking.js";

onBackends(() => {
  test("LSTMTest.test_masking", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0]], undefined, "bool");
    const last = layers.LSTM(2, { ...constants(), unroll: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(last, [[0.11755939, 0.11755939], [0.28556206, 0.28556206]], 1e-5, "unroll");

    let out = layers.LSTM(2, { ...constants(), returnSequences: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0158891, 0.0158891], [0.05552048, 0.05552048], [0.11755939, 0.11755939], [0.11755939, 0.11755939]], 1e-5, "sequences[0]");
    assertAllClose(row(out, 1), [[0.14185596, 0.14185596], [0.28556206, 0.28556206], [0.28556206, 0.28556206], [0.28556206, 0.28556206]], 1e-5, "sequences[1]");

    out = layers.LSTM(2, { ...constants(), returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0158891, 0.0158891], [0.05552048, 0.05552048], [0.11755939, 0.11755939], [0, 0]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.14185596, 0.14185596], [0.28556206, 0.28556206], [0, 0], [0, 0]], 1e-5, "zero_output_for_mask[1]");

    const backwardsMask = tf.tensor2d([[0, 1, 1, 1], [0, 0, 1, 1]], undefined, "bool");
    const back = layers.LSTM(2, { ...constants(), goBackwards: true }).apply(x, { mask: backwardsMask }) as tf.Tensor;
    assertAllClose(back, [[0.15341201, 0.15341201], [0.3844719, 0.3844719]], 1e-5, "go_backwards");
  });

  // Keras's LSTM is RNN(LSTMCell): the same case through the generic layer and the cell, with the
  // cell's own defaults, gives Keras's numbers.
  test("LSTMTest.test_masking through RNN(LSTMCell)", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0]], undefined, "bool");
    const last = layers.RNN(layers.LSTMCell(2, constants()), { unroll: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(last, [[0.11755939, 0.11755939], [0.28556206, 0.28556206]], 1e-5, "unroll");
    const out = layers.RNN(layers.LSTMCell(2, constants()), { returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0158891, 0.0158891], [0.05552048, 0.05552048], [0.11755939, 0.11755939], [0, 0]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.14185596, 0.14185596], [0.28556206, 0.28556206], [0, 0], [0, 0]], 1e-5, "zero_output_for_mask[1]");
  });
});
