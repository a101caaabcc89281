/**
 * Port of Keras 3's keras/src/layers/regularization/dropout_test.py. Cases with numbers run on
 * every backend; the argument checks on cpu only. Keras's ValueError is our RangeError (a bad
 * value) or TypeError (a bad type); names are camelCase (`noiseShape`) and Python's None is null.
 * Not approximated from run_layer_test: expected_num_seed_generators=1 (tfjs has no SeedGenerator
 * objects) and the training check.
 * test_validate_noise_shape_cast_to_a_tuple: JS has no tuples; checked as "an array, copied".
 * Ours (marked): Keras's rate bounds are [0, 1] inclusive; rate 1 drops everything while training
 * (backend.random.dropout gives zeros) and nothing in inference, also after a config round trip.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest, serializationRoundTrip } from "./layer_cases.js";

onBackends(() => {
  test("DropoutTest.test_dropout_basics", () => {
    runLayerTest({
      make: () => layers.Dropout(0.2),
      inputShape: [2, 3],
      training: true,
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("DropoutTest.test_dropout_rescaling", () => {
    const layer = layers.Dropout(0.5, { seed: 1337 });
    const outputs = layer.apply(tf.ones([20, 500]), { training: true }) as tf.Tensor;
    const mean = tf.mean(outputs).dataSync()[0]!;
    assert.ok(Math.abs(mean - 1) <= 0.02, `mean ${mean} within 0.02 of 1`);
    close(tf.max(outputs), 2, "max");
  });

  test("DropoutTest.test_dropout_partial_noise_shape_dynamic", () => {
    const layer = layers.Dropout(0.5, { noiseShape: [null, 1, null] });
    const outputs = layer.apply(tf.ones([20, 5, 10]), { training: true }) as tf.Tensor;
    const [a, b] = tf.unstack(outputs, 1);
    close(a!, b!.arraySync(), "outputs[:, 0, :] == outputs[:, 1, :]");
  });

  test("Dropout: rate 1 drops everything while training, rate 0 nothing (ours)", () => {
    const layer = layers.Dropout(1);
    const x = tf.add(tf.ones([4, 5]), 1);
    close(layer.apply(x, { training: true }) as tf.Tensor, tf.zeros([4, 5]).arraySync(), "training: zeros");
    close(layer.apply(x) as tf.Tensor, x.arraySync(), "inference: the input");
    const again = serializationRoundTrip(layer);
    assert.equal(again.getConfig().rate, 1);
    close(again.apply(x, { training: true }) as tf.Tensor, tf.zeros([4, 5]).arraySync(), "reloaded: zeros");
    close(layers.Dropout(0).apply(x, { training: true }) as tf.Tensor, x.arraySync(), "rate 0: the input");
  });

  test("DropoutTest.test_dropout_partial_noise_shape_static", () => {
    const layer = layers.Dropout(0.5, { noiseShape: [20, 1, 10] });
    const outputs = layer.apply(tf.ones([20, 5, 10]), { training: true }) as tf.Tensor;
    const [a, b] = tf.unstack(outputs, 1);
    close(a!, b!.arraySync(), "outputs[:, 0, :] == outputs[:, 1, :]");
  });
});

onCpuOnly(() => {
  const rateMessage = /Invalid value received for argument `rate`\. Expected a float value between 0 and 1\./i;
  test("DropoutTest.test_dropout_negative_rate", () => {
    raises(() => layers.Dropout(-0.5), RangeError, rateMessage);
  });

  test("DropoutTest.test_dropout_rate_greater_than_one", () => {
    raises(() => layers.Dropout(1.5), RangeError, rateMessage);
  });

  test("Dropout: rate 0 and 1 are accepted, as Keras's 0 <= rate <= 1 (ours)", () => {
    assert.equal(layers.Dropout(1).getConfig().rate, 1);
    assert.equal(layers.Dropout(0).getConfig().rate, 0);
  });

  test("DropoutTest.test_validate_noise_shape_none", () => {
    const layer = layers.Dropout(0.5, { noiseShape: null });
    assert.equal((layer as any).noiseShape ?? null, null);
  });

  test("DropoutTest.test_validate_noise_shape_integer_tuple", () => {
    assert.deepEqual((layers.Dropout(0.5, { noiseShape: [20, 1, 10] }) as any).noiseShape, [20, 1, 10]);
  });

  test("DropoutTest.test_validate_noise_shape_none_values", () => {
    assert.deepEqual((layers.Dropout(0.5, { noiseShape: [null, 1, null] }) as any).noiseShape, [null, 1, null]);
  });

  test("DropoutTest.test_validate_noise_shape_cast_to_a_tuple", () => {
    const given = [20, 1, 10];
    const kept = (layers.Dropout(0.5, { noiseShape: given }) as any).noiseShape;
    assert.deepEqual(kept, [20, 1, 10]);
    assert.ok(Array.isArray(kept));
    assert.notEqual(kept, given, "a copy, not the caller's array");
  });

  test("DropoutTest.test_validate_noise_shape_non_iterable", () => {
    raises(() => layers.Dropout(0.5, { noiseShape: "Invalid" as any }), TypeError, /Invalid value received for argument `noiseShape`\. Expected a tuple or list of integers\./i);
  });

  test("DropoutTest.test_validate_noise_shape_invalid_type", () => {
    raises(() => layers.Dropout(0.5, { noiseShape: [20, 1.5, 10] }), TypeError, /Invalid value received for argument `noiseShape`\. Expected all elements to be integers or null\./i);
  });

  test("DropoutTest.test_validate_noise_shape_negative_value", () => {
    raises(() => layers.Dropout(0.5, { noiseShape: [20, -1, 10] }), RangeError, /Invalid value received for argument `noiseShape`\. Expected all dimensions to be positive integers or null\./i);
  });

  test("DropoutTest.test_validate_noise_shape_zero_value", () => {
    raises(() => layers.Dropout(0.5, { noiseShape: [20, 0, 10] }), RangeError, /Invalid value received for argument `noiseShape`\. Expected all dimensions to be positive integers or null\./i);
  });
});
