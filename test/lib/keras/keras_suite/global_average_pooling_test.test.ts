/**
 * Port of Keras 3's keras/src/layers/pooling/global_average_pooling_test.py (1-D, 2-D and 3-D:
 * basic shapes/config, correctness with and without masks) and the 1-D case of
 * global_max_pooling_test.py (all of which is also in global_max_pooling_test.test.ts): the same
 * inputs and the tests' own numpy references, written out here, on every backend.
 * Skipped: run_layer_test's assert_built_after_instantiation (tfjs layers build on first call).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { GlobalAveragePooling1DLayer } from "../../../../lib/keras/layers/global_pooling.js";
import { onBackends } from "../backends.js";
import { npGlobalPool } from "./pooling_reference.js";

type Format = "channels_last" | "channels_first";
const PARAMS: [Format, boolean][] = [["channels_last", false], ["channels_last", true], ["channels_first", false], ["channels_first", true]];

/** np.arange(24, dtype="float32").reshape((2, 3, 4)) */
const arange = () => tf.range(0, 24, 1, "float32").reshape([2, 3, 4]);

/** The test's `np_gap1d`: mean over the steps axis, or the masked sum over the mask's count. */
function npGap1d(x: number[][][], format: Format, keepdims: boolean, mask?: number[][]): number[] | number[][] | number[][][] {
  const [b, d1, d2] = [x.length, x[0].length, x[0][0].length];
  const stepsLast = format === "channels_first"; // steps on axis 2
  const steps = stepsLast ? d2 : d1;
  const channels = stepsLast ? d1 : d2;
  const out: number[][] = [];
  for (let i = 0; i < b; i++) {
    const row: number[] = [];
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      let count = 0;
      for (let s = 0; s < steps; s++) {
        const w = mask ? mask[i][s] : 1;
        sum += (stepsLast ? x[i][c][s] : x[i][s][c]) * w;
        count += w;
      }
      row.push(sum / count);
    }
    out.push(row);
  }
  if (!keepdims) return out;
  return out.map((row) => (stepsLast ? row.map((v) => [v]) : [row]));
}

function close(actual: tf.Tensor, expected: unknown, what: string): void {
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(actual.shape, e.shape, what);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0];
  assert.ok(diff < 1e-6, `${what}: max |diff| ${diff}`);
}

