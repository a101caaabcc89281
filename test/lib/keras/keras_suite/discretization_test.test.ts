/**
 * Port of Keras 3's keras/src/layers/preprocessing/discretization_test.py (basics, adapt flows,
 * correctness per output mode, fixed bins, serialization before and after adapt), on every backend.
 * The adapted boundaries of [0..7] with numBins 4 are worked out from Keras's summary algorithm:
 * cumulative weights 1..8 of 8, interpolated at 0.2, 0.4, 0.6, 0.8 → 0.6, 2.2, 3.8, 5.4.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { DiscretizationLayer } from "../../../../lib/keras/layers/discretization.js";
import { onBackends, onCpuOnly } from "../backends.js";

const close = (t: tf.Tensor, expected: unknown, what: string) => {
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(t.shape, e.shape, `${what}: shape`);
  assert.ok(tf.max(tf.abs(tf.sub(tf.cast(t, "float32"), e))).dataSync()[0]! < 1e-6, `${what}: ${JSON.stringify(t.arraySync())}`);
};

onBackends(() => {
  test("DiscretizationTest.test_discretization_basics", () => {
    const layer = layers.Discretization({ binBoundaries: [0, 0.5, 1] });
    const out = layer.apply(tf.randomUniform([2, 3])) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 3]);
    assert.equal(out.dtype, "int32");
    assert.equal(layer.weights.length, 0);
  });

  test("DiscretizationTest.test_adapt_flow / test_adapt_with_list_of_arrays", () => {
    const layer = layers.Discretization({ numBins: 4 });
    layer.adapt(tf.randomUniform([32, 3], 0, 1, "float32", 5));
    assert.equal(layer.binBoundaries!.length, 3);
    assert.equal((layer.apply(tf.tensor2d([[0, 0.1, 0.3]])) as tf.Tensor).dtype, "int32");
    const batches = layers.Discretization({ numBins: 3 });
    batches.adapt([[1, 2, 3], [4, 5, 6]]);
    assert.equal(batches.binBoundaries!.length, 2);
  });

  const cases: [string, "int" | "one_hot" | "multi_hot" | "count", unknown, unknown][] = [
    ["int", "int", [[-1.0, 0.0, 0.1, 0.8, 1.2]], [[0, 1, 1, 2, 3]]],
    ["one_hot_rank_1", "one_hot", [0.1, 0.8], [[0, 1, 0, 0], [0, 0, 1, 0]]],
    ["multi_hot_rank_2", "multi_hot", [[0.1, 0.8]], [[0, 1, 1, 0]]],
    ["one_hot_rank_3", "one_hot", [[[0.15, 0.75], [0.85, 0.45]]], [[[[0, 1, 0, 0], [0, 0, 1, 0]], [[0, 0, 1, 0], [0, 1, 0, 0]]]]],
    ["multi_hot_rank_3", "multi_hot", [[[0.15, 0.75], [0.85, 0.45]]], [[[0, 1, 1, 0], [0, 1, 1, 0]]]],
    ["count", "count", [[0.1, 0.8, 0.9]], [[0, 1, 2, 0]]],
  ];
  for (const [name, outputMode, input, expected] of cases) {
    test(`DiscretizationTest.test_correctness(${name})`, () => {
      const layer = layers.Discretization({ binBoundaries: [0.0, 0.5, 1.0], outputMode });
      const out = layer.apply(tf.tensor(input as number[])) as tf.Tensor;
      close(out, expected, name);
      assert.deepEqual(layer.computeOutputShape(tf.tensor(input as number[]).shape), out.shape, "computeOutputShape");
    });
  }

  test("DiscretizationTest.test_tf_data_compatibility (fixed bins)", () => {
    const layer = layers.Discretization({ binBoundaries: [0.0, 0.35, 0.5, 1.0] });
    close(layer.apply(tf.tensor2d([[-1.0, 0.0, 0.1, 0.2, 0.4, 0.5, 1.0, 1.2, 0.98]])) as tf.Tensor, [[0, 1, 1, 1, 2, 3, 4, 4, 3]], "fixed bins");
  });
});

onCpuOnly(() => {
  test("DiscretizationTest.test_serialization: before adapt, after adapt below and at numBins, with binBoundaries", () => {
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.Discretization!;
    assert.equal(cls, DiscretizationLayer);
    const roundTrip = (layer: tf.layers.Layer) => {
      const config = layer.getConfig();
      assert.deepEqual((fromConfig(cls, { ...config }) as tf.layers.Layer).getConfig(), config);
      return config;
    };
    const layer = layers.Discretization({ numBins: 5, name: "d" });
    roundTrip(layer);
    layer.adapt([0, 1, 5]);
    assert.deepEqual(roundTrip(layer).binBoundaries, [0, 1], "numBins not reached: the values themselves");
    layer.adapt([0, 1, 2, 3, 4, 5, 6, 7]);
    const boundaries = roundTrip(layer).binBoundaries as number[];
    [0.6, 2.2, 3.8, 5.4].forEach((b, i) => assert.ok(Math.abs(boundaries[i]! - b) < 1e-5, `${boundaries}`));
    roundTrip(layers.Discretization({ binBoundaries: [0, 0.35, 0.5, 1] }));
  });

  test("Discretization's errors name the problem", () => {
    assert.throws(() => layers.Discretization({ binBoundaries: [0, 1] }).adapt([1, 2]), /cannot adapt a layer made with binBoundaries/);
    assert.throws(() => layers.Discretization({ numBins: 3 }).apply(tf.ones([2])), /call adapt\(data\) before using it/);
    assert.throws(() => layers.Discretization({ binBoundaries: [0, 1], numBins: 3 }), /either binBoundaries or numBins, not both/);
  });
});
