import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { ELULayer, LeakyReLULayer, PReLULayer, ReLULayer, SoftmaxLayer } from "../../../../lib/keras/layers/activation_layers.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "../keras_suite/lookup_helpers.js";
import { serializationRoundTrip } from "../keras_suite/layer_cases.js";

// Edit-time checks: tsc fails the build if any of these lines stops being an error.
function editTimeRejections(): void {
  // @ts-expect-error Python's snake_case is not the option name
  layers.ReLU({ max_value: 6 });
  // @ts-expect-error LeakyReLU has no threshold
  layers.LeakyReLU({ threshold: 1 });
  // @ts-expect-error axis is a number or numbers
  layers.Softmax({ axis: "last" });
  // @ts-expect-error unknown initializer name
  layers.PReLU({ alphaInitializer: "zero" });
}
void editTimeRejections;

async function saveAndLoad(model: tf.LayersModel): Promise<{ json: string; loaded: tf.LayersModel }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  return { json: JSON.stringify(saved!.modelTopology), loaded: await tf.loadLayersModel(tf.io.fromMemory(saved!)) };
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

onCpuOnly(() => {
  test("configs round-trip through the classes registered under Keras's names", () => {
    const made = [
      layers.ReLU({ maxValue: 6, negativeSlope: 0.1, threshold: 0.5 }),
      layers.LeakyReLU({ negativeSlope: 0.2 }),
      layers.PReLU({ alphaInitializer: "ones", alphaRegularizer: "l2", alphaConstraint: "non_neg", sharedAxes: [1, 2] }),
      layers.ELU({ alpha: 0.7 }),
      layers.Softmax({ axis: [1, 2] }),
    ];
    const classes = [ReLULayer, LeakyReLULayer, PReLULayer, ELULayer, SoftmaxLayer];
    made.forEach((layer, i) => {
      assert.ok(layer instanceof classes[i]!);
      const again = serializationRoundTrip(layer);
      assert.ok(again instanceof classes[i]!, `${layer.getClassName()} loads as ours`);
    });
    assert.deepEqual(made.map((l) => l.getClassName()), ["ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"]);
    assert.equal(made[3]!.getConfig().alpha, 0.7, "ELU keeps alpha (Keras's config drops it)");
  });

  test("Keras's automatic names", () => {
    assert.match(layers.ReLU().name, /^re_lu(_\d+)?$/);
    assert.match(layers.LeakyReLU().name, /^leaky_re_lu(_\d+)?$/);
    assert.match(layers.PReLU().name, /^p_re_lu(_\d+)?$/);
    assert.match(layers.ELU().name, /^elu(_\d+)?$/);
    assert.match(layers.Softmax().name, /^softmax(_\d+)?$/);
  });

  test("options are checked by name, in the factories and when a config loads", () => {
    assert.throws(() => layers.ReLU({ max_value: 6 } as any), /ReLU: unknown argument `max_value`; accepted: .*maxValue/);
    assert.throws(() => layers.ReLU({ maxValue: "6" as any }), /ReLU: `maxValue` must be a number/);
    assert.throws(() => ReLULayer.fromConfig(ReLULayer, { threshold: -1 }), /threshold of a ReLU layer cannot be null or a negative value/);
    assert.throws(() => layers.ELU({ alpha: "1" as any }), /ELU: `alpha` must be a number/);
    assert.throws(() => layers.Softmax({ axis: 1.5 }), /Softmax: `axis` must be an integer or a non-empty list of integers; got 1\.5/);
    assert.throws(() => layers.Softmax({ axis: [] }), /non-empty list/);
    assert.throws(() => layers.Softmax({ axis: 2 }).apply(tf.zeros([2, 3])), /Softmax: `axis` 2 is outside a rank-2 input/);
    assert.throws(() => layers.PReLU({ sharedAxes: 0 }), /PReLU: `sharedAxes` must be an axis ≥ 1 \(axis 0 is the batch\)/);
    assert.throws(() => layers.PReLU({ sharedAxes: 3 }).apply(tf.zeros([2, 3, 4])), /PReLU: `sharedAxes` 3 is outside a rank-3 input/);
    assert.throws(() => layers.PReLU({ alphaRegularizer: "l3" as any }), /PReLU: `alphaRegularizer` must be "l1", "l2", "l1_l2"/);
  });

  test("PReLU: alpha is the input shape less the batch, 1 on shared axes; only the other axes are pinned", () => {
    const layer = layers.PReLU({ sharedAxes: 1 });
    layer.apply(tf.zeros([2, 3, 4]));
    assert.deepEqual(layer.weights.map((w) => [w.name, w.shape]), [[`${layer.name}/alpha`, [1, 4]]], "Keras's weight path <layer>/alpha");
    const unshared = layers.PReLU();
    unshared.apply(tf.zeros([2, 3, 4]));
    assert.deepEqual(unshared.weights[0]!.shape, [3, 4]);
    // Axis 1 is shared: another length there is fine; axis 2 is pinned to 4.
    assert.deepEqual((layer.apply(tf.zeros([2, 5, 4])) as tf.Tensor).shape, [2, 5, 4]);
    assert.throws(() => layer.apply(tf.zeros([2, 3, 5])), /expected axis 2 of input shape to have value 4/);
    assert.equal(layer.losses.length, 0);
    const regularized = layers.PReLU({ alphaRegularizer: "L1" });
    regularized.apply(tf.zeros([1, 2]));
    assert.equal(regularized.losses.length, 1, "the L1 penalty on alpha");
  });
});

