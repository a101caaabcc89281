/**
 * Port of Keras 3's keras/src/layers/rnn/time_distributed_test.py on every backend:
 * run_layer_test of TimeDistributed(Dense(1, useBias: false)) (approximated by output shape,
 * computeOutputShape, one trainable weight and a config round-trip), test_build with Conv2D,
 * the Constant(0.01) correctness numbers, masking through a wrapped layer that reads its mask
 * (the test's MaskedDense, written as a tfjs layer), training with Embedding(maskZero), and the
 * mask validation cases.
 *
 * Skipped: nothing. test_build runs with image_data_format() == "channels_last", Keras's default.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close } from "./lookup_helpers.js";

const sequence = () => tf.range(0, 24, 1, "float32").reshape([3, 2, 4]);

/** The test's MaskedDense: Dense(units, Constant(0.01), no bias), its output zeroed where the mask is false. */
class MaskedDense extends tf.layers.Layer {
  static className = "MaskedDense";
  private readonly dense: tf.layers.Layer;
  constructor(units: number) {
    super({});
    this.dense = tf.layers.dense({ units, kernelInitializer: tf.initializers.constant({ value: 0.01 }), useBias: false });
    this.supportsMasking = true;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.dense.build(inputShape);
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.dense.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const unmasked = this.dense.call(inputs, {}) as tf.Tensor;
      const mask = kwargs.mask as tf.Tensor | undefined;
      if (mask == null) return unmasked;
      return tf.transpose(tf.mul(tf.transpose(unmasked), tf.cast(mask, unmasked.dtype)));
    });
  }
}

const td = () => layers.TimeDistributed(layers.Dense(5, { activation: "softmax" }));
const maskError = /The `mask` passed to the `TimeDistributed` layer has a shape/;

onBackends(() => {
  test("TimeDistributedTest.test_basics", () => {
    const layer = layers.TimeDistributed(layers.Dense(1, { useBias: false }));
    assert.deepEqual((layer.apply(tf.ones([3, 2, 4])) as tf.Tensor).shape, [3, 2, 1]);
    assert.deepEqual(layer.computeOutputShape([3, 2, 4]), [3, 2, 1]);
    assert.equal(layer.trainableWeights.length, 1);
    assert.equal(layer.nonTrainableWeights.length, 0);
    const config = layer.getConfig();
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
    const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    assert.deepEqual(again.getConfig(), config);
  });

  test("TimeDistributedTest.test_build", () => {
    const inputs = layers.Input({ shape: [10, 128, 128, 3], batchSize: 32 });
    const outputs = layers.TimeDistributed(layers.Conv2D(64, [3, 3])).apply(inputs) as tf.SymbolicTensor;
    assert.deepEqual(outputs.shape, [32, 10, 126, 126, 64]);
  });

  test("TimeDistributedTest.test_correctness", () => {
    const layer = layers.TimeDistributed(layers.Dense(1, { kernelInitializer: tf.initializers.constant({ value: 0.01 }), useBias: false }));
    close(layer.apply(sequence()), [[[0.06], [0.22]], [[0.38], [0.53999996]], [[0.7], [0.86]]], "output");
  });

  test("TimeDistributedTest.test_masking", () => {
    const layer = layers.TimeDistributed(new MaskedDense(1));
    const mask = tf.tensor2d([[false, true], [true, false], [true, true]], undefined, "bool");
    close(layer.apply(sequence(), { mask }), [[[0], [0.22]], [[0.38], [0]], [[0.7], [0.86]]], "masked output");
  });

  test("TimeDistributedTest.test_with_mask_zero", async () => {
    const model = keras.Sequential([layers.Input({ shape: [20] }), layers.Embedding(10, 5, { maskZero: true }), layers.TimeDistributed(layers.Dense(5, { activation: "softmax" }))]);
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const x = tf.floor(tf.randomUniform([22, 20], 1, 10, "float32", 5));
    const y = tf.ones([22, 20]); // np.random.randint(1, 2): all ones
    const history = await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    assert.ok(Number.isFinite(history.history.loss![0] as number));
  });

  test("TimeDistributedTest.test_mask_validation_with_mismatched_timesteps", () => {
    const layer = td();
    const inputs = tf.zeros([4, 5, 3]);
    assert.deepEqual((layer.apply(inputs, { mask: tf.ones([4, 5], "bool") }) as tf.Tensor).shape, [4, 5, 5]);
    assert.throws(() => layer.apply(inputs, { mask: tf.ones([4, 6], "bool") }), maskError);
  });

  test("TimeDistributedTest.test_mask_validation_with_mismatched_batch_size", () => {
    assert.throws(() => td().apply(tf.zeros([4, 5, 3]), { mask: tf.ones([5, 5], "bool") }), maskError);
  });

  test("TimeDistributedTest.test_mask_validation_with_correct_shape", () => {
    assert.deepEqual((td().apply(tf.zeros([4, 5, 3]), { mask: tf.ones([4, 5, 1], "bool") }) as tf.Tensor).shape, [4, 5, 5]);
  });

  test("TimeDistributedTest.test_mask_validation_with_3d_mask", () => {
    const layer = td();
    const inputs = tf.zeros([4, 5, 3]);
    assert.deepEqual((layer.apply(inputs, { mask: tf.ones([4, 5, 2], "bool") }) as tf.Tensor).shape, [4, 5, 5]);
    assert.throws(() => layer.apply(inputs, { mask: tf.ones([4, 6, 2], "bool") }), maskError);
  });

  test("TimeDistributedTest.test_mask_validation_with_none_mask", () => {
    assert.deepEqual((td().apply(tf.zeros([4, 5, 3]), { mask: undefined }) as tf.Tensor).shape, [4, 5, 5]);
  });

  test("TimeDistributedTest.test_mask_validation_with_both_batch_and_timesteps_mismatched", () => {
    assert.throws(() => td().apply(tf.zeros([4, 5, 3]), { mask: tf.ones([5, 6], "bool") }), maskError);
  });
});
