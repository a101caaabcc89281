/** Port of Keras 3's keras/src/layers/rnn/gru_test.py `test_masking` (incl. zero_output_for_mask), on every backend, also through `RNN(GRUCell)`. */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { assertAllClose, constants, row, sequence } from "./rnn_masking.js";

onBackends(() => {
  test("GRUTest.test_masking", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 0, 1], [1, 0, 0, 1]], undefined, "bool");
    const last = layers.GRU(2, { ...constants(), unroll: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(last, [[0.19393763, 0.19393763], [0.30818558, 0.30818558]], 1e-5, "unroll");

    let out = layers.GRU(2, { ...constants(), returnSequences: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.03606692, 0.03606692], [0.09497581, 0.09497581], [0.09497581, 0.09497581], [0.19393763, 0.19393763]], 1e-5, "sequences[0]");
    assertAllClose(row(out, 1), [[0.16051409, 0.16051409], [0.16051409, 0.16051409], [0.16051409, 0.16051409], [0.30818558, 0.30818558]], 1e-5, "sequences[1]");

    out = layers.GRU(2, { ...constants(), returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.03606692, 0.03606692], [0.09497581, 0.09497581], [0, 0], [0.19393763, 0.19393763]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.16051409, 0.16051409], [0, 0], [0, 0], [0.30818558, 0.30818558]], 1e-5, "zero_output_for_mask[1]");

    const back = layers.GRU(2, { ...constants(), goBackwards: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(back, [[0.11669192, 0.11669192], [0.28380975, 0.28380975]], 1e-5, "go_backwards");
  });

  // Keras's GRU is RNN(GRUCell): the same case through the generic layer and the cell, with the
  // cell's own defaults, gives Keras's numbers.
  test("GRUTest.test_masking through RNN(GRUCell)", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 0, 1], [1, 0, 0, 1]], undefined, "bool");
    const last = layers.RNN(layers.GRUCell(2, constants()), { unroll: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(last, [[0.19393763, 0.19393763], [0.30818558, 0.30818558]], 1e-5, "unroll");
    const out = layers.RNN(layers.GRUCell(2, constants()), { returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.03606692, 0.03606692], [0.09497581, 0.09497581], [0, 0], [0.19393763, 0.19393763]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.16051409, 0.16051409], [0, 0], [0, 0], [0.30818558, 0.30818558]], 1e-5, "zero_output_for_mask[1]");
  });
});
