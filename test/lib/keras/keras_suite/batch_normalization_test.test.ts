/**
 * Port of Keras 3's keras/src/layers/normalization/batch_normalization_test.py: its layer
 * basics, its correctness product (axis -1 and 1 — tfjs's kernels got axis 1 wrong), masked
 * moments, fully masked input, the masked-values fit and the trainable behaviour, on every
 * backend. Keras's `layers.Masking()(x)` carries its mask on the tensor; here the mask is
 * computed by the Masking layer and passed, which is what that call does.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onBackends } from "../backends.js";

type Nested = number | Nested[];

function maxDiff(a: tf.Tensor, b: tf.Tensor | Nested): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b instanceof tf.Tensor ? b : tf.tensor(b as number[])))).dataSync()[0]!);
}

function assertAllClose(actual: tf.Tensor, expected: tf.Tensor | Nested, atol: number, what: string): void {
  const diff = maxDiff(actual, expected);
  assert.ok(diff <= atol, `${what}: max |diff| ${diff} > ${atol}`);
}

function assertNotAllClose(a: tf.Tensor, b: tf.Tensor, what: string): void {
  assert.ok(maxDiff(a, b) > 1e-6, `${what}: expected the two to differ`);
}

const apply = (layer: tf.layers.Layer, x: tf.Tensor, kwargs: Record<string, unknown> = {}) => layer.apply(x, kwargs) as tf.Tensor;

onBackends(() => {
  test("BatchNormalizationTest.test_bn_basics: output shape, weight counts, regularizer losses, masking", () => {
    const cases: [layers.BatchNormalizationOptions, number[], number, number][] = [
      [{ center: true, scale: true }, [2, 3], 2, 0],
      [{ center: false, scale: false }, [2, 3], 0, 0],
      [{ center: true, scale: true, betaRegularizer: tf.regularizers.l2(), gammaRegularizer: tf.regularizers.l2() }, [2, 4, 4, 3], 2, 2],
    ];
    for (const [options, shape, trainable, losses] of cases) {
      const layer = layers.BatchNormalization(options);
      const out = apply(layer, tf.randomNormal(shape, 0, 1, "float32", 1), { training: true });
      assert.deepEqual(out.shape, shape);
      assert.equal(layer.trainableWeights.length, trainable, JSON.stringify(options));
      assert.equal(layer.nonTrainableWeights.length, 2);
      assert.equal(layer.losses.length, losses);
      assert.equal(layer.supportsMasking, true);
    }
  });

  const product: [number, number[], string, string][] = [];
  for (const axis of [-1, 1]) for (const shape of [[5, 2, 3], [5, 3, 3, 2]]) for (const mm of ["zeros", "ones"]) for (const mv of ["zeros", "ones"]) product.push([axis, shape, mm, mv]);
  for (const [axis, inputShape, movingMeanInitializer, movingVarianceInitializer] of product) {
    test(`BatchNormalizationTest.test_correctness(axis=${axis}, input_shape=(${inputShape}), moving_mean_initializer=${movingMeanInitializer}, moving_variance_initializer=${movingVarianceInitializer})`, () => {
      const layer = layers.BatchNormalization({ axis, momentum: 0, movingMeanInitializer: movingMeanInitializer as "zeros", movingVarianceInitializer: movingVarianceInitializer as "ones" });
      // Random data centred on 5.0, standard deviation 10.0.
      let x = tf.randomNormal(inputShape, 5, 10, "float32", 7);
      let out = x;
      for (let i = 0; i < 3; i++) out = apply(layer, out, { training: true });

      const a = axis < 0 ? axis + inputShape.length : axis;
      const broadcastShape = inputShape.map((d, i) => (i === a ? d : 1));
      const [gamma, beta, movingMean, movingVariance] = layer.getWeights();
      const normalised = tf.div(tf.sub(out, tf.reshape(beta!, broadcastShape)), tf.reshape(gamma!, broadcastShape));
      const reductionAxes = inputShape.map((_, i) => i).filter((i) => i !== a);
      const { mean, variance } = tf.moments(normalised, reductionAxes);
      assertAllClose(mean, tf.zerosLike(mean), 1e-3, "mean over the reduction axes");
      assertAllClose(tf.sqrt(variance), tf.onesLike(variance), 1e-3, "std over the reduction axes");
      assertAllClose(movingMean!, tf.zerosLike(movingMean!), 1e-3, "moving_mean");
      assertAllClose(movingVariance!, tf.onesLike(movingVariance!), 1e-3, "moving_variance");

      // Inference done before training shouldn't match.
      let inferenceOut = apply(layer, x, { training: false });
      let trainingOut = apply(layer, x, { training: true });
      assertNotAllClose(inferenceOut, trainingOut, "inference before training vs training");
      // Since momentum is zero, inference after training should match.
      trainingOut = apply(layer, x, { training: true });
      inferenceOut = apply(layer, x, { training: false });
      assertAllClose(inferenceOut, trainingOut, 1e-4, "inference after training vs training");

      // x[:, 1, :] = 0.0: masked result with no training should not differ.
      const keep = tf.reshape(tf.tensor1d(inputShape.map((_, i) => i).slice(0, inputShape[1]).map((i) => (i === 1 ? 0 : 1))), [1, inputShape[1]!, ...inputShape.slice(2).map(() => 1)]);
      x = tf.mul(x, keep);
      const masking = layers.Masking();
      const masked = apply(masking, x);
      const mask = masking.computeMask(x) as tf.Tensor;
      assertAllClose(apply(layer, masked, { training: false, mask }), apply(layer, x, { training: false }), 1e-5, "masked vs unmasked inference");
      // Masked result should differ from unmasked result (inference first: training moves the statistics).
      const unmaskedOut = apply(layer, x, { training: false });
      assertNotAllClose(apply(layer, masked, { training: true, mask }), unmaskedOut, "masked training vs unmasked inference");
    });
  }

  test("BatchNormalizationTest.test_input_fully_masked", () => {
    const norm = layers.BatchNormalization({ scale: false, center: false });
    const y = apply(norm, tf.zeros([4, 5]), { mask: tf.zeros([4]), training: true });
    assertAllClose(y, tf.zeros([4, 5]), 1e-7, "fully masked");
  });

  for (const maskValue of [0, 0.1, 1]) {
    test(`BatchNormalizationTest.test_bachnorm_ignore_masked_values(mask_value=${maskValue}): fit's moving statistics skip the masked steps`, async () => {
      const row = [[1, 5], [2, 5], [maskValue, maskValue], [maskValue, maskValue]];
      const padded = tf.tensor3d(Array.from({ length: 10 }, () => row));
      const inputs = layers.Input({ shape: [null, 2] });
      const masked = layers.Masking({ maskValue }).apply(inputs) as tf.SymbolicTensor;
      const normed = layers.BatchNormalization({ momentum: 0 }).apply(masked) as tf.SymbolicTensor;
      const model = Model(inputs, normed);
      model.compile({ optimizer: "rmsprop", loss: "meanSquaredError" });
      await model.fit(padded, padded, { batchSize: 10, epochs: 5, verbose: 0 });
      const [, , movingMean, movingVariance] = model.layers[2]!.getWeights();
      assertAllClose(movingMean!, [1.5, 5], 1e-5, "moving_mean");
      assertAllClose(movingVariance!, [0.25, 0], 1e-5, "moving_variance");
    });
  }

  test("BatchNormalizationTest.test_trainable_behavior", () => {
    const layer = layers.BatchNormalization({ axis: -1, momentum: 0.8, epsilon: 1e-7 });
    layer.build([1, 4, 4, 3]);
    layer.trainable = false;
    assert.equal(layer.weights.length, 4);
    assert.equal(layer.trainableWeights.length, 0);
    assert.equal(layer.nonTrainableWeights.length, 4);
    const x = tf.randomNormal([200, 4, 4, 3], 5, 10, "float32", 3);
    assertAllClose(apply(layer, x, { training: true }), x, 1e-4, "frozen: inference mode");
    layer.trainable = true;
    assert.equal(layer.trainableWeights.length, 2);
    assert.equal(layer.nonTrainableWeights.length, 2);
    let out = x;
    for (let i = 0; i < 10; i++) out = apply(layer, x, { training: true });
    const [gamma, beta] = layer.getWeights();
    const normalised = tf.div(tf.sub(out, tf.reshape(beta!, [1, 1, 1, 3])), tf.reshape(gamma!, [1, 1, 1, 3]));
    const { mean, variance } = tf.moments(normalised, [0, 1, 2]);
    assertAllClose(mean, tf.zeros([3]), 1e-3, "mean");
    assertAllClose(tf.sqrt(variance), tf.ones([3]), 1e-3, "std");
  });

  test("BatchNormalizationTest.test_masked_broadcast_normalization", () => {
    const layer = layers.BatchNormalization({ axis: -1, momentum: 0, epsilon: 1e-3 });
    const y = apply(layer, tf.ones([1, 2, 3, 4]), { training: true, mask: tf.ones([1, 2, 1]) });
    assertAllClose(tf.mean(y, [0, 1, 2]), tf.zeros([4]), 1e-6, "mean of y");
    assertAllClose(y, tf.zerosLike(y), 1e-6, "y");
    const [, , movingMean, movingVariance] = layer.getWeights();
    assertAllClose(movingMean!, tf.ones([4]), 1e-6, "moving_mean");
    assertAllClose(movingVariance!, tf.zeros([4]), 1e-6, "moving_variance");
  });

  test("a mask that is not one dimension less than the inputs is refused, naming both shapes", () => {
    const layer = layers.BatchNormalization({ name: "bn_bad_mask" });
    assert.throws(() => apply(layer, tf.ones([2, 3, 4]), { training: true, mask: tf.ones([2]) }), /bn_bad_mask: the mask provided should be one dimension less than the inputs; got mask shape \[2\] for inputs of shape \[2,3,4\]/);
  });

  test("BatchNormalization(axis: 1) trains in a channels_first model: gradients reach gamma and beta, and match the broadcasting reference", () => {
    const layer = layers.BatchNormalization({ axis: 1 });
    const x = tf.randomNormal([4, 3, 5], 2, 3, "float32", 11);
    const w = tf.randomNormal([4, 3, 5], 0, 1, "float32", 12);
    apply(layer, x, { training: true });
    const [gamma, beta] = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const loss = () => tf.sum(tf.mul(apply(layer, x, { training: true }), w)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [gamma!, beta!]);
    // d/dβ Σ w·y = Σ over the reduction axes of w; d/dγ = Σ w·x̂.
    assertAllClose(grads[beta!.name]!, tf.sum(w, [0, 2]), 1e-4, "dβ");
    const { mean, variance } = tf.moments(x, [0, 2], true);
    const xHat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3)));
    assertAllClose(grads[gamma!.name]!, tf.sum(tf.mul(w, xHat), [0, 2]), 1e-3, "dγ");
  });
});
