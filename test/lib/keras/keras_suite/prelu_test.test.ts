/**
 * Port of Keras 3's keras/src/layers/activations/prelu_test.py. Keras's identifiers "L1" and
 * "MaxNorm" (class names `regularizers.get`/`constraints.get` take) are taken as such; the
 * random inputs and weights are seeded tfjs draws, the reference `np_prelu` is written out
 * element by element. Not approximated from run_layer_test: seed-generator counts and the
 * training check (see layer_cases.ts).
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { npRandom, runLayerTest } from "./layer_cases.js";

onBackends(() => {
  test("PReLUTest.test_prelu", () => {
    runLayerTest({
      make: () => layers.PReLU({ alphaInitializer: "zeros", alphaRegularizer: "L1", alphaConstraint: "MaxNorm", sharedAxes: 1 }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
    });
  });

  test("PReLUTest.test_prelu_correctness", () => {
    const inputs = tf.randomNormal([2, 10, 5, 3], 0, 1, "float32", 3);
    const layer = layers.PReLU({ alphaInitializer: "glorot_uniform", alphaRegularizer: "l1", alphaConstraint: "non_neg", sharedAxes: [1, 2] });
    layer.build(inputs.shape);
    const weights = npRandom([1, 1, 3], 5);
    layer.setWeights([weights]);
    // np_prelu(x, alpha) = (x > 0)·x + (x ≤ 0)·alpha·x, alpha broadcast along the last axis.
    const x = inputs.dataSync();
    const a = weights.dataSync();
    const ref = Array.from(x, (v, i) => (v > 0 ? v : a[i % 3]! * v));
    close(tf.reshape(layer.apply(inputs) as tf.Tensor, [-1]), ref, "prelu");
  });
});
