/**
 * Keras's `activity_regularizer` (lib/keras/layers/activity_regularization.ts): each call on
 * tensors adds regularizer(output) / batch_size to the layer's losses (tfjs threw
 * NotImplementedError), symbolic calls add nothing, and the RNNs keep and save the option.
 * By hand: Dense(2) with kernel [[1, 2], [3, 4]], no bias, on x = [[1, 0], [0, 1], [1, 1]] gives
 * [[1, 2], [3, 4], [4, 6]]; sum of squares 82, so L2(0.01) costs 0.82 / 3, L1(0.1) 2 / 3.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { activityLoss, toRegularizer } from "../../../../lib/keras/layers/activity_regularization.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { serializationRoundTrip } from "../keras_suite/layer_cases.js";

const values = (layer: tf.layers.Layer) => (layer.losses as unknown as tf.Scalar[]).map((t) => t.dataSync()[0]!);
const near = (got: number[], want: number[], what: string) => {
  assert.equal(got.length, want.length, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 1e-5, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`));
};
/** 0.01 · sum(y²) / batch, the default "l2" penalty of an output, from its values. */
const l2Of = (y: tf.Tensor) => (0.01 * tf.sum(tf.square(y)).dataSync()[0]!) / y.shape[0]!;

function handDense(activityRegularizer: "l2" | ReturnType<typeof tf.regularizers.l1>): tf.layers.Layer {
  const dense = keras.layers.Dense(2, { useBias: false, activityRegularizer });
  dense.build([null, 2]);
  dense.setWeights([tf.tensor2d([[1, 2], [3, 4]])]);
  return dense;
}
const X = () => tf.tensor2d([[1, 0], [0, 1], [1, 1]]);

onBackends(() => {
  test("Dense: the penalty of its output over the batch size, by hand", () => {
    const dense = handDense("l2");
    const y = dense.apply(X());
    near(Array.from(y.dataSync()), [1, 2, 3, 4, 4, 6], "output");
    near(values(dense), [0.82 / 3], "0.01 · 82 / 3");
    const l1 = handDense(tf.regularizers.l1({ l1: 0.1 }));
    l1.apply(X());
    near(values(l1), [2 / 3], "0.1 · 20 / 3");
  });

  test("each call replaces the last call's penalty; a symbolic call adds none", () => {
    const dense = handDense("l2");
    dense.apply(X());
    dense.apply(tf.tensor2d([[1, 0]]));
    near(values(dense), [0.05], "0.01 · (1 + 4) / 1: the latest call only");
    const fresh = keras.layers.Dense(2, { activityRegularizer: "l2" });
    fresh.apply(keras.Input({ shape: [2] }));
    assert.equal(fresh.losses.length, 0);
  });

  test("an empty batch costs 0 (divide_no_nan); a scalar output is not divided", () => {
    const dense = handDense("l2");
    dense.apply(tf.zeros([0, 2]));
    near(values(dense), [0], "batch 0");
    const reg = tf.regularizers.l2({ l2: 0.5 });
    near([activityLoss(reg, tf.scalar(3)).dataSync()[0]!], [4.5], "0.5 · 3², undivided");
    near([activityLoss(reg, tf.ones([4, 2])).dataSync()[0]!], [1], "0.5 · 8 / 4");
  });

  test("the convolutions and Embedding take the option and add the penalty of their output", () => {
    const cases: [string, tf.layers.Layer, tf.Tensor][] = [
      ["Conv1D", keras.layers.Conv1D(2, 2, { activityRegularizer: "l2" }), tf.randomUniform([2, 4, 3], 0, 1, "float32", 1)],
      ["Conv2D", keras.layers.Conv2D(2, 2, { activityRegularizer: "l2" }), tf.randomUniform([2, 3, 3, 2], 0, 1, "float32", 2)],
      ["Conv2DTranspose", keras.layers.Conv2DTranspose(2, 2, { activityRegularizer: "l2" }), tf.randomUniform([2, 3, 3, 2], 0, 1, "float32", 3)],
      ["SeparableConv1D", keras.layers.SeparableConv1D(2, 2, { activityRegularizer: "l2" }), tf.randomUniform([2, 4, 3], 0, 1, "float32", 4)],
      ["SeparableConv2D", keras.layers.SeparableConv2D(2, 2, { activityRegularizer: "l2" }), tf.randomUniform([2, 3, 3, 2], 0, 1, "float32", 5)],
      ["DepthwiseConv2D", keras.layers.DepthwiseConv2D(2, { activityRegularizer: "l2" }), tf.randomUniform([2, 3, 3, 2], 0, 1, "float32", 6)],
      ["Embedding", keras.layers.Embedding(5, 3, { activityRegularizer: "l2" }), tf.tensor2d([[1, 2], [3, 4]], undefined, "int32")],
    ];
    for (const [name, layer, x] of cases) {
      const y = layer.apply(x);
      near(values(layer), [l2Of(y)], name);
    }
  });

  test("LSTM, GRU and SimpleRNN keep the option: the penalty of every output, states included", () => {
    const x = tf.randomUniform([2, 3, 2], 0, 1, "float32", 7);
    for (const make of [keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN]) {
      const rnn = make(3, { activityRegularizer: "l2" });
      const y = rnn.apply(x);
      near(values(rnn), [l2Of(y)], `${rnn.getClassName()} output`);
      const withState = make(3, { activityRegularizer: "l2", returnState: true });
      const outs = withState.apply(x) as unknown as tf.Tensor[];
      near(values(withState), outs.map(l2Of), `${rnn.getClassName()} output and states`);
    }
  });

  test("an RNN's penalty is of the outputs it returns: zeroOutputForMask's zeros included", () => {
    const lstm = keras.layers.LSTM(2, { activityRegularizer: "l2", returnSequences: true, zeroOutputForMask: true });
    const x = tf.randomUniform([1, 3, 2], 0, 1, "float32", 8);
    const y = lstm.apply(x, { mask: tf.tensor2d([[1, 1, 0]], undefined, "bool") });
    assert.equal(tf.sum(tf.abs(tf.slice(y, [0, 2, 0], [1, 1, 2]))).dataSync()[0], 0, "the masked step is zero");
    near(values(lstm), [l2Of(y)], "penalty of the zeroed output");
  });
});

