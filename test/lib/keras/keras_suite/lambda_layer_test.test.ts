/**
 * Port of Keras 3's keras/src/layers/core/lambda_layer_test.py, on every backend.
 * Not ported: the config round trips (run_layer_test's serialization check, and
 * `Lambda.from_config(config, safe_mode=False)` in test_correctness / test_correctness_lambda_shape).
 * Keras marshals the function's Python bytecode; a JS function cannot be serialized, so our
 * Lambda's getConfig refuses by design (naming Lambda, telling you to write a Layer subclass) —
 * which is what test_from_config_fails_closed_without_safe_mode_scope checks, here at getConfig.
 * Not approximated from run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("LambdaTest.test_lambda_basics", () => {
    const none = { expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumLosses: 0, serializable: false };
    runLayerTest({ make: () => layers.Lambda(tf.square), inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: false, ...none });
    runLayerTest({
      make: () => layers.Lambda(tf.square, { mask: tf.ones([2, 3]) }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
      ...none,
    });
    const stacker = (x: tf.Tensor) => tf.concat([x, x], 1);
    runLayerTest({ make: () => layers.Lambda(stacker, { outputShape: [6] }), inputShape: [2, 3], expectedOutputShape: [2, 6], supportsMasking: false, ...none });
    const stackerShape = (s: any) => [s[0], s[1] * 2];
    runLayerTest({ make: () => layers.Lambda(stacker, { outputShape: stackerShape }), inputShape: [2, 3], expectedOutputShape: [2, 6], supportsMasking: false, ...none });
  });

  test("LambdaTest.test_lambda_basics: the mask tensor is the output mask", () => {
    const mask = tf.ones([2, 3]);
    const layer = layers.Lambda(tf.square, { mask });
    close(layer.computeMask(tf.ones([2, 3, 4])), mask.arraySync(), "compute_mask");
  });

  test("LambdaTest.test_correctness", () => {
    const layer = layers.Lambda((x: tf.Tensor) => tf.pow(x, 2));
    close(layer.apply(tf.mul(2, tf.ones([2, 3]))), tf.mul(4, tf.ones([2, 3])).arraySync(), "x**2");
  });

  test("LambdaTest.test_from_config_fails_closed_without_safe_mode_scope", () => {
    assert.throws(() => layers.Lambda((x: tf.Tensor) => tf.pow(x, 2)).getConfig(), /Lambda/);
  });

  test("LambdaTest.test_correctness_lambda_shape", () => {
    const layer = layers.Lambda((x: tf.Tensor) => tf.pow(x, 2), { outputShape: (x) => x });
    close(layer.apply(tf.mul(2, tf.ones([2, 3]))), tf.mul(4, tf.ones([2, 3])).arraySync(), "x**2");
  });
});
