/**
 * Port of Keras 3's keras/src/layers/normalization/group_normalization_test.py. Cases with numbers
 * run on cpu and wasm, the argument checks on cpu only. Keras's ValueError is our RangeError (a
 * bad value) or TypeError (`groups: "32"`, a bad type). Expected values are Keras's, at Keras's
 * atol 1e-3. Not ported: test_large_value_within_autocast_scope (tfjs has no float16 variables or
 * AutocastScope); test_mixed_precision_large_input_no_nan runs in float32 only (tfjs has no
 * mixed_float16 policy), which is the float32 normalization it protects. Not approximated from
 * run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { raises, runLayerTest } from "./layer_cases.js";

function allClose(t: tf.Tensor, expected: number[] | number[][] | number[][][] | number[][][][], atol: number, what: string): void {
  const e = tf.tensor(expected);
  assert.deepEqual(t.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(t, e))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: got ${JSON.stringify(t.arraySync())}, want ${JSON.stringify(expected)} (max diff ${diff})`);
}

onBackends(() => {
  test("GroupNormalizationTest.test_groupnorm", () => {
    runLayerTest({
      make: () => layers.GroupNormalization({ gammaRegularizer: tf.regularizers.l2({ l2: 0.01 }), betaRegularizer: tf.regularizers.l2({ l2: 0.01 }) }),
      inputShape: [3, 4, 32],
      expectedOutputShape: [3, 4, 32],
      expectedNumTrainableWeights: 2,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 2,
      supportsMasking: true,
    });
    runLayerTest({
      make: () => layers.GroupNormalization({ groups: 4, gammaConstraint: tf.constraints.unitNorm({ axis: 0 }), betaConstraint: tf.constraints.unitNorm({ axis: 0 }) }),
      inputShape: [3, 4, 4],
      expectedOutputShape: [3, 4, 4],
      expectedNumTrainableWeights: 2,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
    });
  });

  test("GroupNormalizationTest.test_groups_instance_norm", () => {
    const inputs = tf.tensor([[[-1.0, 1.0, 0, 2.0], [1.0, 3.0, -4, -2.0]]]);
    const outputs1 = layers.GroupNormalization({ groups: -1, axis: -1, scale: false, center: false }).apply(inputs) as tf.Tensor;
    const outputs2 = layers.GroupNormalization({ groups: 4, axis: -1, scale: false, center: false }).apply(inputs) as tf.Tensor;
    allClose(outputs1, outputs2.arraySync() as number[][][], 1e-6, "groups -1 == groups 4");
  });

  test("GroupNormalizationTest.test_correctness_instance_norm", () => {
    const layer = layers.GroupNormalization({ groups: 4, axis: -1, scale: false, center: false });
    const outputs = layer.apply(tf.tensor([[[-1.0, 1.0, 0, 2.0], [1.0, 3.0, -4, -2.0]]])) as tf.Tensor;
    allClose(outputs, [[[-1.0, -1.0, 1.0, 1.0], [1.0, 1.0, -1.0, -1.0]]], 1e-3, "instance norm");
  });

  test("GroupNormalizationTest.test_correctness_1d", () => {
    const inputs = tf.tensor([[-1.0, -1.0, 1.0, 1.0, 2.0, 2.0, 0, -2.0]]);
    const one = layers.GroupNormalization({ groups: 1, axis: -1, scale: false, center: false }).apply(inputs) as tf.Tensor;
    allClose(one, [[-0.898, -0.898, 0.539, 0.539, 1.257, 1.257, -0.18, -1.616]], 1e-3, "1 group");
    const two = layers.GroupNormalization({ groups: 2, axis: 1, scale: false, center: false }).apply(inputs) as tf.Tensor;
    allClose(two, [[-1.0, -1.0, 1.0, 1.0, 0.904, 0.904, -0.301, -1.507]], 1e-3, "2 groups");
  });

  test("GroupNormalizationTest.test_correctness_2d", () => {
    const inputs = tf.tensor([[[-1.0, -1.0, 2.0, 2.0], [1.0, 1.0, 0, -2.0]]]);
    const one = layers.GroupNormalization({ groups: 1, axis: -1, scale: false, center: false }).apply(inputs) as tf.Tensor;
    allClose(one, [[[-0.898, -0.898, 1.257, 1.257], [0.539, 0.539, -0.18, -1.616]]], 1e-3, "1 group");
    const two = layers.GroupNormalization({ groups: 2, axis: 2, scale: false, center: false }).apply(inputs) as tf.Tensor;
    allClose(two, [[[-1.0, -1.0, 0.904, 0.904], [1.0, 1.0, -0.301, -1.507]]], 1e-3, "2 groups");
  });

  test("GroupNormalizationTest.test_broadcasting_2d_channels_first", () => {
    const x = tf.reshape(tf.range(0, 16, 1, "float32"), [1, 4, 2, 2]);
    const y = layers.GroupNormalization({ groups: 2, axis: 1 }).apply(x) as tf.Tensor;
    const block = [[[-1.5274, -1.091], [-0.6546, -0.2182]], [[0.2182, 0.6546], [1.091, 1.5274]]];
    allClose(y, [[...block, ...block]], 1e-3, "channels first");
  });

  test("GroupNormalizationTest.test_mixed_precision_large_input_no_nan (float32)", () => {
    const out = layers.GroupNormalization({ groups: 2 }).apply(tf.fill([2, 4, 8], 70000)) as tf.Tensor;
    assert.equal(tf.any(tf.isNaN(out)).dataSync()[0], 0);
  });
});

onCpuOnly(() => {
  test("GroupNormalizationTest.test_undefined_dim_error", () => {
    const inputs = keras.Input({ shape: [2, 2, 2, null] });
    raises(() => layers.GroupNormalization().apply(inputs), RangeError, /input tensor should have a defined dimension but the layer received an input with shape/);
  });

  test("GroupNormalizationTest.test_groups_bigger_than_dim_error", () => {
    raises(() => layers.GroupNormalization({ groups: 5 }).apply(tf.ones([2, 2, 2, 4])), RangeError, /cannot be more than the number of channels/);
  });

  test("GroupNormalizationTest.test_groups_not_a_multiple_of_dim_error", () => {
    raises(() => layers.GroupNormalization({ groups: 3 }).apply(tf.ones([2, 2, 2, 4])), RangeError, /must be a multiple of the number of channels/);
  });

  test("GroupNormalizationTest.test_groups_rejects_invalid_values", () => {
    for (const bad of [0, -2, 1.5]) raises(() => layers.GroupNormalization({ groups: bad }), RangeError, /argument `groups`/);
    raises(() => layers.GroupNormalization({ groups: "32" } as never), TypeError, /argument `groups`/);
    // `-1` is the documented sentinel for instance normalization.
    layers.GroupNormalization({ groups: -1 });
  });
});
