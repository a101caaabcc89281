/**
 * Port of Keras 3's keras/src/layers/preprocessing/normalization_test.py on every backend (the
 * argument errors on cpu only): run_layer_test of the basics (approximated by output shape,
 * computeOutputShape, Keras's weight counts — 3 non-trainable (mean, variance, count) when
 * adapting, none with a given mean/variance — masks supported, and a config round-trip), adapt on
 * arrays and tensors (2-D and with a tuple axis), the argument and shape errors, scalar and
 * broadcast statistics (`layer.mean` in Keras's broadcast shape), and adapt over iterables: a
 * list of batches, a generator, an iterator, [x, y] tuples, axis null, one batch, and the
 * empty / incompatible / shapeless errors.
 *
 * Skipped:
 * - test_normalization_adapt("tf.data"), test_tf_data_compatibility,
 *   test_adapt_tf_dataset_with_labels: tf.data is Python-only.
 * - test_adapt_grain_dataset: grain is Python-only.
 * - test_adapt_pydataset_compat: keras.utils.PyDataset has no counterpart here.
 * - test_call_on_meta_device_after_built: torch's meta device.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";

const random = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, "float32", seed);

/** np.var(output, axis) ≈ 1 and np.mean(output, axis) ≈ 0 within 1e-5. */
function standardized(output: tf.Tensor, axes: number[] | undefined, what: string): void {
  const { mean, variance } = tf.moments(output, axes);
  const maxDev = (t: tf.Tensor, target: number) => tf.max(tf.abs(tf.sub(t, target))).dataSync()[0]!;
  assert.ok(maxDev(variance, 1) < 1e-5, `${what}: variance off by ${maxDev(variance, 1)}`);
  assert.ok(maxDev(mean, 0) < 1e-5, `${what}: mean off by ${maxDev(mean, 0)}`);
}

/** x[from:to] along the batch axis. */
const rows = (x: tf.Tensor, from: number, to: number) => tf.slice(x, [from], [to - from]);
const batchesOf = (x: tf.Tensor, size: number) => Array.from({ length: Math.ceil(x.shape[0]! / size) }, (_, i) => rows(x, i * size, Math.min(x.shape[0]!, (i + 1) * size)));

function runLayerTest(layer: layers.NormalizationLayer, nonTrainable: number): void {
  const x = random([2, 3], 1);
  if (!layer.adapted) layer.adapt(x);
  assert.deepEqual((layer.apply(x) as tf.Tensor).shape, [2, 3]);
  assert.deepEqual(layer.computeOutputShape([2, 3]), [2, 3]);
  assert.equal(layer.trainableWeights.length, 0);
  assert.equal(layer.nonTrainableWeights.length, nonTrainable);
  assert.equal(layer.supportsMasking, true);
  const config = layer.getConfig();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
  assert.deepEqual((fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer).getConfig(), config);
}

