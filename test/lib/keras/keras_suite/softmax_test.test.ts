/**
 * Port of Keras 3's keras/src/layers/activations/softmax_test.py. The mask is a call argument,
 * `layer.apply(x, { mask })` (in a model, the input's own mask; see
 * test/lib/keras/layers/activation_layers.test.ts). Keras's expected values are its float32
 * results, compared within 1e-5. Not approximated from run_layer_test: seed-generator counts
 * and the training check (see layer_cases.ts).
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

const twoRows = () => tf.tensor([[1, 2, 1], [1, 2, 1]]);
const twoRowsExpected = [
  [0.21194157, 0.5761169, 0.21194157],
  [0.21194157, 0.5761169, 0.21194157],
];

onBackends(() => {
  test("SoftmaxTest.test_softmax", () => {
    runLayerTest({
      make: () => layers.Softmax(),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("SoftmaxTest.test_softmax_correctness", () => {
    close(layers.Softmax().apply(twoRows()), twoRowsExpected, "softmax");
  });

  test("SoftmaxTest.test_softmax_correctness_with_mask", () => {
    const layer = layers.Softmax({ axis: [1, 0] });
    const mask = tf.tensor([[1, 0, 1], [0, 1, 0]]);
    close(layer.apply(twoRows(), { mask }), [[0.21194154, 0, 0.21194154], [0, 0.57611686, 0]], "masked over both axes");
  });

  test("SoftmaxTest.test_softmax_correctness_with_axis", () => {
    close(layers.Softmax({ axis: 1 }).apply(twoRows()), twoRowsExpected, "axis 1");
  });

  test("SoftmaxTest.test_softmax_masked_values_are_zero_including_fully_masked", () => {
    const input = tf.tensor([[1, 2, 5, 1], [1, 1, 1, 1], [3, 1, 2, 4]]);
    const mask = tf.tensor([[true, true, false, false], [false, false, false, false], [true, true, true, true]] as unknown as number[][], undefined, "bool");
    close(layers.Softmax().apply(input, { mask }), [
      [0.268941, 0.731059, 0, 0],
      [0, 0, 0, 0],
      [0.236883, 0.032059, 0.087144, 0.643914],
    ], "masked");
  });

  test("SoftmaxTest.test_softmax_mask_broadcastable", () => {
    const result = layers.Softmax().apply(tf.tensor([[1, 2, 1], [3, 4, 5]]), { mask: tf.tensor([[1, 0, 1]]) }) as tf.Tensor;
    close(tf.reshape(tf.slice(result, [0, 1], [2, 1]), [2]), [0, 0], "column 1");
  });

  test("SoftmaxTest.test_softmax_mask_broadcastable_fewer_dims", () => {
    const result = layers.Softmax({ axis: -1 }).apply(tf.tensor([[1, 2, 1], [3, 4, 5]]), { mask: tf.tensor([1, 0, 1]) }) as tf.Tensor;
    close(tf.reshape(tf.slice(result, [0, 1], [2, 1]), [2]), [0, 0], "column 1");
    // Ours: the kept columns are the softmax over them alone.
    const e = (a: number, b: number) => [Math.exp(a) / (Math.exp(a) + Math.exp(b)), 0, Math.exp(b) / (Math.exp(a) + Math.exp(b))];
    close(result, [e(1, 1), e(3, 5)], "kept columns");
  });
});

onCpuOnly(() => {
  test("SoftmaxTest.test_softmax_mask_shape_mismatch", () => {
    const layer = layers.Softmax();
    raises(() => layer.apply(tf.tensor([[1, 2, 1]]), { mask: tf.tensor([[1, 0, 1], [0, 1, 0]]) }), RangeError, /broadcastable/);
  });

  test("SoftmaxTest.test_softmax_mask_too_many_dims", () => {
    const layer = layers.Softmax();
    raises(() => layer.apply(tf.tensor([[1, 2, 1]]), { mask: tf.tensor([[[1, 0, 1]]]) }), RangeError, /must not have more dimensions/);
  });
});
