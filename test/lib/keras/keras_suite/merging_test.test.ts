/**
 * Port of Keras 3's keras/src/layers/merging/merging_test.py on every backend: the
 * TEST_PARAMETERS layers (add, subtract, minimum, maximum, multiply, average, concat, dot_2d,
 * dot_3d) through run_layer_test's shape/weights/config checks, static and dynamic batch
 * correctness against the numpy ops (written out below), compute_mask, the error cases, and the
 * `*_with_mask` cases (a Masking layer's mask handed to the merge layer as `{ mask }`, since
 * eager tfjs tensors carry no `_keras_mask`; the output mask is `computeMask`'s).
 *
 * Skipped:
 * - MergingLayersTest.test_sparse: sparse tensors are out of scope.
 * - run_layer_test's training / mixed-precision checks: approximated by build, output shape,
 *   weight counts and a config round-trip.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

type Nd = number | Nd[];

/** np.random.rand, deterministic. */
const rand = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, "float32", seed);

function atol(actual: tf.Tensor, expected: tf.Tensor, tol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!;
  assert.ok(diff <= tol, `${what}: max |diff| ${diff}`);
}

/** The test's `np_dot`: per-sample tensordot over the given (batch-less) axes. */
function npDot(a: tf.Tensor, b: tf.Tensor, axes: number): tf.Tensor {
  // Only axes=-1 is used: contract the last axis of each sample.
  const rows = tf.unstack(a).map((ai, i) => {
    const bi = tf.unstack(b)[i]!;
    return ai.rank === 1 ? tf.sum(tf.mul(ai, bi)) : tf.matMul(ai, bi, false, true);
  });
  void axes;
  const res = tf.stack(rows);
  return res.rank === 1 ? tf.expandDims(res, 1) : res;
}

interface Param {
  name: string;
  make: () => tf.layers.Layer;
  npOp: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  inputShape?: number[];
  expectedOutputShape?: number[];
  skipMaskTest?: boolean;
}
const PARAMS: Param[] = [
  { name: "add", make: () => layers.Add(), npOp: tf.add },
  { name: "subtract", make: () => layers.Subtract(), npOp: tf.sub },
  { name: "minimum", make: () => layers.Minimum(), npOp: tf.minimum },
  { name: "maximum", make: () => layers.Maximum(), npOp: tf.maximum },
  { name: "multiply", make: () => layers.Multiply(), npOp: tf.mul },
  { name: "average", make: () => layers.Average(), npOp: (a, b) => tf.mul(tf.add(a, b), 0.5) },
  { name: "concat", make: () => layers.Concatenate({ axis: -1 }), npOp: (a, b) => tf.concat([a, b], -1), expectedOutputShape: [2, 4, 10] },
  { name: "dot_2d", make: () => layers.Dot(-1), npOp: (a, b) => npDot(a, b, -1), inputShape: [2, 4], expectedOutputShape: [2, 1], skipMaskTest: true },
  { name: "dot_3d", make: () => layers.Dot(-1), npOp: (a, b) => npDot(a, b, -1), expectedOutputShape: [2, 4, 4], skipMaskTest: true },
];

/** Masking()(x)'s mask: any non-zero feature. */
const maskOf = (x: tf.Tensor) => tf.any(tf.notEqual(x, 0), -1);
const t3 = (v: Nd) => tf.tensor(v as number[], undefined, "float32");

