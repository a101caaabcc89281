/**
 * Port of Keras 3's keras/src/layers/rnn/stacked_rnn_cells_test.py, on every backend (test_basics
 * on cpu only), with the cells of rnn_cells_helpers.ts. Adapted:
 * - Keras nests a multi-state cell's states (`state_1 = [a, b]`); here `returnState` gives them
 *   flat, in cell order: [output, a1, b1, a2, b2].
 * - expected_num_seed_generators is not checked (tfjs has no SeedGenerator objects).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";
import { close } from "./lookup_helpers.js";
import { arange, oneStateRNNCell, twoStatesRNNCell } from "./rnn_cells_helpers.js";

onCpuOnly(() => {
  test("StackedRNNTest.test_basics", () => {
    for (const returnSequences of [false, true]) {
      const expectedOutputShape = returnSequences ? [2, 3, 5] : [2, 5];
      runLayerTest({ make: () => layers.RNN([oneStateRNNCell(3), oneStateRNNCell(4), oneStateRNNCell(5)], { returnSequences }), inputShape: [2, 3, 4], expectedOutputShape, expectedNumTrainableWeights: 6, expectedNumNonTrainableWeights: 0 });
      runLayerTest({ make: () => layers.RNN([twoStatesRNNCell(3), twoStatesRNNCell(4), twoStatesRNNCell(5)], { returnSequences }), inputShape: [2, 3, 4], expectedOutputShape, expectedNumTrainableWeights: 9, expectedNumNonTrainableWeights: 0 });
    }
    const drop = { dropout: 0.1, recurrentDropout: 0.1 };
    for (const cell of [layers.SimpleRNNCell, layers.GRUCell, layers.LSTMCell]) {
      runLayerTest({ make: () => layers.RNN([cell(3, drop), cell(4, drop), cell(5, drop)], { returnSequences: true }), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 5], expectedNumTrainableWeights: 9, expectedNumNonTrainableWeights: 0, training: true });
    }
  });

  test("StackedRNNCells: a cell that is not a cell is refused by name", () => {
    assert.throws(() => layers.StackedRNNCells([oneStateRNNCell(2), layers.Dense(2)]), /cells\[1\] should have a `stateSize`/);
    assert.throws(() => layers.StackedRNNCells([]), /non-empty list/);
    assert.throws(() => layers.RNN(layers.Dense(2)), /RNN: `cell` should have a `stateSize`/);
  });
});

onBackends(() => {
  test("StackedRNNTest.test_correctness_single_state_stack", () => {
    const x = arange([2, 3, 4]);
    const cells = () => [oneStateRNNCell(3), oneStateRNNCell(2)];
    const sequences = [
      [[18, 18], [156, 156], [786, 786]],
      [[162, 162], [1020, 1020], [4386, 4386]],
    ];
    close(layers.RNN(cells()).apply(x), [[786, 786], [4386, 4386]], "last");
    close(layers.RNN(cells(), { returnSequences: true }).apply(x), sequences, "sequences");
    for (const returnSequences of [false, true]) {
      const [output, s1, s2] = layers.RNN(cells(), { returnState: true, returnSequences }).apply(x) as unknown as tf.Tensor[];
      close(output, returnSequences ? sequences : [[786, 786], [4386, 4386]], "output");
      close(s1, [[158, 158, 158], [782, 782, 782]], "state_1");
      close(s2, [[786, 786], [4386, 4386]], "state_2");
    }
  });

  test("StackedRNNTest.test_correctness_two_states_stack", () => {
    const x = arange([2, 3, 4]);
    const cells = () => [twoStatesRNNCell(3), twoStatesRNNCell(2)];
    close(layers.RNN(cells()).apply(x), [[3144, 3144], [17544, 17544]], "last");
    close(
      layers.RNN(cells(), { returnSequences: true }).apply(x),
      [
        [[72, 72], [624, 624], [3144, 3144]],
        [[648, 648], [4080, 4080], [17544, 17544]],
      ],
      "sequences",
    );
    const [output, s1a, s1b, s2a, s2b] = layers.RNN(cells(), { returnState: true }).apply(x) as unknown as tf.Tensor[];
    close(output, [[3144, 3144], [17544, 17544]], "output");
    close(s1a, [[158, 158, 158], [782, 782, 782]], "state_1[0]");
    close(s1b, [[158, 158, 158], [782, 782, 782]], "state_1[1]");
    close(s2a, [[1572, 1572], [8772, 8772]], "state_2[0]");
    close(s2b, [[1572, 1572], [8772, 8772]], "state_2[1]");
  });

  test("StackedRNNTest.test_statefullness_single_state_stack", () => {
    const x = arange([2, 3, 4]);
    const layer = layers.RNN([oneStateRNNCell(3), oneStateRNNCell(2)], { stateful: true });
    layer.apply(x);
    close(layer.apply(x), [[34092, 34092], [173196, 173196]], "second call");
  });

  test("StackedRNNTest.test_statefullness_two_states_stack", () => {
    const x = arange([2, 3, 4]);
    const layer = layers.RNN([twoStatesRNNCell(3), twoStatesRNNCell(2)], { stateful: true });
    layer.apply(x);
    close(layer.apply(x), [[136368, 136368], [692784, 692784]], "second call");
  });

  test("stacked initial states are taken in Keras's order (by cell)", () => {
    const x = tf.zeros([1, 1, 2]);
    // Linear cells, zero input: one step gives h1 = s1 · 1 (3 wide), h2 = h1 · 1 + s2 · 1.
    const [output, s1, s2] = layers.RNN([oneStateRNNCell(3), oneStateRNNCell(2)], { returnState: true }).apply(x, { initialState: [tf.fill([1, 3], 1), tf.fill([1, 2], 2)] }) as unknown as tf.Tensor[];
    close(s1, [[3, 3, 3]], "state_1");
    close(s2, [[13, 13]], "state_2");
    close(output, [[13, 13]], "output");
  });
});
