/**
 * Port of Keras 3's keras/src/layers/rnn/rnn_test.py, on every backend (the shape cases on cpu
 * only). Keras's OneStateRNNCell is a SimpleRNNCell (linear, no bias, ones); TwoStatesRNNCell is
 * written out in rnn_cells_helpers.ts. run_layer_test is approximated by runLayerTest
 * (layer_cases.ts: config round trip, symbolic and eager shapes, weight counts).
 * Adapted or not ported:
 * - test_basics with `state_size` given as [5] or (5,): a cell's stateSize here is its own;
 *   the list form is the two-state cell's.
 * - test_compute_output_shape_*, test_dynamic_shapes: tfjs's computeOutputShape gives a list
 *   (output, states) exactly as Keras's tuple.
 * - test_stateful_batch_size_mismatch_raises: tfjs's input spec refuses the other batch size
 *   first, with its own message ("expected shape=4,,3, found shape=1,5,3"), which is checked.
 * - supports_masking=False in test_basics: Keras's RNN says False and still takes masks; tfjs's
 *   RNN (ours is one) says true, and takes them too (test_masking).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { runLayerTest } from "./layer_cases.js";
import { close } from "./lookup_helpers.js";
import { arange, oneStateRNNCell, twoStatesRNNCell } from "./rnn_cells_helpers.js";

const ones = (shape: number[]) => tf.ones(shape);

onCpuOnly(() => {
  test("RNNTest.test_basics", () => {
    runLayerTest({ make: () => layers.RNN(oneStateRNNCell(5)), inputShape: [3, 2, 4], expectedOutputShape: [3, 5], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0 });
    runLayerTest({ make: () => layers.RNN(oneStateRNNCell(5), { returnSequences: true }), inputShape: [3, 2, 4], expectedOutputShape: [3, 2, 5], expectedNumTrainableWeights: 2 });
    runLayerTest({ make: () => layers.RNN(oneStateRNNCell(5), { goBackwards: true, unroll: true }), inputShape: [3, 2, 4], expectedOutputShape: [3, 5], expectedNumTrainableWeights: 2 });
    runLayerTest({ make: () => layers.RNN(twoStatesRNNCell(5)), inputShape: [3, 2, 4], expectedOutputShape: [3, 5], expectedNumTrainableWeights: 3, expectedNumNonTrainableWeights: 0 });
    runLayerTest({ make: () => layers.RNN(twoStatesRNNCell(5), { returnSequences: true }), inputShape: [3, 2, 4], expectedOutputShape: [3, 2, 5], expectedNumTrainableWeights: 3 });
  });

  test("RNNTest.test_compute_output_shape_single_state and test_compute_output_shape_two_states", () => {
    const shape = [3, 4, 5];
    assert.deepEqual(layers.RNN(oneStateRNNCell(8)).computeOutputShape(shape), [3, 8]);
    assert.deepEqual(layers.RNN(oneStateRNNCell(8), { returnSequences: true }).computeOutputShape(shape), [3, 4, 8]);
    assert.deepEqual(layers.RNN(oneStateRNNCell(8), { returnState: true }).computeOutputShape(shape), [[3, 8], [3, 8]]);
    assert.deepEqual(layers.RNN(oneStateRNNCell(8), { returnSequences: true, returnState: true }).computeOutputShape(shape), [[3, 4, 8], [3, 8]]);
    assert.deepEqual(layers.RNN(twoStatesRNNCell(8)).computeOutputShape(shape), [3, 8]);
    assert.deepEqual(layers.RNN(twoStatesRNNCell(8), { returnSequences: true }).computeOutputShape(shape), [3, 4, 8]);
    assert.deepEqual(layers.RNN(twoStatesRNNCell(8), { returnState: true }).computeOutputShape(shape), [[3, 8], [3, 8], [3, 8]]);
    assert.deepEqual(layers.RNN(twoStatesRNNCell(8), { returnSequences: true, returnState: true }).computeOutputShape(shape), [[3, 4, 8], [3, 8], [3, 8]]);
  });

  test("RNNTest.test_dynamic_shapes", () => {
    const shape = [null, null, 3];
    assert.deepEqual(layers.RNN(oneStateRNNCell(8)).computeOutputShape(shape), [null, 8]);
    assert.deepEqual(layers.RNN(oneStateRNNCell(8), { returnSequences: true }).computeOutputShape(shape), [null, null, 8]);
    assert.deepEqual(layers.RNN(oneStateRNNCell(8), { returnState: true }).computeOutputShape(shape), [[null, 8], [null, 8]]);
    assert.deepEqual(layers.RNN(twoStatesRNNCell(8), { returnSequences: true, returnState: true }).computeOutputShape(shape), [[null, null, 8], [null, 8], [null, 8]]);
  });

  test("RNNTest.test_serialization", () => {
    for (const cell of [twoStatesRNNCell(2), oneStateRNNCell(2)]) {
      const layer = layers.RNN(cell);
      const config = layer.getConfig();
      const again = tf.layers.RNN.fromConfig(layers.KerasRNN as any, JSON.parse(JSON.stringify(config))) as tf.layers.RNN;
      assert.equal(again.getClassName(), "RNN");
      assert.deepEqual(again.getConfig(), config);
      assert.equal(again.cell.getClassName(), cell.getClassName());
    }
  });

  test("RNNTest.test_stateful_batch_size_mismatch_raises", () => {
    const input = layers.Input({ shape: [5, 3], batchSize: 4 });
    const model = tf.model({ inputs: input, outputs: layers.RNN(twoStatesRNNCell(2), { stateful: true }).apply(input) as tf.SymbolicTensor });
    model.predict(tf.randomUniform([4, 5, 3]));
    assert.throws(() => model.predict(tf.randomUniform([1, 5, 3])), /expected shape=4,/);
  });
});

onBackends(() => {
  test("RNNTest.test_forward_pass_single_state", () => {
    const x = ones([1, 2, 3]);
    close(layers.RNN(oneStateRNNCell(2)).apply(x), [[9, 9]], "last");
    close(layers.RNN(oneStateRNNCell(2), { returnSequences: true }).apply(x), [[[3, 3], [9, 9]]], "sequences");
    let [output, state] = layers.RNN(oneStateRNNCell(2), { returnState: true }).apply(x) as unknown as tf.Tensor[];
    close(output, [[9, 9]], "output");
    close(state, [[9, 9]], "state");
    [output, state] = layers.RNN(oneStateRNNCell(2), { returnSequences: true, returnState: true }).apply(x) as unknown as tf.Tensor[];
    close(output, [[[3, 3], [9, 9]]], "sequences with state");
    close(state, [[9, 9]], "state with sequences");
  });

  test("RNNTest.test_forward_pass_two_states", () => {
    const x = ones([1, 2, 3]);
    close(layers.RNN(twoStatesRNNCell(2)).apply(x), [[18, 18]], "last");
    close(layers.RNN(twoStatesRNNCell(2), { returnSequences: true }).apply(x), [[[6, 6], [18, 18]]], "sequences");
    let [output, s1, s2] = layers.RNN(twoStatesRNNCell(2), { returnState: true }).apply(x) as unknown as tf.Tensor[];
    close(output, [[18, 18]], "output");
    close(s1, [[9, 9]], "state 1");
    close(s2, [[9, 9]], "state 2");
    [output, s1, s2] = layers.RNN(twoStatesRNNCell(2), { returnSequences: true, returnState: true }).apply(x) as unknown as tf.Tensor[];
    close(output, [[[6, 6], [18, 18]]], "sequences with states");
    close(s1, [[9, 9]], "state 1 with sequences");
    close(s2, [[9, 9]], "state 2 with sequences");
  });

  test("RNNTest.test_passing_initial_state_single_state", () => {
    const x = ones([2, 3, 2]);
    close(layers.RNN(oneStateRNNCell(2)).apply(x, { initialState: ones([2, 2]) }), [[22, 22], [22, 22]], "output");
    const [output, state] = layers.RNN(oneStateRNNCell(2), { returnState: true }).apply(x, { initialState: ones([2, 2]) }) as unknown as tf.Tensor[];
    close(output, [[22, 22], [22, 22]], "output with state");
    close(state, [[22, 22], [22, 22]], "state");
  });

  test("RNNTest.test_passing_initial_state_two_states", () => {
    const x = ones([2, 3, 2]);
    const initialState = [ones([2, 2]), ones([2, 2])];
    close(layers.RNN(twoStatesRNNCell(2)).apply(x, { initialState }), [[44, 44], [44, 44]], "output");
    const [output, s1, s2] = layers.RNN(twoStatesRNNCell(2), { returnState: true }).apply(x, { initialState }) as unknown as tf.Tensor[];
    close(output, [[44, 44], [44, 44]], "output with states");
    close(s1, [[22, 22], [22, 22]], "state 1");
    close(s2, [[22, 22], [22, 22]], "state 2");
  });

  test("RNNTest.test_statefulness_single_state", () => {
    const x = ones([1, 2, 3]);
    let layer = layers.RNN(oneStateRNNCell(2), { stateful: true });
    layer.apply(x);
    close(layer.apply(x), [[45, 45]], "second call");
    layer = layers.RNN(oneStateRNNCell(2), { stateful: true, returnState: true });
    layer.apply(x);
    const [output, state] = layer.apply(x) as unknown as tf.Tensor[];
    close(output, [[45, 45]], "output");
    close(state, [[45, 45]], "state");
  });

  test("RNNTest.test_statefulness_two_states", () => {
    const x = ones([1, 2, 3]);
    let layer = layers.RNN(twoStatesRNNCell(2), { stateful: true });
    layer.apply(x);
    close(layer.apply(x), [[90, 90]], "second call");
    layer = layers.RNN(twoStatesRNNCell(2), { stateful: true, returnState: true });
    layer.apply(x);
    const [output, s1, s2] = layer.apply(x) as unknown as tf.Tensor[];
    close(output, [[90, 90]], "output");
    close(s1, [[45, 45]], "state 1");
    close(s2, [[45, 45]], "state 2");
  });

  test("RNNTest.test_go_backwards", () => {
    const x = arange([2, 3, 4]);
    const back = layers.RNN(oneStateRNNCell(2), { goBackwards: true });
    back.apply(x);
    close(back.apply(x), [[202, 202], [538, 538]], "go_backwards");
    const stateful = layers.RNN(oneStateRNNCell(2), { stateful: true, returnState: true });
    stateful.apply(x);
    const [output, state] = stateful.apply(x) as unknown as tf.Tensor[];
    close(output, [[954, 954], [3978, 3978]], "stateful output");
    close(state, [[954, 954], [3978, 3978]], "stateful state");
  });

  test("RNNTest.test_masking", () => {
    const x = arange([2, 4, 3]);
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0]], undefined, "bool");
    for (const unroll of [false, true]) {
      close(layers.RNN(oneStateRNNCell(2), { unroll }).apply(x, { mask }), [[57, 57], [126, 126]], `unroll ${unroll}`);
      close(
        layers.RNN(oneStateRNNCell(2), { returnSequences: true, unroll }).apply(x, { mask }),
        [
          [[3, 3], [18, 18], [57, 57], [57, 57]],
          [[39, 39], [126, 126], [126, 126], [126, 126]],
        ],
        `sequences, unroll ${unroll}`,
      );
    }
  });
});