onBackends(() => {
  for (const [format, keepdims] of PARAMS) {
    test(`GlobalAveragePoolingCorrectnessTest.test_global_average_pooling1d(${format}, keepdims=${keepdims})`, () => {
      const inputs = arange();
      const layer = layers.GlobalAveragePooling1D({ dataFormat: format, keepdims });
      close(layer.apply(inputs) as tf.Tensor, npGap1d(inputs.arraySync() as number[][][], format, keepdims), "unmasked");
      const mask = format === "channels_last" ? [[1, 1, 0], [0, 1, 0]] : [[1, 1, 0, 0], [0, 1, 0, 1]];
      const masked = layer.apply(inputs, { mask: tf.tensor2d(mask, undefined, "bool") }) as tf.Tensor;
      close(masked, npGap1d(inputs.arraySync() as number[][][], format, keepdims, mask), "masked");
    });

    test(`GlobalMaxPoolingCorrectnessTest.test_global_max_pooling1d(${format}, keepdims=${keepdims})`, () => {
      const inputs = arange();
      const out = layers.GlobalMaxPooling1D({ dataFormat: format, keepdims }).apply(inputs) as tf.Tensor;
      // np.apply_over_axes(np.max, x, steps_axis), squeezed unless keepdims.
      close(out, tf.max(inputs, format === "channels_last" ? 1 : 2, keepdims).arraySync(), "max");
    });
  }

  const BASIC: ["1d" | "2d" | "3d", Format, boolean, number[], number[]][] = [
    ["1d", "channels_last", false, [3, 5, 4], [3, 4]],
    ["1d", "channels_last", true, [3, 5, 4], [3, 1, 4]],
    ["1d", "channels_first", false, [3, 5, 4], [3, 5]],
    ["2d", "channels_last", false, [3, 5, 6, 4], [3, 4]],
    ["2d", "channels_last", true, [3, 5, 6, 4], [3, 1, 1, 4]],
    ["2d", "channels_first", false, [3, 5, 6, 4], [3, 5]],
    ["3d", "channels_last", false, [3, 5, 6, 5, 4], [3, 4]],
    ["3d", "channels_last", true, [3, 5, 6, 5, 4], [3, 1, 1, 1, 4]],
    ["3d", "channels_first", false, [3, 5, 6, 5, 4], [3, 5]],
  ];
  for (const [rank, format, keepdims, inputShape, outputShape] of BASIC) {
    // run_layer_test: output shape, computeOutputShape, no weights, masking as Keras says, config round-trip.
    test(`GlobalAveragePoolingBasicTest.test_global_average_pooling${rank}(${format}, keepdims=${keepdims})`, () => {
      const make = { "1d": layers.GlobalAveragePooling1D, "2d": layers.GlobalAveragePooling2D, "3d": layers.GlobalAveragePooling3D }[rank];
      const layer = make({ dataFormat: format, keepdims });
      assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
      assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
      assert.equal(layer.weights.length, 0);
      if (rank === "1d") assert.equal(layer.supportsMasking, true);
      const config = layer.getConfig();
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()]!;
      assert.deepEqual((fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer).getConfig(), config);
    });
  }

  for (const [format, keepdims] of PARAMS) {
    test(`GlobalAveragePoolingCorrectnessTest.test_global_average_pooling2d(${format}, keepdims=${keepdims})`, () => {
      // np.apply_over_axes(np.mean, x, steps_axis), squeezed unless keepdims: written out as loops.
      const inputs = tf.range(0, 96, 1, "float32").reshape([2, 3, 4, 4]);
      const x = inputs.arraySync() as number[][][][];
      const first = format === "channels_first";
      const expected = x.map((img) => {
        const channels = first ? img.length : img[0]![0]!.length;
        return Array.from({ length: channels }, (_, c) => {
          let sum = 0;
          let n = 0;
          if (first) img[c]!.forEach((row) => row.forEach((v) => { sum += v; n++; }));
          else img.forEach((row) => row.forEach((px) => { sum += px[c]!; n++; }));
          return sum / n;
        });
      });
      const shaped = keepdims ? expected.map((row) => (first ? row.map((v) => [[v]]) : [[row]])) : expected;
      close(layers.GlobalAveragePooling2D({ dataFormat: format, keepdims }).apply(inputs) as tf.Tensor, shaped, "gap2d");
    });

    test(`GlobalAveragePoolingCorrectnessTest.test_global_average_pooling3d(${format}, keepdims=${keepdims})`, () => {
      // np_gap3d: np.apply_over_axes(np.mean, x, spatial axes), squeezed unless keepdims.
      const inputs = tf.range(0, 360, 1, "float32").reshape([2, 3, 3, 5, 4]);
      const expected = npGlobalPool("avg", inputs.dataSync(), inputs.shape, format === "channels_last" ? [1, 2, 3] : [2, 3, 4], keepdims);
      close(layers.GlobalAveragePooling3D({ dataFormat: format, keepdims }).apply(inputs) as tf.Tensor, expected, "gap3d");
    });
  }

  test("GlobalAveragePooling1DTest: output shapes, no mask passed on, config round-trips", () => {
    const shape = (l: tf.layers.Layer, s: number[]) => l.computeOutputShape([null, ...s]);
    assert.deepEqual(shape(layers.GlobalAveragePooling1D({ dataFormat: "channels_last" }), [4, 5]), [null, 5]);
    assert.deepEqual(shape(layers.GlobalAveragePooling1D({ dataFormat: "channels_last", keepdims: true }), [4, 5]), [null, 1, 5]);
    assert.deepEqual(shape(layers.GlobalAveragePooling1D({ dataFormat: "channels_first" }), [4, 5]), [null, 4]);
    const layer = layers.GlobalAveragePooling1D({ dataFormat: "channels_first", keepdims: true });
    assert.equal(layer.supportsMasking, true);
    assert.equal(layer.computeMask(tf.zeros([1, 2, 3]), tf.ones([1, 3], "bool")), null);
    const config = layer.getConfig();
    // A saved model names the class; the registered one is ours, and its config builds it again.
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.GlobalAveragePooling1D;
    assert.equal(cls, GlobalAveragePooling1DLayer);
    assert.deepEqual((fromConfig(cls, config) as tf.layers.Layer).getConfig(), config);
  });

  test("Embedding(maskZero) → GlobalAveragePooling1D in a model averages only the unpadded steps", () => {
    const input = layers.Input({ shape: [4] });
    const embedded = layers.Embedding(5, 2, { maskZero: true, embeddingsInitializer: "ones" }).apply(input);
    const pooled = layers.GlobalAveragePooling1D().apply(embedded);
    const model = Model(input, pooled as tf.SymbolicTensor);
    const embedding = model.layers[1];
    // Token t's vector is [t, 10t]: the mean of the unpadded steps is the mean token times that.
    embedding.setWeights([tf.tensor2d([[0, 0], [1, 10], [2, 20], [3, 30], [4, 40]])]);
    const out = model.predict(tf.tensor2d([[1, 3, 0, 0], [4, 0, 0, 0]])) as tf.Tensor;
    close(out, [[2, 20], [4, 40]], "masked mean (padding averaged in would give [1, 10] and [1, 10])");
  });
});
