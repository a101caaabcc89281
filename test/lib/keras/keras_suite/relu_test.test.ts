/**
 * Port of Keras 3's keras/src/layers/activations/relu_test.py. Keras's snake_case arguments are
 * our camelCase options (`max_value` → `maxValue`), and its messages name them so; Python's
 * `None` is `null`. Not approximated from run_layer_test: seed-generator counts and the training
 * check (see layer_cases.ts).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { ReLULayer } from "../../../../lib/keras/layers/activation_layers.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("ReLUTest.test_relu", () => {
    runLayerTest({
      make: () => layers.ReLU({ maxValue: 10, negativeSlope: 1, threshold: 0.5 }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("ReLUTest.test_normal_relu_correctness", () => {
    const layer = layers.ReLU({ maxValue: 10, negativeSlope: 0, threshold: 0 });
    close(layer.apply(tf.tensor([-10, -5, 0, 5, 10])), [0, 0, 0, 5, 10], "relu");
  });

  test("ReLUTest.test_leaky_relu_correctness", () => {
    const layer = layers.ReLU({ maxValue: 10, negativeSlope: 0.5, threshold: 0 });
    close(layer.apply(tf.tensor([-10, -5, 0, 5, 10])), [-5, -2.5, 0, 5, 10], "leaky relu");
  });

  test("ReLUTest.test_threshold_relu_correctness", () => {
    const layer = layers.ReLU({ maxValue: 8, negativeSlope: 0, threshold: 5 });
    close(layer.apply(tf.tensor([6, 7, 0, 5, 10])), [6, 7, 0, 0, 8], "thresholded relu");
  });

  test("ReLUTest.test_default_relu_no_args", () => {
    close(layers.ReLU().apply(tf.tensor([-3, -1, 0, 1, 3])), [0, 0, 0, 1, 3], "default relu");
  });

  test("ReLUTest.test_relu_none_max_value_is_unlimited", () => {
    const input = [0, 100, 1000, 99999];
    close(layers.ReLU({ maxValue: null }).apply(tf.tensor(input)), input, "no cap");
  });

  test("ReLUTest.test_relu_all_zeros_input", () => {
    close(layers.ReLU().apply(tf.zeros([3, 4])), tf.zeros([3, 4]).arraySync(), "zeros");
  });

  test("ReLUTest.test_relu_multidimensional_input", () => {
    const layer = layers.ReLU();
    close(layer.apply(tf.tensor([[-1, 2], [3, -4]])), [[0, 2], [3, 0]], "2-D");
    close(layer.apply(tf.mul(tf.ones([2, 3, 4]), -1)), tf.zeros([2, 3, 4]).arraySync(), "3-D");
  });
});

onCpuOnly(() => {
  test("ReLUTest.test_invalid_usage", () => {
    raises(() => layers.ReLU({ maxValue: -10, negativeSlope: 1, threshold: 0.5 }), RangeError, /maxValue of a ReLU layer cannot be a negative value/);
    raises(() => layers.ReLU({ maxValue: 10, negativeSlope: -10, threshold: 0.5 }), RangeError, /negativeSlope of a ReLU layer cannot be null or a negative value/);
    raises(() => layers.ReLU({ maxValue: 10, negativeSlope: 1, threshold: -10 }), RangeError, /threshold of a ReLU layer cannot be null or a negative value/);
  });

  test("ReLUTest.test_get_config", () => {
    const config = layers.ReLU({ maxValue: 5, negativeSlope: 0.2, threshold: 1 }).getConfig();
    assert.equal(config.maxValue, 5);
    assert.equal(config.negativeSlope, 0.2);
    assert.equal(config.threshold, 1);
  });

  test("ReLUTest.test_get_config_default_params", () => {
    const config = layers.ReLU().getConfig();
    assert.equal(config.maxValue, null);
    assert.equal(config.negativeSlope, 0);
    assert.equal(config.threshold, 0);
  });

  test("ReLUTest.test_from_config", () => {
    const layer = layers.ReLU({ maxValue: 5, negativeSlope: 0.2, threshold: 1 });
    const restored = ReLULayer.fromConfig(ReLULayer, layer.getConfig());
    assert.ok(restored instanceof ReLULayer);
    assert.equal(restored.maxValue, layer.maxValue);
    assert.equal(restored.negativeSlope, layer.negativeSlope);
    assert.equal(restored.threshold, layer.threshold);
  });

  test("ReLUTest.test_compute_output_shape", () => {
    const layer = layers.ReLU();
    assert.deepEqual(layer.computeOutputShape([2, 3]), [2, 3]);
    assert.deepEqual(layer.computeOutputShape([4, 5, 6]), [4, 5, 6]);
    assert.deepEqual(layer.computeOutputShape([1]), [1]);
  });

  test("ReLUTest.test_negative_slope_none_raises", () => {
    raises(() => layers.ReLU({ negativeSlope: null as unknown as number }), RangeError, /negativeSlope of a ReLU layer cannot be null or a negative value/);
  });

  test("ReLUTest.test_threshold_none_raises", () => {
    raises(() => layers.ReLU({ threshold: null as unknown as number }), RangeError, /threshold of a ReLU layer cannot be null or a negative value/);
  });
});
