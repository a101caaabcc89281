import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as losses from "../../../../lib/keras/losses/index.js";
import { onCpuOnly } from "../backends.js";

onCpuOnly(() => {
  test("serialize writes Keras 3's form: module, class name, snake_case config", () => {
    const saved = losses.serialize(losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0, reduction: "sum" }));
    assert.deepEqual(saved, {
      module: "keras.losses",
      class_name: "SparseCategoricalCrossentropy",
      config: { name: "sparse_categorical_crossentropy", reduction: "sum", from_logits: true, ignore_class: 0, axis: -1 },
      registered_name: null,
    });
  });

  test("deserialize(serialize(loss)) computes the same loss for every class, options kept", () => {
    const cases: [losses.KerasLoss, tf.Tensor, tf.Tensor][] = [
      [losses.SparseCategoricalCrossentropy({ fromLogits: true }), tf.tensor1d([0, 2]), tf.tensor2d([[2, -1, 0.5], [0.1, 0.2, 3]])],
      [losses.CategoricalCrossentropy({ labelSmoothing: 0.2, fromLogits: true }), tf.tensor2d([[1, 0, 0], [0, 0, 1]]), tf.tensor2d([[2, -1, 0.5], [0.1, 0.2, 3]])],
      [losses.BinaryCrossentropy({ fromLogits: true, reduction: "sum" }), tf.tensor2d([[1], [0]]), tf.tensor2d([[0.3], [-2]])],
      [losses.Huber({ delta: 0.3 }), tf.tensor2d([[1, 2]]), tf.tensor2d([[0.5, 3]])],
      [losses.BinaryFocalCrossentropy({ gamma: 3, applyClassBalancing: true }), tf.tensor2d([[1], [0]]), tf.tensor2d([[0.7], [0.2]])],
      [losses.CosineSimilarity({ axis: 0 }), tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[0.5, 3], [1, -1]])],
      [losses.Tversky({ alpha: 0.7, beta: 0.3 }), tf.tensor2d([[1, 0, 1]]), tf.tensor2d([[0.8, 0.3, 0.4]])],
      [losses.CategoricalGeneralizedCrossEntropy({ q: 0.3 }), tf.tensor1d([0, 2]), tf.tensor2d([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])],
      [losses.Circle({ gamma: 32, margin: 0.3 }), tf.tensor1d([0, 0, 1]), tf.tensor2d([[1, 0], [0.8, 0.6], [0, 1]])],
      [losses.CTC(), tf.tensor2d([[1, 2]]), tf.tensor3d([[[0.1, 0.5, 0.2], [0.3, 0.1, 0.9], [0.2, 0.2, 0.2]]])],
    ];
    for (const [loss, yTrue, yPred] of cases) {
      const back = losses.deserialize(losses.serialize(loss));
      assert.deepEqual(back.getConfig(), loss.getConfig(), loss.kerasName);
      assert.equal(back(yTrue, yPred).dataSync()[0], loss(yTrue, yPred).dataSync()[0], loss.kerasName);
    }
  });

  test("bad input is named: an unknown class, a plain function", () => {
    assert.throws(() => losses.deserialize({ class_name: "NoSuchLoss", config: {} }), /losses\.deserialize: unknown loss class "NoSuchLoss"; known: BinaryCrossentropy/);
    assert.throws(() => losses.serialize(((a: tf.Tensor) => a) as never), /losses\.serialize: expected a loss object of keras\.losses/);
  });
});
