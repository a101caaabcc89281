/**
 * Port of Keras 3's keras/src/layers/normalization/unit_normalization_test.py. Cases with numbers
 * run on cpu and wasm, the argument check on cpu only. Keras's `np.random.normal` inputs are
 * tfjs's seeded normal draws; `assertAllClose` is Keras's default tolerance (1e-6 relative and
 * absolute, here 1e-5 for float32 sums). Not approximated from run_layer_test: seed-generator
 * counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { raises, runLayerTest } from "./layer_cases.js";

function squaredL2Norm(x: tf.Tensor): number {
  return tf.sum(tf.square(x)).dataSync()[0]!;
}

onBackends(() => {
  test("UnitNormalizationTest.test_un_basics", () => {
    runLayerTest({ make: () => layers.UnitNormalization({ axis: -1 }), inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ make: () => layers.UnitNormalization({ axis: [1, 2] }), inputShape: [1, 3, 3], expectedOutputShape: [1, 3, 3], supportsMasking: true, assertBuiltAfterInstantiation: true });
  });

  test("UnitNormalizationTest.test_correctness", () => {
    const near1 = (v: number, what: string) => assert.ok(Math.abs(v - 1) < 1e-5, `${what}: ${v}`);
    let outputs = layers.UnitNormalization({ axis: -1 }).apply(tf.randomNormal([2, 3], 0, 1, "float32", 1)) as tf.Tensor;
    near1(squaredL2Norm(tf.slice(outputs, [0, 0], [1, 3])), "outputs[0, :]");
    near1(squaredL2Norm(tf.slice(outputs, [1, 0], [1, 3])), "outputs[1, :]");

    outputs = layers.UnitNormalization({ axis: [1, 2] }).apply(tf.randomNormal([2, 3, 3], 0, 1, "float32", 2)) as tf.Tensor;
    near1(squaredL2Norm(tf.slice(outputs, [0, 0, 0], [1, 3, 3])), "outputs[0, :, :]");
    near1(squaredL2Norm(tf.slice(outputs, [1, 0, 0], [1, 3, 3])), "outputs[1, :, :]");

    outputs = layers.UnitNormalization({ axis: 1 }).apply(tf.randomNormal([2, 3, 2], 0, 1, "float32", 3)) as tf.Tensor;
    for (const b of [0, 1]) for (const c of [0, 1]) near1(squaredL2Norm(tf.slice(outputs, [b, 0, c], [1, 3, 1])), `outputs[${b}, :, ${c}]`);
  });
});

onCpuOnly(() => {
  test("UnitNormalizationTest.test_invalid_axis", () => {
    raises(() => layers.UnitNormalization({ axis: { axis: -1 } } as never), TypeError, /Invalid value for `axis` argument: expected an int or a list\/tuple of ints\./);
  });
});
