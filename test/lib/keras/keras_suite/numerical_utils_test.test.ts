/** Port of Keras 3's keras/src/utils/numerical_utils_test.py (to_categorical cases). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { toCategorical } from "../../../../lib/keras/utils/numerical_utils.js";
import { onBackends } from "../backends.js";

const NUM_CLASSES = 5;

onBackends(() => {
  const cases: [number[], number[]][] = [[[1], [1, NUM_CLASSES]], [[3], [3, NUM_CLASSES]], [[4, 3], [4, 3, NUM_CLASSES]], [[5, 4, 3], [5, 4, 3, NUM_CLASSES]], [[3, 1], [3, NUM_CLASSES]], [[3, 2, 1], [3, 2, NUM_CLASSES]]];
  for (const [shape, expectedShape] of cases) {
    test(`TestNumericalUtils.test_to_categorical(${JSON.stringify(shape)})`, () => {
      const label = tf.randomUniformInt(shape, 0, NUM_CLASSES, 3);
      const oneHot = toCategorical(label, NUM_CLASSES);
      assert.deepEqual(oneHot.shape, expectedShape);
      assert.equal(oneHot.dtype, "float32");
      assert.ok(tf.all(tf.equal(tf.sum(oneHot, -1), 1)).dataSync()[0], "one 1 per row");
      assert.deepEqual(Array.from(tf.argMax(oneHot, -1).dataSync()), Array.from(label.dataSync()), "argmax gives the labels back");
    });
  }

  test("TestNumericalUtils.test_to_categorical_without_num_classes", () => {
    assert.deepEqual(toCategorical([0, 2, 5]).shape, [3, 6]);
  });

  test("TestNumericalUtils.test_to_categorical_with_backend_tensor", () => {
    const oneHot = toCategorical(tf.tensor1d([0, 2, 1, 3, 4], "int32"), NUM_CLASSES);
    assert.ok(oneHot instanceof tf.Tensor);
    assert.deepEqual(oneHot.arraySync(), [[1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]]);
  });

  test("an index at or above numClasses, or below 0, is named", () => {
    assert.throws(() => toCategorical([0, 5], 5), /class index 5 is out of range for numClasses 5/);
    assert.throws(() => toCategorical([-1, 2]), /class indices must be ≥ 0; got -1/);
  });
});
