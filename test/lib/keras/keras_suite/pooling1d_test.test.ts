/**
 * Port of the 1-D cases of Keras 3's keras/src/layers/pooling/max_pooling_test.py and
 * average_pooling_test.py: basic output shapes, and correctness on np.arange(24).reshape(2, 3, 4)
 * against the tests' `np_maxpool1d` / `np_avgpool1d` (written out below), on every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { MaxPooling1DLayer } from "../../../../lib/keras/layers/pooling1d.js";
import { onBackends } from "../backends.js";

type Format = "channels_last" | "channels_first";
type Size = number | [number];
const first = (v: Size) => (Array.isArray(v) ? v[0] : v);

/** `_same_padding(input_size, pool_size, stride)` of the pooling tests: all of it after the steps. */
const samePadding = (size: number, pool: number, stride: number) => (size % stride === 0 ? Math.max(pool - stride, 0) : Math.max(pool - (size % stride), 0));

/** np_maxpool1d / np_avgpool1d: pad at the end (−inf for max, the edge value for average), then strided windows. */
function npPool1d(kind: "max" | "avg", x: number[][][], poolSize: Size, strides: Size, padding: "valid" | "same", format: Format): number[][][] {
  const swap = (a: number[][][]) => a.map((m) => m[0]!.map((_, j) => m.map((row) => row[j]!)));
  let steps = format === "channels_first" ? swap(x) : x;
  const [p, s] = [first(poolSize), first(strides)];
  if (padding === "same") {
    const pad = samePadding(steps[0]!.length, p, s);
    steps = steps.map((seq) => [...seq, ...Array.from({ length: pad }, () => (kind === "max" ? seq[0]!.map(() => -Infinity) : [...seq[seq.length - 1]!]))]);
  }
  const out = steps.map((seq) => {
    const count = Math.floor((seq.length - p) / s) + 1;
    return Array.from({ length: count }, (_, i) =>
      seq[0]!.map((_, c) => {
        const window = seq.slice(i * s, i * s + p).map((row) => row[c]!);
        return kind === "max" ? Math.max(...window) : window.reduce((a, b) => a + b, 0) / window.length;
      }),
    );
  });
  return format === "channels_first" ? swap(out) : out;
}

const arange = () => tf.range(0, 24, 1, "float32").reshape([2, 3, 4]);

function assertAllClose(actual: tf.Tensor, expected: number[][][], what: string): void {
  const e = tf.tensor3d(expected);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= 1e-6, `${what}: max |diff| ${diff}`);
}

const BASIC: [Size, Size, "valid" | "same", Format, number[], number[]][] = [
  [2, 1, "valid", "channels_last", [3, 5, 4], [3, 4, 4]],
  [2, 1, "same", "channels_first", [3, 5, 4], [3, 5, 4]],
  [[2], [2], "valid", "channels_last", [3, 5, 4], [3, 2, 4]],
];
const MAX_CORRECTNESS: [Size, Size, "valid" | "same", Format][] = [
  [2, 1, "valid", "channels_last"], [2, 1, "valid", "channels_first"], [2, 1, "same", "channels_last"],
  [2, 1, "same", "channels_first"], [[2], [2], "valid", "channels_last"], [[2], [2], "valid", "channels_first"],
];
const AVG_CORRECTNESS: [Size, Size, "valid" | "same", Format][] = [
  [2, 1, "valid", "channels_last"], [2, 1, "valid", "channels_first"], [[2], [2], "valid", "channels_last"], [[2], [2], "valid", "channels_first"],
];
const AVG_SAME: [Size, Size, "valid" | "same", Format][] = [
  [2, 1, "same", "channels_last"], [2, 1, "same", "channels_first"], [[2], [2], "same", "channels_last"], [[2], [2], "same", "channels_first"],
];

const make = (kind: "max" | "avg", poolSize: Size, strides: Size, padding: "valid" | "same", dataFormat: Format) =>
  (kind === "max" ? layers.MaxPooling1D : layers.AveragePooling1D)(poolSize, { strides, padding, dataFormat });

onBackends(() => {
  for (const [kind, label] of [["max", "MaxPoolingBasicTest.test_max_pooling1d"], ["avg", "AveragePoolingBasicTest.test_average_pooling1d"]] as const) {
    for (const [poolSize, strides, padding, format, inputShape, outputShape] of BASIC) {
      test(`${label}(${JSON.stringify([poolSize, strides, padding, format])})`, () => {
        const layer = make(kind, poolSize, strides, padding, format);
        assert.deepEqual((layer.apply(tf.ones(inputShape)) as tf.Tensor).shape, outputShape);
        assert.deepEqual(layer.computeOutputShape(inputShape), outputShape);
        assert.equal(layer.weights.length, 0);
      });
    }
  }
  const correctness: ["max" | "avg", string, [Size, Size, "valid" | "same", Format][]][] = [
    ["max", "MaxPoolingCorrectnessTest.test_max_pooling1d", MAX_CORRECTNESS],
    ["avg", "AveragePoolingCorrectnessTest.test_average_pooling1d", AVG_CORRECTNESS],
    ["avg", "AveragePoolingCorrectnessTest.test_average_pooling1d_same_padding", AVG_SAME],
  ];
  for (const [kind, label, cases] of correctness) {
    for (const [poolSize, strides, padding, format] of cases) {
      test(`${label}(${JSON.stringify([poolSize, strides, padding, format])})`, () => {
        const inputs = arange();
        const outputs = make(kind, poolSize, strides, padding, format).apply(inputs) as tf.Tensor;
        assertAllClose(outputs, npPool1d(kind, inputs.arraySync() as number[][][], poolSize, strides, padding, format), label);
      });
    }
  }

  test("the config keeps dataFormat and round-trips under the class name MaxPooling1D", () => {
    const config = layers.MaxPooling1D([3], { strides: [2], padding: "same", dataFormat: "channels_first" }).getConfig();
    assert.equal(config.dataFormat, "channelsFirst");
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.MaxPooling1D!;
    assert.equal(cls, MaxPooling1DLayer);
    assert.deepEqual((fromConfig(cls, config) as tf.layers.Layer).getConfig(), config);
  });
});
