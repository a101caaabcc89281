/**
 * Port of Keras 3's keras/src/layers/normalization/layer_normalization_test.py, on every backend
 * (the float16 autocast case has no float16 here).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { LayerNormalizationLayer } from "../../../../lib/keras/layers/layer_normalization.js";
import { onBackends, onCpuOnly } from "../backends.js";

function assertAllClose(actual: tf.Tensor, expected: number[][], atol: number, what: string): void {
  const e = tf.tensor(expected);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= atol, `${what}: max |diff| ${diff}`);
}

onBackends(() => {
  test("LayerNormalizationTest.test_ln_basics: weight counts and output shapes", () => {
    const cases: [layers.LayerNormalizationOptions, number[], number][] = [
      [{ gammaRegularizer: tf.regularizers.l2(), betaRegularizer: tf.regularizers.l2() }, [3, 3], 2],
      [{ gammaInitializer: "ones", betaInitializer: "ones" }, [3, 3], 2],
      [{ scale: false, center: false }, [3, 3], 0],
      [{ rmsScaling: true }, [3, 3], 1],
      [{ axis: [-3, -2, -1] }, [2, 8, 8, 3], 2],
    ];
    for (const [options, shape, trainable] of cases) {
      const layer = layers.LayerNormalization(options);
      assert.deepEqual((layer.apply(tf.randomNormal(shape, 0, 1, "float32", 1)) as tf.Tensor).shape, shape, JSON.stringify(options));
      assert.equal(layer.trainableWeights.length, trainable, JSON.stringify(options));
      assert.equal(layer.nonTrainableWeights.length, 0);
    }
    assert.equal(layers.LayerNormalization({ gammaRegularizer: tf.regularizers.l2(), betaRegularizer: tf.regularizers.l2() }).apply(tf.ones([3, 3])) instanceof tf.Tensor, true);
  });

  test("LayerNormalizationTest.test_correctness", () => {
    const layer = layers.LayerNormalization();
    layer.build([2, 2, 2]);
    const inputs = tf.randomNormal([1000, 2, 2, 2], 5, 10, "float32", 3);
    const [gamma, beta] = layer.getWeights();
    const out = tf.div(tf.sub(layer.apply(inputs) as tf.Tensor, beta!), gamma!);
    const { mean, variance } = tf.moments(out);
    assert.ok(Math.abs(mean.dataSync()[0]!) <= 1e-1);
    assert.ok(Math.abs(Math.sqrt(variance.dataSync()[0]!) - 1) <= 1e-1);
  });

  test("LayerNormalizationTest.test_output", () => {
    const layer = layers.LayerNormalization({ betaInitializer: "ones", gammaInitializer: "ones" });
    assertAllClose(layer.apply(tf.range(0, 5).reshape([1, 5])) as tf.Tensor, [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]], 1e-5, "output");
  });

  test("LayerNormalizationTest.test_output_with_rms_scaling", () => {
    const layer = layers.LayerNormalization({ rmsScaling: true, gammaInitializer: "ones" });
    assertAllClose(layer.apply(tf.range(0, 5).reshape([1, 5])) as tf.Tensor, [[0.0, 0.70693, 1.41386, 2.12079, 2.82772]], 1e-5, "output");
  });

  test("LayerNormalizationTest.test_unsorted_axis", () => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 4);
    const sorted = layers.LayerNormalization({ axis: [-2, -1] }).apply(x) as tf.Tensor;
    const unsorted = layers.LayerNormalization({ axis: [-1, -2] }).apply(x) as tf.Tensor;
    assert.deepEqual(sorted.shape, [2, 3, 4]);
    assert.ok(tf.max(tf.abs(tf.sub(sorted, unsorted))).dataSync()[0]! < 1e-5);
  });
});

onCpuOnly(() => {
  test("LayerNormalizationTest.test_invalid_axis", () => {
    assert.throws(() => layers.LayerNormalization({ axis: { axis: -1 } as unknown as number }), /axis/);
  });

  test("LayerNormalizationTest.test_out_of_bounds_axis and test_duplicate_axis", () => {
    const x = tf.zeros([2, 4]);
    for (const axis of [2, 99, -3, -99]) assert.throws(() => layers.LayerNormalization({ axis }).apply(x), /is out of bounds/, String(axis));
    assert.throws(() => layers.LayerNormalization({ axis: [0, 99] }).apply(x), /is out of bounds/);
    assert.throws(() => layers.LayerNormalization({ axis: 99 }).build([2, 4]), /is out of bounds/);
    assert.throws(() => layers.LayerNormalization({ axis: 99 }).computeOutputShape([2, 4]), /is out of bounds/);
    assert.throws(() => layers.LayerNormalization({ axis: [-1, 1] }).apply(x), /Duplicate axes/);
    assert.throws(() => layers.LayerNormalization({ axis: [1, 1] }).apply(x), /Duplicate axes/);
  });

  test("rmsScaling round-trips through the config under the class name LayerNormalization", () => {
    const config = layers.LayerNormalization({ rmsScaling: true }).getConfig();
    assert.equal(config.rmsScaling, true);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.LayerNormalization!;
    assert.equal(cls, LayerNormalizationLayer);
    const json = (c: unknown) => JSON.parse(JSON.stringify(c));
    assert.deepEqual(json((fromConfig(cls, json(config)) as tf.layers.Layer).getConfig()), json(config));
  });
});
