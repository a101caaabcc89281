/**
 * Port of Keras 3's keras/src/trainers/compile_utils_test.py TestCompileLoss, on every backend.
 * Keras calls CompileLoss directly; here it is reached as users reach it, through compile and
 * `evaluate` of a model whose outputs are its inputs (linear Activation layers), so the predictions are the
 * test's arrays.
 *
 * Not ported: TestCompileMetrics (compile's metrics are tfjs's lists, tested in
 * models.test.ts); the symbolic builds (no KerasTensor build step here); test_dict_output_case
 * (its sample weights: tfjs's `evaluate` takes none); test_single_output_case_with_crossentropy_loss
 * ("crossentropy" is resolved from the targets by Keras, which compile does not do); the nested
 * and partial structures (test_struct_loss*, test_list_loss_dict_data, test_different_container_types,
 * test_structure_mismatch, test_y_true_partial_y_pred_span: outputs are a flat list or dict by
 * output name here; test_struct_loss_valid_weights's weights are arrays, ours numbers).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { onBackends } from "../backends.js";

const near = (got: number, want: number, tol = 1e-5) => assert.ok(Math.abs(got - want) < tol, `${got} vs ${want}`);

function identityModel(names: string[]): tf.LayersModel {
  const inputs = names.map(() => keras.Input({ shape: [2] }));
  const outputs = inputs.map((i, k) => keras.layers.Activation("linear", { name: names[k] }).apply(i) as tf.SymbolicTensor);
  return keras.Model({ inputs, outputs });
}

const yTrue = [
  [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]],
  [[0.7, 0.8], [0.9, 1.0], [1.1, 1.2]],
];
const yPred = [
  [[1.2, 1.1], [1.0, 0.9], [0.8, 0.7]],
  [[0.6, 0.5], [0.4, 0.3], [0.2, 0.1]],
];

onBackends(() => {
  test("TestCompileLoss.test_single_output_case", () => {
    const m = identityModel(["a"]);
    m.compile({ optimizer: "sgd", loss: keras.losses.MeanSquaredError() });
    const p = [[0.4, 0.1], [0.2, 0.6], [0.6, 0.1]];
    const value = m.evaluate(tf.tensor2d(p), tf.tensor2d(yTrue[0]!), { batchSize: 3 }) as tf.Scalar;
    near(value.dataSync()[0]!, 0.068333);
  });

  for (const broadcast of [true, false]) {
    test(`TestCompileLoss.test_list_output_case (broadcast=${broadcast})`, () => {
      const m = identityModel(["a", "b"]);
      m.compile({ optimizer: "sgd", loss: broadcast ? "mse" : ["mse", "mse"] });
      const [total] = m.evaluate(yPred.map((p) => tf.tensor2d(p)), yTrue.map((t) => tf.tensor2d(t)), { batchSize: 3 }) as tf.Scalar[];
      near(total!.dataSync()[0]!, 0.953333);
    });
  }

  for (const broadcast of [true, false]) {
    test(`TestCompileLoss.test_dict_output_case (broadcast=${broadcast}), without its sample weights`, () => {
      const m = identityModel(["a", "b"]);
      m.compile({ optimizer: "sgd", loss: broadcast ? "mse" : { a: "mse", b: "mse" } });
      const [total] = m.evaluate(yPred.map((p) => tf.tensor2d(p)), yTrue.map((t) => tf.tensor2d(t)), { batchSize: 3 }) as tf.Scalar[];
      // The same arrays as test_list_output_case.
      near(total!.dataSync()[0]!, 0.953333);
    });
  }

  test("TestCompileLoss.test_struct_loss_invalid_weights (flat: one weight for two losses)", () => {
    const m = identityModel(["c", "d"]);
    assert.throws(() => m.compile({ optimizer: "sgd", loss: { c: "mse", d: "mae" }, lossWeights: [1] }), /must match the number of losses/);
  });
});
