/** Port of Keras 3's keras/src/layers/rnn/simple_rnn_test.py `test_masking` (incl. zero_output_for_mask), on every backend, also through `RNN(SimpleRNNCell)`. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { SimpleRNNLayer } from "../../../../lib/keras/layers/rnn_behaviour.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { assertAllClose, constants, row, sequence } from "./rnn_masking.js";

onBackends(() => {
  test("SimpleRNNTest.test_masking", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 0, 1], [1, 0, 0, 1]], undefined, "bool");
    const last = layers.SimpleRNN(4, { ...constants(), unroll: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(last, [[0.32951632, 0.32951632, 0.32951632, 0.32951632], [0.61799484, 0.61799484, 0.61799484, 0.61799484]], 1e-5, "unroll");

    let out = layers.SimpleRNN(2, { ...constants(), returnSequences: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0599281, 0.0599281], [0.15122814, 0.15122814], [0.15122814, 0.15122814], [0.32394567, 0.32394567]], 1e-5, "sequences[0]");
    assertAllClose(row(out, 1), [[0.3969304, 0.3969304], [0.3969304, 0.3969304], [0.3969304, 0.3969304], [0.608085, 0.608085]], 1e-5, "sequences[1]");

    out = layers.SimpleRNN(2, { ...constants(), returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0599281, 0.0599281], [0.15122814, 0.15122814], [0, 0], [0.32394567, 0.32394567]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.3969304, 0.3969304], [0, 0], [0, 0], [0.608085, 0.608085]], 1e-5, "zero_output_for_mask[1]");

    const back = layers.SimpleRNN(4, { ...constants(), goBackwards: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(back, [[0.07376196, 0.07376196, 0.07376196, 0.07376196], [0.43645123, 0.43645123, 0.43645123, 0.43645123]], 1e-5, "go_backwards");
  });

  test("zeroOutputForMask holds inside a model: the executor's mask from Masking reaches it", () => {
    const input = layers.Input({ shape: [4, 3] });
    const masked = layers.Masking().apply(input) as tf.SymbolicTensor;
    const rnn = layers.SimpleRNN(2, { ...constants(), returnSequences: true, zeroOutputForMask: true });
    const model = tf.model({ inputs: input, outputs: rnn.apply(masked) as tf.SymbolicTensor });
    const x = tf.tensor3d([[[1, 2, 3], [0, 0, 0], [4, 5, 6], [0, 0, 0]]]);
    const out = model.predict(x) as tf.Tensor;
    const steps = out.arraySync() as number[][][];
    assert.deepEqual(steps[0]![1], [0, 0]);
    assert.deepEqual(steps[0]![3], [0, 0]);
    assert.ok(Math.abs(steps[0]![2]![0]!) > 0);
  });

  // Keras's SimpleRNN is RNN(SimpleRNNCell): the same case through the generic layer and the cell, with the
  // cell's own defaults, gives Keras's numbers.
  test("SimpleRNNTest.test_masking through RNN(SimpleRNNCell)", () => {
    const x = sequence();
    const mask = tf.tensor2d([[1, 1, 0, 1], [1, 0, 0, 1]], undefined, "bool");
    const out = layers.RNN(layers.SimpleRNNCell(2, constants()), { returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }) as tf.Tensor;
    assertAllClose(row(out, 0), [[0.0599281, 0.0599281], [0.15122814, 0.15122814], [0, 0], [0.32394567, 0.32394567]], 1e-5, "zero_output_for_mask[0]");
    assertAllClose(row(out, 1), [[0.3969304, 0.3969304], [0, 0], [0, 0], [0.608085, 0.608085]], 1e-5, "zero_output_for_mask[1]");
  });
});

onCpuOnly(() => {
  test("zeroOutputForMask round-trips through the config; resetState() resets a stateful layer", () => {
    const config = layers.SimpleRNN(2, { zeroOutputForMask: true }).getConfig();
    assert.equal(config.zeroOutputForMask, true);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.SimpleRNN!;
    assert.equal(cls, SimpleRNNLayer);
    const json = (c: unknown) => JSON.parse(JSON.stringify(c));
    assert.deepEqual(json((fromConfig(cls, json(config)) as tf.layers.Layer).getConfig()), json(config));
    assert.equal(layers.LSTM(2, { zeroOutputForMask: true }).getConfig().zeroOutputForMask, true);
    assert.equal(layers.GRU(2, { zeroOutputForMask: true }).getConfig().zeroOutputForMask, true);

    const stateful = layers.SimpleRNN(2, { stateful: true, inputShape: [3, 1], batchSize: 1 });
    const x = tf.ones([1, 3, 1]);
    const first = (stateful.apply(x) as tf.Tensor).arraySync();
    const second = (stateful.apply(x) as tf.Tensor).arraySync();
    assert.notDeepEqual(second, first, "a stateful layer carries its state");
    (stateful as unknown as { resetState(): void }).resetState();
    assert.deepEqual((stateful.apply(x) as tf.Tensor).arraySync(), first, "resetState() starts it again");
  });
});