onCpuOnly(() => {
  test("RNN configs carry the option and round-trip it; null when unset, as tfjs's Dense writes", () => {
    for (const make of [keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN]) {
      const rnn = make(2, { activityRegularizer: tf.regularizers.l1({ l1: 0.25 }) });
      assert.deepEqual(rnn.getConfig().activityRegularizer, { className: "L1L2", config: { l1: 0.25, l2: 0 } }, rnn.getClassName());
      const again = serializationRoundTrip(rnn);
      const reg = (again as unknown as { activityRegularizer: { getConfig(): unknown } }).activityRegularizer;
      assert.deepEqual(reg.getConfig(), { l1: 0.25, l2: 0 }, `${rnn.getClassName()} from its config`);
      assert.equal(make(2).getConfig().activityRegularizer, null);
    }
  });

  test("a saved model keeps an LSTM's activity regularizer (toJSON → modelFromJSON)", async () => {
    const m = keras.Sequential([keras.Input({ shape: [3, 2] }), keras.layers.LSTM(2, { activityRegularizer: "l2" })]);
    const topology = m.toJSON(null, false);
    assert.match(JSON.stringify(topology), /"activity_regularizer":\{"class_name":"L1L2"/);
    const loaded = await tf.models.modelFromJSON({ modelTopology: JSON.parse(JSON.stringify(topology)) } as any);
    const lstm = loaded.layers[loaded.layers.length - 1] as unknown as { activityRegularizer: { getConfig(): unknown } };
    assert.deepEqual(lstm.activityRegularizer.getConfig(), { l1: 0, l2: 0.01 });
  });

  test("toRegularizer takes an object or its config, refuses anything else", () => {
    const l2 = tf.regularizers.l2({ l2: 0.3 });
    assert.equal(toRegularizer(l2, "x"), l2);
    assert.equal(toRegularizer(null, "x"), null);
    assert.deepEqual(toRegularizer({ className: "L1L2", config: { l1: 0.1, l2: 0 } }, "x")!.getConfig(), { l1: 0.1, l2: 0 });
    assert.throws(() => toRegularizer({ className: "Nope", config: {} }, "LSTM: activityRegularizer"), /LSTM: activityRegularizer: unknown regularizer "Nope"/);
    assert.throws(() => toRegularizer(3, "LSTM: activityRegularizer"), /must be a tfjs regularizer/);
  });
});