onBackends(() => {
  PARAMS.forEach((p, n) => {
    const inputShape = p.inputShape ?? [2, 4, 5];
    const expected = p.expectedOutputShape ?? [2, 4, 5];

    test(`MergingLayersTest.test_basic_${p.name}`, () => {
      const layer = p.make();
      const out = layer.apply([tf.ones(inputShape), tf.ones(inputShape)]) as tf.Tensor;
      assert.deepEqual(out.shape, expected);
      assert.deepEqual(layer.computeOutputShape([inputShape, inputShape]), expected);
      assert.equal(layer.trainableWeights.length, 0);
      assert.equal(layer.nonTrainableWeights.length, 0);
      assert.equal(layer.supportsMasking, true);
      serializationRoundTrip(layer);
    });

    for (const kind of ["static", "dynamic"] as const) {
      test(`MergingLayersTest.test_correctness_${kind}_${p.name}`, () => {
        const [batchSize, ...shape] = inputShape;
        const x1 = rand(inputShape, 10 + n);
        const x2 = rand(inputShape, 20 + n);
        const x3 = p.npOp(x1, x2);
        const input1 = layers.Input(kind === "static" ? { shape, batchSize } : { shape });
        const input2 = layers.Input(kind === "static" ? { shape, batchSize } : { shape });
        const layer = p.make();
        const out = layer.apply([input1, input2]) as tf.SymbolicTensor;
        const model = Model({ inputs: [input1, input2], outputs: out });
        const res = model.apply([x1, x2]) as tf.Tensor;
        assert.deepEqual(res.shape, expected);
        atol(res, x3, 1e-4, "result");
        assert.equal(layer.computeMask([input1, input2] as any, [null, null] as any), null);
        if (kind === "static") assert.equal(layer.computeMask([x1, x2], [null, null] as any), null);
        if (!p.skipMaskTest) {
          const ones = tf.ones(inputShape.slice(0, -1), "bool");
          const mask = layer.computeMask([x1, x2], [ones, ones]) as tf.Tensor;
          assert.ok(tf.all(mask).dataSync()[0] === 1, "compute_mask of all-true masks is all true");
        }
      });
    }
  });

  test("MergingLayersTest.test_add_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    mergeWithMask(() => layers.Add(), x1, x2, [[[0, 0], [1, 2], [1, 2], [6, 8]]], [[[0, 0], [1, 2], [1, 2], [6, 8]]]);
  });
  test("MergingLayersTest.test_subtract_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    mergeWithMask(() => layers.Subtract(), x1, x2, [[[0, 0], [1, 2], [-1, -2], [0, 0]]], [[[0, 0], [1, 2], [-1, -2], [0, 0]]]);
  });
  test("MergingLayersTest.test_average_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    mergeWithMask(() => layers.Average(), x1, x2, [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]], [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]]);
  });
  test("MergingLayersTest.test_multiply_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    mergeWithMask(() => layers.Multiply(), x1, x2, [[[0, 0], [0, 0], [1, 2], [9, 16]]], [[[0, 0], [1, 2], [1, 2], [9, 16]]]);
  });
  test("MergingLayersTest.test_maximum_with_mask", () => {
    const x1 = t3([[[0, 0], [-1, -2], [0, 0], [-3, -4]]]);
    const x2 = t3([[[0, 0], [0, 0], [-1, -2], [-3, -4]]]);
    mergeWithMask(() => layers.Maximum(), x1, x2, [[[0, 0], [0, 0], [-1, -2], [-3, -4]]], [[[0, 0], [-1, -2], [-1, -2], [-3, -4]]]);
  });
  test("MergingLayersTest.test_minimum_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    mergeWithMask(() => layers.Minimum(), x1, x2, [[[0, 0], [0, 0], [1, 2], [3, 4]]], [[[0, 0], [1, 2], [1, 2], [3, 4]]]);
  });

  test("MergingLayersTest.test_concatenate_with_mask", () => {
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    const m1 = maskOf(x1);
    let layer = layers.Concatenate({ axis: 1 });
    close(layer.apply([x1, x2], { mask: [m1, null] }), [[[0, 0], [1, 2], [0, 0], [3, 4], [0, 0], [0, 0], [1, 2], [3, 4]]], "axis=1 output");
    close(layer.computeMask([x1, x2], [m1, null] as any), [[false, true, false, true, true, true, true, true]].map((r) => r.map(Number)), "axis=1 mask");
    layer = layers.Concatenate({ axis: 2 });
    close(layer.apply([x1, x2], { mask: [m1, null] }), [[[0, 0, 0, 0], [1, 2, 0, 0], [0, 0, 1, 2], [3, 4, 3, 4]]], "axis=2 output");
    close(layer.computeMask([x1, x2], [m1, null] as any), [[1, 1, 1, 1]], "axis=2 mask");
  });

  test("MergingLayersTest.test_concatenate_with_mask_symbolic", () => {
    const input1 = layers.Input({ shape: [4, 2] });
    const input2 = layers.Input({ shape: [4, 2] });
    const masked = layers.Masking().apply(input1) as tf.SymbolicTensor;
    const output = layers.Concatenate({ axis: 1 }).apply([masked, input2]) as tf.SymbolicTensor;
    // The model's output mask (backend.get_keras_mask(output) as Keras's model output).
    const model = Model({ inputs: [input1, input2], outputs: output });
    const x1 = t3([[[0, 0], [1, 2], [0, 0], [3, 4]]]);
    const x2 = t3([[[0, 0], [0, 0], [1, 2], [3, 4]]]);
    const mask = model.computeMask([x1, x2]) as tf.Tensor | tf.Tensor[];
    close(Array.isArray(mask) ? mask[0] : mask, [[0, 1, 0, 1, 1, 1, 1, 1]], "output mask");
  });

  test("MergingLayersTest.test_dot_higher_dim", () => {
    const a = layers.Input({ batchShape: [1, 3, 2] });
    const b = layers.Input({ batchShape: [1, 1, 2, 3] });
    const c = layers.Dot([-2, -1]).apply([a, b]) as tf.SymbolicTensor;
    assert.deepEqual(c.shape, [1, 2, 1, 2]);
    const eager = layers.Dot([-2, -1]).apply([rand([1, 3, 2], 1), rand([1, 1, 2, 3], 2)]) as tf.Tensor;
    assert.deepEqual(eager.shape, [1, 2, 1, 2]);
  });

  test("MergingLayersTest.test_concatenate_errors", () => {
    const out = layers.Concatenate({ axis: -1 }).apply([tf.ones([1, 1, 1, 1, 5]), tf.ones([1, 1, 1, 1, 4])]) as tf.Tensor;
    assert.deepEqual(out.shape, [1, 1, 1, 1, 9]);
    const re = /requires inputs with matching shapes except for the concatenation axis/;
    assert.throws(() => layers.Concatenate({ axis: -1 }).apply([tf.ones([1, 2, 1, 1, 5]), tf.ones([1, 1, 1, 1, 4])]), re);
    assert.throws(() => layers.Concatenate({ axis: 1 }).apply([tf.ones([1, 2, 1, 2, 1]), tf.ones([1, 1, 1, 3, 1])]), re);
  });
});

