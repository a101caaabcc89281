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
import * as path from "node:path";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

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

onBackends(() => {
  let tmp = "";
  tempDirPerSuite("discretization-", (d) => (tmp = d));

  test("DiscretizationTest.test_saving: fixed bins and an adapted layer survive model.save / loadModel", async () => {
    const x = tf.tensor2d([[-1.0, 0.0, 0.1, 0.2, 0.4, 0.5, 1.0, 1.2, 0.98]]);
    for (const outputMode of ["int", "multi_hot"] as const) {
      const model = keras.Sequential([keras.Input({ shape: [9] }), layers.Discretization({ binBoundaries: [0.0, 0.35, 0.5, 1.0], outputMode })]);
      const dir = path.join(tmp, `fixed-${outputMode}`);
      await model.save(dir);
      const loaded = await keras.models.loadModel(dir);
      const want = outputMode === "int" ? [[0, 1, 1, 1, 2, 3, 4, 4, 3]] : [[1, 1, 1, 1, 1]];
      close(loaded.predict(x) as tf.Tensor, want, `fixed bins, ${outputMode}, reloaded`);
    }
    const layer = layers.Discretization({ numBins: 4 });
    layer.adapt(tf.randomUniform([32, 3], 0, 1, "float32", 3));
    const ref = tf.randomUniform([1, 2], 0, 1, "float32", 4);
    const refOutput = layer.apply(ref) as tf.Tensor;
    const model = keras.Sequential([keras.Input({ shape: [2] }), layer]);
    const dir = path.join(tmp, "adapted");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    close(loaded.predict(ref) as tf.Tensor, refOutput.arraySync(), "adapted, reloaded");
  });

  test("DiscretizationTest.test_model_call_vs_predict_consistency", () => {
    const inputs = keras.Input({ shape: [4], dtype: "float32" });
    const outputs = layers.Discretization({ binBoundaries: [-0.5, 0, 0.1, 0.2, 3], outputMode: "int" }).apply(inputs) as tf.SymbolicTensor;
    const model = keras.Model({ inputs, outputs });
    const x = tf.tensor2d([[0.0, 0.15, 0.21, 0.3], [0.0, 0.17, 0.451, 7.8]]);
    const called = model.apply(x) as tf.Tensor;
    const predicted = model.predict(x) as tf.Tensor;
    close(called, predicted.arraySync(), "call vs predict");
    assert.equal(called.dtype, predicted.dtype);
    assert.equal(called.dtype, "int32");
    close(called, [[2, 3, 4, 4], [2, 3, 4, 5]], "values");
  });

  const symbolicCases: ["int" | "one_hot" | "multi_hot" | "count", number[]][] = [
    ["int", [3, 4]],
    ["one_hot", [3, 4, 5]],
    ["multi_hot", [4, 5]],
    ["count", [4, 5]],
  ];
  for (const [outputMode, expected] of symbolicCases) {
    test(`DiscretizationTest.test_symbolic_tensor_output_shape(${outputMode}_mode)`, () => {
      const layer = layers.Discretization({ binBoundaries: [0.0, 1.0, 2.0, 5.0], outputMode });
      const symbolic = layer.apply(keras.Input({ shape: [3, 4] })) as tf.SymbolicTensor;
      assert.deepEqual(symbolic.shape, [null, ...expected]);
      const eager = layer.apply(tf.randomUniform([2, 3, 4], 0, 3, "float32", 7)) as tf.Tensor;
      assert.equal(eager.shape[0], 2);
      assert.deepEqual(eager.shape.slice(1), symbolic.shape.slice(1));
    });
  }

  for (const batchSize of [1, 3, 5, 10]) {
    test(`DiscretizationTest.test_batch_dimension_consistency(batch_size_${batchSize})`, () => {
      const layer = layers.Discretization({ binBoundaries: [0.0, 1.0, 2.0], outputMode: "one_hot" });
      const eager = layer.apply(tf.randomUniform([batchSize, 4, 3], 0, 3, "float32", batchSize)) as tf.Tensor;
      const symbolic = layer.apply(keras.Input({ shape: [4, 3] })) as tf.SymbolicTensor;
      assert.equal(eager.shape[0], batchSize);
      assert.equal(symbolic.shape[0], null);
      assert.deepEqual(eager.shape.slice(1), [4, 3, 4]);
      assert.deepEqual(symbolic.shape.slice(1), [4, 3, 4]);
    });
  }
});

onCpuOnly(() => {
  test("DiscretizationTest.test_compute_output_shape_modes / _edge_cases / _num_bins / test_compute_output_spec_method", () => {
    const modes: ["int" | "one_hot" | "multi_hot" | "count", (number | null)[]][] = [
      ["int", [null, 3, 4]],
      ["one_hot", [null, 3, 4, 3]],
      ["multi_hot", [null, 4, 3]],
      ["count", [null, 4, 3]],
    ];
    for (const [outputMode, expected] of modes) {
      assert.deepEqual(layers.Discretization({ binBoundaries: [0.0, 1.0], outputMode }).computeOutputShape([null, 3, 4]), expected, outputMode);
    }
    const oneHot = layers.Discretization({ binBoundaries: [0.0, 1.0], outputMode: "one_hot" });
    assert.deepEqual(oneHot.computeOutputShape([null, 5, 1]), [null, 5, 3]);
    assert.deepEqual(oneHot.computeOutputShape([]), [3]);
    const numBins: [number, "int" | "one_hot" | "multi_hot" | "count", (number | null)[], (number | null)[]][] = [
      [3, "int", [null, 5, 4], [null, 5, 4]],
      [4, "one_hot", [null, 3, 2], [null, 3, 2, 4]],
      [5, "multi_hot", [null, 6, 3], [null, 3, 5]],
      [6, "count", [null, 4, 2], [null, 2, 6]],
    ];
    for (const [n, outputMode, input, expected] of numBins) {
      assert.deepEqual(layers.Discretization({ numBins: n, outputMode }).computeOutputShape(input), expected, `numBins ${n} ${outputMode}`);
    }
    const spec = layers.Discretization({ binBoundaries: [0.0, 1.0, 2.0], outputMode: "one_hot" }).apply(keras.Input({ shape: [3, 4] })) as tf.SymbolicTensor;
    assert.deepEqual(spec.shape, [null, 3, 4, 4]);
    assert.equal(spec.dtype, "float32");
  });

  test("DiscretizationTest.test_init_num_bins_and_bin_boundaries_raises / test_call_before_adapt_raises", () => {
    assert.throws(() => layers.Discretization({ numBins: 3, binBoundaries: [0.0, 1.0] }), /either binBoundaries or numBins, not both/);
    assert.throws(() => layers.Discretization(), /either `numBins` or `binBoundaries`/);
    assert.throws(() => layers.Discretization({ numBins: 3 }).apply(tf.tensor2d([[0.1, 0.8, 0.9]])), /call adapt\(data\) before using it/);
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
