/**
 * Port of Keras 3's keras/src/layers/activations/elu_test.py. Keras's `np.random.random` input
 * is uniform in [0, 1), where ELU is the identity; ours (marked) adds inputs in [-1, 1) so the
 * exponential part and `alpha` are exercised. Keras's ELU leaves `alpha` out of its config;
 * ours keeps it (see activation_layers.ts). Not approximated from run_layer_test:
 * seed-generator counts and the training check (see layer_cases.ts).
 */
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { npRandom, runLayerTest, serializationRoundTrip } from "./layer_cases.js";

/** np_elu: (x > 0)·x + (x ≤ 0)·alpha·(eˣ − 1), element by element in float64. */
function npElu(x: tf.Tensor, alpha = 1): number[] {
  return Array.from(x.dataSync(), (v) => (v > 0 ? v : alpha * (Math.exp(v) - 1)));
}

onBackends(() => {
  test("ELUTest.test_config", () => {
    serializationRoundTrip(layers.ELU());
  });

  test("ELUTest.test_elu", () => {
    runLayerTest({
      make: () => layers.ELU(),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4],
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("ELUTest.test_correctness", () => {
    const x = npRandom([2, 2, 5]);
    close(tf.reshape(layers.ELU().apply(x) as tf.Tensor, [-1]), npElu(x), "alpha 1");
    close(tf.reshape(layers.ELU({ alpha: 0.7 }).apply(x) as tf.Tensor, [-1]), npElu(x, 0.7), "alpha 0.7");
  });

  test("ELU on negative inputs, alpha 1 and 0.7 (ours)", () => {
    const x = tf.sub(tf.mul(npRandom([2, 2, 5], 11), 2), 1);
    close(tf.reshape(layers.ELU().apply(x) as tf.Tensor, [-1]), npElu(x), "alpha 1");
    close(tf.reshape(layers.ELU({ alpha: 0.7 }).apply(x) as tf.Tensor, [-1]), npElu(x, 0.7), "alpha 0.7");
    close(layers.ELU({ alpha: 0.7 }).apply(tf.tensor([-1, 0, 2])), [0.7 * (Math.exp(-1) - 1), 0, 2], "literal");
  });
});