/**
 * A `*_with_mask` case: x1 masked alone (the output mask is None), then both masked (the
 * output mask is the OR of the two, [[0, 1, 1, 1]]).
 */
function mergeWithMask(make: () => tf.layers.Layer, x1: tf.Tensor, x2: tf.Tensor, oneMasked: Nd, bothMasked: Nd): void {
  const [m1, m2] = [maskOf(x1), maskOf(x2)];
  let layer = make();
  close(layer.apply([x1, x2], { mask: [m1, null] }), oneMasked, "x1 masked: output");
  assert.equal(layer.computeMask([x1, x2], [m1, null] as any), null, "x1 masked: no output mask");
  layer = make();
  close(layer.apply([x1, x2], { mask: [m1, m2] }), bothMasked, "both masked: output");
  close(layer.computeMask([x1, x2], [m1, m2]), [[0, 1, 1, 1]], "both masked: output mask");
}

onCpuOnly(() => {
  for (const p of PARAMS.filter((q) => !q.skipMaskTest)) {
    test(`MergingLayersTest.test_errors_${p.name}`, () => {
      const [batchSize, ...shape] = [2, 4, 5];
      const x1 = rand([2, 4, 5], 3);
      const input1 = layers.Input({ shape, batchSize });
      const input2 = layers.Input({ shape, batchSize });
      const layer = p.make();
      assert.throws(() => layer.computeMask([input1, input2] as any, x1 as any), /`mask` should be a list/);
      assert.throws(() => layer.computeMask(input1 as any, [null, null] as any), /`inputs` should be a list/);
      assert.throws(() => layer.computeMask([input1, input2] as any, [null] as any), / should have the same length/);
    });
  }

  test("MergingLayersTest.test_subtract_layer_inputs_length_errors", () => {
    const [i1, i2, i3] = [0, 1, 2].map(() => layers.Input({ shape: [4, 5] }));
    assert.throws(() => layers.Subtract().apply([i1!, i2!, i3!]), /layer should be called on exactly 2 inputs/);
    assert.throws(() => layers.Subtract().apply([i1!]), /layer should be called on exactly 2 inputs/);
  });
});