onBackends(() => {
  test("NormalizationTest.test_normalization_basics", () => {
    runLayerTest(layers.Normalization({ axis: -1 }), 3);
    runLayerTest(layers.Normalization({ axis: -1, mean: [0.5, 0.2, -0.1], variance: [0.1, 0.2, 0.3] }), 0);
    runLayerTest(layers.Normalization({ axis: -1, mean: [0.5, 0.2, -0.1], variance: [0.1, 0.2, 0.3], invert: true }), 0);
  });

  for (const inputType of ["np", "tensor"] as const) {
    test(`NormalizationTest.test_normalization_adapt(${inputType})`, () => {
      let x = random([32, 4], 2);
      let layer = layers.Normalization();
      layer.adapt(inputType === "np" ? (x.arraySync() as number[][]) : x);
      assert.ok(layer.built);
      standardized(layer.apply(x) as tf.Tensor, [0], "2-D");

      x = random([32, 4, 3, 5], 3);
      layer = layers.Normalization({ axis: [1, 2] });
      layer.adapt(inputType === "np" ? (x.arraySync() as number[][][]) : x);
      assert.ok(layer.built);
      standardized(layer.apply(x) as tf.Tensor, [0, 3], "axis (1, 2)");
    });
  }

  test("NormalizationTest.test_normalization_with_scalar_mean_var", () => {
    const layer = layers.Normalization({ mean: 3.0, variance: 2.0 });
    close(layer.apply(tf.tensor2d([[1, 2, 3]])), [[-2 / Math.SQRT2, -1 / Math.SQRT2, 0]], "(x - 3) / sqrt(2)");
  });

  test("NormalizationTest.test_broadcast_non_scalar_middle_axis", () => {
    const customMean = [1, 2, 3, 4, 5];
    const layer = layers.Normalization({ axis: 2, mean: customMean, variance: [1, 1, 1, 1, 1] });
    layer.build([2, 4, 5, 3]);
    assert.deepEqual(layer.mean.shape, [1, 1, 5, 1]);
    close(tf.reshape(layer.mean, [5]), customMean, "mean[0, 0, :, 0]");
  });

  test("NormalizationTest.test_broadcast_multiple_axes", () => {
    const layer = layers.Normalization({ axis: [1, 2], mean: tf.zeros([10, 13]).arraySync() as number[][], variance: tf.ones([10, 13]).arraySync() as number[][] });
    layer.build([null, 10, 13, 3]);
    assert.deepEqual(layer.mean.shape, [1, 10, 13, 1]);
  });

  test("NormalizationTest.test_broadcast_partial_keep_axis", () => {
    const customMean = [1, 2, 3, 4, 5];
    const layer = layers.Normalization({ axis: [1, 2], mean: customMean, variance: [1, 1, 1, 1, 1] });
    layer.build([2, 7, 5, 3]);
    assert.deepEqual(layer.mean.shape, [1, 7, 5, 1]);
    const expected = [[[[1], [2], [3], [4], [5]]]];
    close(tf.slice(layer.mean, [0, 0, 0, 0], [1, 1, 5, 1]), expected, "mean[:, 0:1]");
    close(tf.slice(layer.mean, [0, 6, 0, 0], [1, 1, 5, 1]), expected, "mean[:, 6:7]");
  });

  test("NormalizationTest.test_scalar_broadcast", () => {
    const layer = layers.Normalization({ axis: -1, mean: 5.0, variance: 1.0 });
    layer.build([3, 7]);
    assert.deepEqual(layer.mean.shape, [1, 7]);
    close(layer.mean, [[5, 5, 5, 5, 5, 5, 5]], "mean");
  });

  test("NormalizationTest.test_adapt_list_of_batches", () => {
    const x = random([32, 4], 4);
    const layer = layers.Normalization({ axis: -1 });
    layer.adapt(batchesOf(x, 8));
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0], "list of batches");
  });

  test("NormalizationTest.test_adapt_generator", () => {
    const x = random([32, 4], 5);
    function* batchGen() {
      for (let i = 0; i < 32; i += 8) yield rows(x, i, i + 8);
    }
    const layer = layers.Normalization({ axis: -1 });
    layer.adapt(batchGen());
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0], "generator");
  });

  test("NormalizationTest.test_adapt_iterable_same_result_as_ndarray", () => {
    const x = random([64, 5], 6);
    const layerList = layers.Normalization({ axis: -1 });
    layerList.adapt(batchesOf(x, 16));
    const layerArray = layers.Normalization({ axis: -1 });
    layerArray.adapt(x);
    const head = rows(x, 0, 10);
    close(layerList.apply(head), (layerArray.apply(head) as tf.Tensor).arraySync(), "list vs array");
  });

  test("NormalizationTest.test_adapt_iterable_with_tuples", () => {
    const x = random([24, 3], 7);
    const layer = layers.Normalization({ axis: -1 });
    layer.adapt(batchesOf(x, 8).map((b) => [b, tf.zeros([8])] as [tf.Tensor, tf.Tensor]));
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0], "tuples");
  });

  test("NormalizationTest.test_adapt_iterable_axis_none", () => {
    const x = random([20, 2, 3], 8);
    const layer = layers.Normalization({ axis: null });
    layer.adapt(batchesOf(x, 5));
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, undefined, "axis null");
  });

  test("NormalizationTest.test_adapt_iterable_single_batch", () => {
    const x = random([16, 4], 9);
    const layer = layers.Normalization({ axis: -1 });
    layer.adapt([x]);
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0], "one batch");
  });

  test("NormalizationTest.test_adapt_iterable_high_dim_axis_tuple", () => {
    const x = random([32, 4, 3, 5], 10);
    const layer = layers.Normalization({ axis: [1, 2] });
    layer.adapt(batchesOf(x, 8));
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0, 3], "axis (1, 2)");
  });

  test("NormalizationTest.test_adapt_iterator_of_batches", () => {
    const x = random([24, 3], 11);
    const layer = layers.Normalization({ axis: -1 });
    layer.adapt(batchesOf(x, 6)[Symbol.iterator]());
    assert.ok(layer.built);
    standardized(layer.apply(x) as tf.Tensor, [0], "iterator");
  });
});

onCpuOnly(() => {
  test("NormalizationTest.test_normalization_with_mean_only_raises_error", () => {
    assert.throws(() => layers.Normalization({ mean: 0.5 }), /both `mean` and `variance` must be set/);
  });
  test("NormalizationTest.test_normalization_with_variance_only_raises_error", () => {
    assert.throws(() => layers.Normalization({ variance: 0.1 }), /both `mean` and `variance` must be set/);
  });
  test("NormalizationTest.test_normalization_axis_too_high", () => {
    assert.throws(() => layers.Normalization({ axis: 3 }).build([2, 2]), /All `axis` values must be in the range/);
  });
  test("NormalizationTest.test_normalization_axis_too_low", () => {
    assert.throws(() => layers.Normalization({ axis: -4 }).build([2, 3, 4]), /All `axis` values must be in the range/);
  });
  test("NormalizationTest.test_normalization_unknown_axis_shape", () => {
    assert.throws(() => layers.Normalization({ axis: 1 }).build([null, null]), /All `axis` values to be kept/);
  });
  test("NormalizationTest.test_normalization_adapt_with_incompatible_shape", () => {
    const layer = layers.Normalization({ axis: -1 });
    layer.build([10, 5]);
    assert.throws(() => layer.adapt(random([10, 3], 12)), /an incompatible shape/);
  });
  test("NormalizationTest.test_adapt_empty_iterable_raises", () => {
    assert.throws(() => layers.Normalization({ axis: -1 }).adapt([]), /empty iterable/);
  });
  test("NormalizationTest.test_adapt_empty_generator_raises", () => {
    function* emptyGen(): Generator<tf.Tensor> {}
    assert.throws(() => layers.Normalization({ axis: -1 }).adapt(emptyGen()), /empty iterable/);
  });
  test("NormalizationTest.test_adapt_iterable_incompatible_shape_raises", () => {
    function* badGen() {
      yield random([8, 4], 13);
      yield random([8, 6], 14);
    }
    assert.throws(() => layers.Normalization({ axis: -1 }).adapt(badGen()), /incompatible shape/);
  });
  test("NormalizationTest.test_adapt_iterable_batch_without_shape_raises", () => {
    function* genNoShape() {
      yield 42;
    }
    assert.throws(() => layers.Normalization({ axis: -1 }).adapt(genNoShape() as never), (e: Error) => e instanceof TypeError && /`\.shape`/.test(e.message));
  });
});