onBackends(() => {
  test("a model of these layers saves by Keras's names and options and loads into ours", async () => {
    const input = layers.Input({ shape: [3, 4] });
    let x = layers.ReLU({ maxValue: 2, negativeSlope: 0.1, threshold: 0.25 }).apply(input) as tf.SymbolicTensor;
    x = layers.Dense(4, { kernelInitializer: "glorot_uniform" }).apply(x) as tf.SymbolicTensor;
    x = layers.LeakyReLU({ negativeSlope: 0.2 }).apply(x) as tf.SymbolicTensor;
    x = layers.PReLU({ alphaInitializer: "random_uniform", sharedAxes: 1 }).apply(x) as tf.SymbolicTensor;
    x = layers.ELU({ alpha: 0.5 }).apply(x) as tf.SymbolicTensor;
    const output = layers.Softmax({ axis: [1, 2] }).apply(x) as tf.SymbolicTensor;
    const model = Model(input, output);
    const data = tf.sub(tf.mul(tf.randomUniform([2, 3, 4], 0, 1, "float32", 9), 4), 2);
    const { json, loaded } = await saveAndLoad(model);
    for (const key of ['"max_value":2', '"negative_slope":0.1', '"threshold":0.25', '"negative_slope":0.2', '"shared_axes":[1]', '"alpha":0.5', '"axis":[1,2]']) {
      assert.ok(json.includes(key), `saved JSON has ${key}`);
    }
    assert.deepEqual(loaded.layers.slice(1).map((l) => l.constructor.name), ["ReLULayer", "Dense", "LeakyReLULayer", "PReLULayer", "ELULayer", "SoftmaxLayer"]);
    assert.equal(maxDiff(loaded.predict(data) as tf.Tensor, model.predict(data) as tf.Tensor), 0);
    const total = tf.sum(loaded.predict(data) as tf.Tensor).dataSync()[0]!;
    assert.ok(Math.abs(total - 2) < 1e-5, "a softmax over both axes sums to 1 per sample");
  });

  test("a model of tfjs's own activation layers loads into ours, same outputs", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.reLU({ maxValue: 1.5, inputShape: [5] }),
        tf.layers.leakyReLU({ alpha: 0.1 }),
        tf.layers.prelu({ alphaInitializer: "ones" }),
        tf.layers.elu(),
        tf.layers.softmax({ axis: 1 }),
      ],
    });
    const data = tf.tensor([[-3, -1, 0, 1, 3], [2, -2, 0.5, -0.5, 1]]);
    const { loaded } = await saveAndLoad(model);
    assert.ok(loaded.layers[0] instanceof ReLULayer && loaded.layers[0].maxValue === 1.5);
    assert.ok(loaded.layers[1] instanceof LeakyReLULayer && loaded.layers[1].negativeSlope === 0.1, "tfjs's alpha is the slope");
    assert.ok(loaded.layers[2] instanceof PReLULayer);
    assert.ok(loaded.layers[4] instanceof SoftmaxLayer && loaded.layers[4].axis === 1);
    assert.ok(maxDiff(loaded.predict(data) as tf.Tensor, model.predict(data) as tf.Tensor) < 1e-6);
  });

  test("Softmax in a functional model takes its input's mask, through ReLU, and zeroes masked positions", () => {
    const input = layers.Input({ shape: [4] });
    const masked = layers.Lambda((t: tf.Tensor) => tf.mul(t, 1), { mask: (t: tf.Tensor) => tf.notEqual(t, 0) }).apply(input) as tf.SymbolicTensor;
    const output = layers.Softmax().apply(layers.ReLU({ negativeSlope: 1 }).apply(masked) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = Model(input, output);
    const e = (v: number[]) => v.map((a) => Math.exp(a) / v.reduce((s, b) => s + Math.exp(b), 0));
    const [a, b] = e([1, 2]);
    const [c, d] = e([3, -1]);
    close(model.predict(tf.tensor([[1, 2, 0, 0], [3, 0, -1, 0], [0, 0, 0, 0]])), [[a, b, 0, 0], [c, 0, d, 0], [0, 0, 0, 0]], "masked softmax in a model");
  });

  test("Softmax after Embedding(maskZero) refuses the [batch, steps] mask on [batch, steps, dim], as Keras", () => {
    const input = layers.Input({ shape: [3] });
    const output = layers.Softmax().apply(layers.Embedding(5, 2, { maskZero: true }).apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = Model(input, output);
    assert.throws(() => model.predict(tf.tensor([[1, 2, 0]])), /Softmax: The `mask` must be broadcastable to `inputs`\. Each mask dimension must be 1 or match/);
  });

  test("PReLU's alpha trains: one SGD step moves it by the gradient of the loss", async () => {
    const input = layers.Input({ shape: [2, 3] });
    const prelu = layers.PReLU({ sharedAxes: 1 });
    const model = Model(input, prelu.apply(input) as tf.SymbolicTensor);
    const lr = 0.5;
    model.compile({ optimizer: tf.train.sgd(lr), loss: "meanSquaredError" });
    const xs = [[[-1, 2, -3], [-2, -1, 4]], [[1, -4, -2], [3, -1, 0.5]]];
    const x = tf.tensor(xs);
    // Target: slope 0.25 where x < 0. With alpha = 0 the prediction is relu(x).
    const ys = xs.map((r) => r.map((c) => c.map((v) => (v > 0 ? v : 0.25 * v))));
    await model.fit(x, tf.tensor(ys), { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    // L = mean over the 12 entries of (ŷ − y)²; dL/dalpha_j = (2/12) Σ (ŷ − y)·x·[x ≤ 0] over batch and axis 1.
    const grad = [0, 1, 2].map((j) => {
      let s = 0;
      for (let n = 0; n < 2; n++) for (let i = 0; i < 2; i++) {
        const v = xs[n]![i]![j]!;
        if (v <= 0) s += (0 - ys[n]![i]![j]!) * v;
      }
      return (2 / 12) * s;
    });
    close(prelu.getWeights()[0]!, [grad.map((g) => -lr * g)], "alpha after one step");
    // More steps bring alpha to the target slope.
    await model.fit(x, tf.tensor(ys), { epochs: 60, batchSize: 2, verbose: 0, shuffle: false });
    const alpha = Array.from(prelu.getWeights()[0]!.dataSync());
    assert.ok(alpha.every((a) => Math.abs(a - 0.25) < 1e-3), `alpha ${alpha} → 0.25`);
  });
});
