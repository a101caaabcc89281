/**
 * Port of Keras 3's keras/src/activations/activations_test.py (ActivationsTest), every test, on
 * every backend, through `keras.activations`. Keras draws its inputs with np.random; ours are
 * seeded draws from the same ranges and shapes, rounded to float32 (what the backend computes
 * on), and each expectation is the test's numpy reference evaluated on those values in float64.
 * `assertAllClose` is Keras's: |actual − expected| ≤ atol + rtol·|expected|, atol 1e-6 and the
 * test's rtol (1e-6 where it gives none); equal infinities are close, as in numpy.
 *
 * Ours, beyond the file: test_sparsemax's cases all have a support of one (a one-hot result);
 * the case with several logits in the support is keras-team/keras#23469's, in
 * test/lib/keras/activations/sparsemax.test.ts.
 */
import { describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as activations from "../../../../lib/keras/activations/index.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";

type Shape = number[];
type Ref = (x: number) => number;

let seed = 1;
/** np.random.uniform(low, high, shape), seeded, as float32 values. */
function uniform(low: number, high: number, shape: Shape): tf.Tensor {
  const rand = mulberry32(seed++);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => low + (high - low) * rand()), shape);
}
const random = (shape: Shape) => uniform(0, 1, shape);

function allClose(actual: tf.Tensor, expected: ArrayLike<number>, what: string, rtol = 1e-6, atol = 1e-6): void {
  const got = actual.dataSync();
  assert.equal(got.length, expected.length, `${what}: ${got.length} values, want ${expected.length}`);
  for (let i = 0; i < got.length; i++) {
    const a = got[i]!;
    const e = expected[i]!;
    if (a === e) continue;
    assert.ok(Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what}: element ${i} is ${a}, want ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const elementwise = (t: tf.Tensor, ref: Ref): number[] => flat(t).map(ref);
/** x[np.newaxis, :] */
const newaxis = (x: tf.Tensor) => tf.expandDims(x, 0);

// The numpy references at the top of activations_test.py.
function refSoftmax(values: number[]): number[] {
  const m = Math.max(...values);
  const e = values.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
function refLogSoftmax(values: number[]): number[] {
  const m = Math.max(...values);
  const shifted = values.map((v) => v - m);
  const lse = Math.log(shifted.reduce((a, v) => a + Math.exp(v), 0));
  return shifted.map((v) => v - lse);
}
const refSoftplus: Ref = (x) => Math.log(1 + Math.exp(x));
const refLeakyRelu = (alpha: number): Ref => (x) => (x > 0 ? x : alpha * x);
const refRelu6: Ref = (x) => Math.min(Math.max(0, x), 6);
const refSilu: Ref = (x) => x / (1 + Math.exp(-x));
const refHardSigmoid: Ref = (x) => {
  const y = x / 6 + 0.5;
  return y <= 0 ? 0 : y >= 1 ? 1 : y;
};
const refSparseSigmoid: Ref = (x) => (x <= -1 ? 0 : x >= 1 ? 1 : 0.5 * (x + 1));
const refLogSigmoid: Ref = (x) => -refSoftplus(-x);
const refHardSilu: Ref = (x) => x * Math.min(Math.max(0, x + 3), 6) * (1 / 6);
const refSigmoid: Ref = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const refSoftsign: Ref = (x) => x / (1 + Math.abs(x));
/** erf by its Maclaurin series, exact to float64 rounding for the |x| < 1 the gelu case uses. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/**
 * Normalises `x` over `axes` (sorted, non-negative) with `ref`, one slice at a time: the tests'
 * `for i ...: expected[i, ...] = _ref_softmax(x[i, ...])` loops.
 */
function overAxes(x: tf.Tensor, axes: number[], ref: (v: number[]) => number[]): number[] {
  const shape = x.shape;
  const values = flat(x);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const out = new Array<number>(values.length);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const key = shape.map((_, d) => (axes.includes(d) ? "*" : Math.floor(i / strides[d]!) % shape[d]!)).join(",");
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
  }
  for (const idx of groups.values()) {
    const normalised = ref(idx.map((i) => values[i]!));
    idx.forEach((i, k) => (out[i] = normalised[k]!));
  }
  return out;
}

/** A test's sweep: `fn` on uniform(low, high, shape) (with `[np.newaxis]` for the first of each test), against `ref`. */
function sweep(fn: (x: tf.Tensor) => tf.Tensor, ref: Ref, cases: [low: number, high: number, shape: Shape, newaxis?: boolean][], rtol = 1e-5): void {
  for (const [low, high, shape, withNewaxis] of cases) {
    const x = uniform(low, high, shape);
    const result = withNewaxis ? (fn(newaxis(x)) as tf.Tensor).squeeze([0]) : fn(x);
    assert.deepEqual(result.shape, shape, `shape on uniform(${low}, ${high}, [${shape}])`);
    allClose(result, elementwise(x, ref), `uniform(${low}, ${high}, [${shape}])`, rtol);
  }
}

/** The sweep test_softplus, test_softsign, test_sigmoid and test_log_sigmoid share. */
const STANDARD_SWEEP: [number, number, Shape, boolean?][] = [
  [0, 1, [2, 5], true],
  [-10, 10, [5]],
  [-10, 10, [3, 3, 3]],
  [-1e-7, 1e-7, [2, 5]],
  [10, 100, [2, 5]],
  [-100, -10, [2, 5]],
];
/** test_tanh, test_exponential and test_mish. */
const WIDE_SWEEP: [number, number, Shape, boolean?][] = [
  [0, 1, [2, 5], true],
  [-10, 10, [2, 5], true],
  [-10, 10, [5]],
  [-10, 10, [3, 3, 3]],
  [0, 10, [2, 5]],
  [-10, 0, [2, 5]],
  [-1e-7, 1e-7, [2, 5]],
  [1e4, 1e5, [2, 5]],
];

onBackends(() => {
  describe("ActivationsTest (keras/src/activations/activations_test.py)", () => {
    test("test_softmax", () => {
      const x = random([2, 5]);
      const result = (activations.softmax(newaxis(x)) as tf.Tensor).squeeze([0]);
      allClose(result.slice([0, 0], [1, 5]), refSoftmax(flat(x).slice(0, 5)), "softmax row 0", 1e-5);
    });
    test("test_softmax_2d_axis_0", () => {
      const x = random([2, 5]);
      const result = activations.softmax(newaxis(x), { axis: 1 }).squeeze([0]);
      allClose(result, overAxes(x, [0], refSoftmax), "softmax over axis 1 of [1, 2, 5]", 1e-5);
    });
    test("test_softmax_3d_axis_tuple", () => {
      const x = random([2, 3, 5]);
      allClose(activations.softmax(x, { axis: [1, 2] }), overAxes(x, [1, 2], refSoftmax), "softmax over (1, 2)", 1e-5);
    });
    test("test_softmax_1d", () => {
      const x = random([5]);
      allClose(activations.softmax(x), refSoftmax(flat(x)), "softmax 1-D", 1e-5);
    });
    test("test_softmax_higher_dim", () => {
      const x = random([2, 3, 4, 5]);
      allClose(activations.softmax(x, { axis: [2, 3] }), overAxes(x, [2, 3], refSoftmax), "softmax over (2, 3)", 1e-5);
    });
    test("test_softmax_higher_dim_multiple_axes", () => {
      const x = random([2, 3, 4, 5, 6]);
      allClose(activations.softmax(x, { axis: [2, 3, 4] }), overAxes(x, [2, 3, 4], refSoftmax), "softmax over (2, 3, 4)", 1e-5);
    });
    test("test_softmax_negative_axis", () => {
      const x = random([2, 5]);
      allClose(activations.softmax(x, { axis: -1 }), overAxes(x, [1], refSoftmax), "softmax axis -1", 1e-5);
    });
    test("test_temporal_softmax", () => {
      const x = tf.mul(random([2, 2, 3]), 10);
      const result = (activations.softmax(newaxis(x)) as tf.Tensor).squeeze([0]);
      allClose(result.slice([0, 0, 0], [1, 1, 3]), refSoftmax(flat(x).slice(0, 3)), "temporal softmax [0, 0]", 1e-5);
    });

    test("test_log_softmax_2d_axis_0", () => {
      const x = random([2, 5]);
      allClose(activations.logSoftmax(newaxis(x), { axis: 1 }).squeeze([0]), overAxes(x, [0], refLogSoftmax), "log_softmax over axis 1 of [1, 2, 5]", 1e-5);
    });
    test("test_log_softmax_3d_axis_tuple", () => {
      const x = random([2, 3, 5]);
      allClose(activations.logSoftmax(x, { axis: [1, 2] }), overAxes(x, [1, 2], refLogSoftmax), "log_softmax over (1, 2)", 1e-5);
    });
    test("test_log_softmax_1d", () => {
      const x = random([5]);
      allClose(activations.logSoftmax(x), refLogSoftmax(flat(x)), "log_softmax 1-D", 1e-5);
    });
    test("test_log_softmax_higher_dim", () => {
      const x = random([2, 3, 4, 5]);
      allClose(activations.logSoftmax(x, { axis: [2, 3] }), overAxes(x, [2, 3], refLogSoftmax), "log_softmax over (2, 3)", 1e-5);
    });
    test("test_log_softmax_higher_dim_multiple_axes", () => {
      const x = random([2, 3, 4, 5, 6]);
      allClose(activations.logSoftmax(x, { axis: [2, 3, 4] }), overAxes(x, [2, 3, 4], refLogSoftmax), "log_softmax over (2, 3, 4)", 1e-5);
    });
    test("test_log_softmax_negative_axis", () => {
      const x = random([2, 5]);
      allClose(activations.logSoftmax(x, { axis: -1 }), overAxes(x, [1], refLogSoftmax), "log_softmax axis -1", 1e-5);
    });
    test("test_temporal_log_softmax", () => {
      const x = tf.mul(random([2, 2, 3]), 10);
      const result = (activations.logSoftmax(newaxis(x)) as tf.Tensor).squeeze([0]);
      allClose(result.slice([0, 0, 0], [1, 1, 3]), refLogSoftmax(flat(x).slice(0, 3)), "temporal log_softmax [0, 0]", 1e-5);
    });

    test("test_selu", () => {
      const alpha = 1.6732632423543772848170429916717;
      const scale = 1.0507009873554804934193349852946;
      const positive = tf.tensor2d([[1, 2]]);
      allClose((activations.selu(newaxis(positive)) as tf.Tensor).squeeze([0]), [scale, 2 * scale], "selu positive", 1e-5);
      const negative = tf.tensor2d([[-1, -2]]);
      allClose((activations.selu(newaxis(negative)) as tf.Tensor).squeeze([0]), [-1, -2].map((v) => Math.expm1(v) * scale * alpha), "selu negative");
    });
    test("test_softplus", () => sweep((x) => activations.softplus(x), refSoftplus, STANDARD_SWEEP));
    test("test_softsign", () => sweep((x) => activations.softsign(x), refSoftsign, STANDARD_SWEEP));
    test("test_sigmoid", () => sweep((x) => activations.sigmoid(x), refSigmoid, STANDARD_SWEEP));
    test("test_hard_sigmoid", () => {
      sweep((x) => activations.hardSigmoid(x), refHardSigmoid, [[0, 1, [2, 5], true], [-10, 10, [5]], [-10, 10, [3, 3, 3]]]);
      allClose(activations.hardSigmoid(uniform(5, 10, [2, 5])), new Array(10).fill(1), "hard_sigmoid of [5, 10) is 1", 1e-5);
    });
    test("test_sparse_sigmoid", () =>
      sweep((x) => activations.sparseSigmoid(x), refSparseSigmoid, [[0, 1, [2, 5], true], [-10, 10, [5]], [-10, 10, [3, 3, 3]], [10, 100, [2, 5]], [-100, -10, [2, 5]]]));
    test("test_log_sigmoid", () =>
      sweep((x) => activations.logSigmoid(x), refLogSigmoid, [[0, 1, [2, 5], true], [-10, 10, [5]], [-10, 10, [3, 3, 3]], [10, 100, [2, 5]], [-100, -10, [2, 5]]]));
    test("test_hard_silu", () => {
      sweep((x) => activations.hardSilu(x), refHardSilu, [[-3, 3, [2, 5], true], [-10, 10, [5]], [-10, 10, [3, 3, 3]]]);
      const above = uniform(5, 10, [2, 5]);
      allClose(activations.hardSilu(above), flat(above), "hard_silu of [5, 10) is x", 1e-5);
      allClose(activations.hardSilu(uniform(-10, -5, [2, 5])), new Array(10).fill(0), "hard_silu of [-10, -5) is 0", 1e-5);
    });

    const x5 = [-10, -5, 0.0, 5, 10];
    test("test_relu_negative_slope", () => allClose(activations.relu(x5, { negativeSlope: 0.5 }), [-5.0, -2.5, 0.0, 5.0, 10.0], "negative_slope 0.5", 1e-5));
    test("test_relu_max_value", () => allClose(activations.relu(x5, { maxValue: 5.0 }), [0, 0, 0, 5, 5], "max_value 5", 1e-5));
    test("test_relu_threshold", () => allClose(activations.relu(x5, { threshold: 5.0 }), [-0.0, -0.0, 0.0, 0.0, 10.0], "threshold 5", 1e-5));
    test("test_relu_combined_threshold_and_max_value", () => allClose(activations.relu(x5, { threshold: 5.0, maxValue: 5.0 }), [0, 0, 0, 0, 5], "threshold 5, max_value 5", 1e-5));
    test("test_relu_combined_all_parameters", () =>
      allClose(activations.relu(x5, { negativeSlope: 0.5, maxValue: 5.0, threshold: 5.0 }), [-7.5, -5.0, -2.5, 0.0, 5.0], "all three", 1e-5));
    test("test_relu_to_trigger_relu6", () => allClose(activations.relu([-10, -5, 0.0, 5, 10, 12], { maxValue: 6.0 }), [0, 0, 0, 5, 6, 6], "max_value 6", 1e-5));
    test("test_relu_to_trigger_leaky", () => allClose(activations.relu(x5, { negativeSlope: 0.5 }), [-5.0, -2.5, 0.0, 5.0, 10.0], "leaky", 1e-5));
    test("test_relu", () => {
      const positive = uniform(0.1, 10, [2, 5]);
      allClose((activations.relu(newaxis(positive)) as tf.Tensor).squeeze([0]), flat(positive), "positive", 1e-5);
      allClose((activations.relu(newaxis(uniform(-10, -0.1, [2, 5]))) as tf.Tensor).squeeze([0]), new Array(10).fill(0), "negative", 1e-5);
      sweep((x) => activations.relu(x), (v) => Math.max(0, v), [[-10, 10, [5]], [-10, 10, [3, 3, 3]], [-1e-7, 1e-7, [2, 5]], [1e4, 1e5, [2, 5]]]);
      allClose(activations.relu(uniform(-1e5, -1e4, [2, 5])), new Array(10).fill(0), "large negative", 1e-5);
    });
    test("test_leaky_relu", () => {
      for (const alpha of [0.01, 0.3]) {
        for (const [low, high] of [[0, 1], [-1, 0]] as const) {
          const x = uniform(low, high, [2, 5]);
          allClose(activations.leakyRelu(newaxis(x), { negativeSlope: alpha }).squeeze([0]), elementwise(x, refLeakyRelu(alpha)), `negative_slope ${alpha} on [${low}, ${high})`, 1e-5);
        }
      }
    });
    test("test_relu6", () => sweep((x) => activations.relu6(x), refRelu6, [[0, 5.9, [2, 5], true], [6.1, 10, [2, 5], true], [-1, 0, [2, 5], true]]));
    test("test_silu", () => sweep((x) => activations.silu(x), refSilu, [[0, 5.9, [2, 5], true], [-1, 1, [2, 5], true], [-5.9, 0, [2, 5], true]]));
    test("test_gelu", () => {
      sweep((x) => activations.gelu(x), (v) => v * 0.5 * (1 + erf(v / Math.SQRT2)), [[0, 1, [2, 5], true]]);
      const approximate: Ref = (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
      sweep((x) => activations.gelu(x, { approximate: true }), approximate, [[0, 1, [2, 5], true]]);
    });
    test("test_celu", () => {
      const celu = (alpha: number): Ref => (v) => Math.max(v, 0) + alpha * Math.expm1(Math.min(v, 0) / alpha);
      sweep((x) => activations.celu(x), celu(1), [[0, 1, [2, 5], true]]);
      sweep((x) => activations.celu(x, { alpha: 0.5 }), celu(0.5), [[0, 1, [2, 5], true]]);
    });
    test("test_glu", () => {
      const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
      const x = random([2, 4]);
      const [a, b] = [flat(x.slice([0, 0], [2, 2])), flat(x.slice([0, 2], [2, 2]))];
      allClose((activations.glu(newaxis(x)) as tf.Tensor).squeeze([0]), a.map((v, i) => v * sigmoid(b[i]!)), "glu axis -1", 1e-5);
      const y = random([2, 4]);
      const [top, bottom] = [flat(y.slice([0, 0], [1, 4])), flat(y.slice([1, 0], [1, 4]))];
      const result = (activations.glu(newaxis(y), { axis: -2 }) as tf.Tensor).squeeze([0]);
      assert.deepEqual(result.shape, [1, 4]);
      allClose(result, top.map((v, i) => v * sigmoid(bottom[i]!)), "glu axis -2", 1e-5);
    });
    test("test_tanh_shrink", () => sweep((x) => activations.tanhShrink(x), (v) => v - Math.tanh(v), [[0, 1, [2, 5], true]]));
    test("test_hard_tanh", () => sweep((x) => activations.hardTanh(x), (v) => Math.min(Math.max(v, -1), 1), [[0, 1, [2, 5], true]]));
    test("test_hard_shrink", () => sweep((x) => activations.hardShrink(x), (v) => (Math.abs(v) > 0.5 ? v : 0), [[0, 1, [2, 5], true]]));
    test("test_threshold", () => sweep((x) => activations.threshold(x, 0, 0), (v) => (v > 0 ? v : 0), [[0, 1, [2, 5], true]]));
    test("test_squareplus", () => sweep((x) => activations.squareplus(x), (v) => (v + Math.sqrt(v ** 2 + 4)) / 2, [[0, 1, [2, 5], true]]));
    test("test_soft_shrink", () => sweep((x) => activations.softShrink(x), (v) => (v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0), [[0, 1, [2, 5], true]]));
    test("test_sparse_plus", () => sweep((x) => activations.sparsePlus(x), (v) => (v <= -1 ? 0 : v < 1 ? (1 / 4) * (v + 1) ** 2 : v), [[0, 1, [2, 5], true]]));
    test("test_elu", () => {
      const x = random([2, 5]);
      allClose((activations.elu(newaxis(x)) as tf.Tensor).squeeze([0]), flat(x), "elu of [0, 1) is x", 1e-5);
      allClose((activations.elu(newaxis(tf.tensor2d([[-1, -2]]))) as tf.Tensor).squeeze([0]), [Math.expm1(-1), Math.expm1(-2)], "elu negative");
    });
    test("test_tanh", () => sweep((x) => activations.tanh(x), Math.tanh, WIDE_SWEEP));
    test("test_exponential", () => sweep((x) => activations.exponential(x), Math.exp, WIDE_SWEEP));
    test("test_mish", () => sweep((x) => activations.mish(x), (v) => v * Math.tanh(refSoftplus(v)), WIDE_SWEEP));
    test("test_linear", () => {
      for (const shape of [[10, 5], [5], [10, 5], [5, 5, 5], [10, 5]]) {
        const x = uniform(-10, 10, shape);
        allClose(activations.linear(x), flat(x), `linear [${shape}]`);
      }
      const ints = tf.tensor2d(Int32Array.from({ length: 50 }, (_, i) => (i % 20) - 10), [10, 5], "int32");
      const out = activations.linear(ints);
      assert.equal(out.dtype, "int32", "int32 stays int32");
      allClose(out, flat(ints), "linear int32");
    });
    test("test_sparsemax", () => {
      const linspace = Array.from({ length: 12 }, (_, i) => i + 1);
      const oneHot = (shape: Shape, hot: (idx: number[]) => boolean): number[] => {
        const out: number[] = [];
        const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
        for (let i = 0; i < 12; i++) out.push(hot(shape.map((s, d) => Math.floor(i / strides[d]!) % s)) ? 1 : 0);
        return out;
      };
      allClose(activations.sparsemax(linspace), oneHot([12], ([i]) => i === 11), "1-D");
      allClose(activations.sparsemax(tf.tensor(linspace, [6, 2])), oneHot([6, 2], ([, j]) => j === 1), "2-D");
      allClose(activations.sparsemax(tf.tensor(linspace, [4, 1, 3])), oneHot([4, 1, 3], ([, , k]) => k === 2), "3-D");
      allClose(activations.sparsemax(tf.tensor(linspace, [6, 2]), { axis: -2 }), oneHot([6, 2], ([i]) => i === 5), "2-D, axis -2");
      allClose(activations.sparsemax(tf.tensor(linspace, [4, 1, 3]), { axis: -2 }), new Array(12).fill(1), "3-D, axis -2 (size 1)");
      allClose(activations.sparsemax(tf.tensor(linspace, [4, 1, 3]), { axis: -3 }), oneHot([4, 1, 3], ([i]) => i === 3), "3-D, axis -3");
      allClose(activations.sparsemax(tf.tensor(linspace, [6, 1, 1, 2]), { axis: -3 }), new Array(12).fill(1), "4-D, axis -3 (size 1)");
    });
    test("test_get_method", () => {
      assert.equal(activations.get("relu"), activations.relu);
      assert.equal(activations.get(null), activations.linear);
      assert.throws(() => activations.get("typo"), /Could not interpret activation function identifier: "typo"/);
    });
  });
});
