/**
 * Port of Keras 3's keras/src/layers/activations/leaky_relu_test.py. `negative_slope` is our
 * `negativeSlope`, Python's `None` is `null`. Not approximated from run_layer_test:
 * seed-generator counts and the training check (see layer_cases.ts).
 *
 * Ours (marked): the default slope (0.3) and Keras's legacy `alpha`, which wins over
 * `negativeSlope` as Keras pops it from its kwargs.
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("LeakyReLUTest.test_leaky_relu", () => {
    runLayerTest({
      make: () => layers.LeakyReLU({ negativeSlope: 1 }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("LeakyReLUTest.test_leaky_relu_correctness", () => {
    const layer = layers.LeakyReLU({ negativeSlope: 0.5 });
    close(layer.apply(tf.tensor([-10, -5, 0, 5, 10])), [-5, -2.5, 0, 5, 10], "leaky relu");
  });

  test("LeakyReLU: default slope 0.3; legacy `alpha` wins over negativeSlope (ours)", () => {
    close(layers.LeakyReLU().apply(tf.tensor([-10, 5])), [-3, 5], "default 0.3");
    close(layers.LeakyReLU({ negativeSlope: 0.1, alpha: 0.5 }).apply(tf.tensor([-10, 5])), [-5, 5], "alpha 0.5");
  });
});

onCpuOnly(() => {
  test("LeakyReLUTest.test_invalid_usage", () => {
    raises(() => layers.LeakyReLU({ negativeSlope: null as unknown as number }), RangeError, /The negativeSlope value of a Leaky ReLU layer cannot be null/);
    raises(() => layers.LeakyReLU({ negativeSlope: -0.1 }), RangeError, /cannot be null or negative value\. Expected a float\. Received: negativeSlope=-0\.1/);
    raises(() => layers.LeakyReLU({ alpha: -1 }), RangeError, /cannot be null or negative value/);
  });
});
