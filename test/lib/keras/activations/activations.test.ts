/**
 * keras.activations beyond Keras's own tests (keras_suite/activations_test.test.ts): the
 * functions as a layer's `activation` (Keras's name, saved and loaded), on symbolic tensors (a
 * layer in the graph), argument checks that name the function and the argument, and no leaked
 * tensors.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as activations from "../../../../lib/keras/activations/index.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { builtinActivationName } from "../../../../lib/keras/activations/builtin_names.js";
import { onBackends, onCpuOnly } from "../backends.js";

async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  return saved!;
}

const x24 = () => tf.tensor2d([[-2, -0.5, 0.5, 2], [1, -1, 3, -3]]);

onBackends(() => {
  test("a built-in function as a layer's activation is Keras's name: same numbers, saved by name, loaded back", async () => {
    const input = layers.Input({ shape: [4] });
    const hidden = layers.Dense(3, { activation: activations.gelu, kernelInitializer: "glorot_uniform" }).apply(input);
    const gated = layers.LSTM(2, { activation: activations.tanh, recurrentActivation: activations.hardSigmoid }).apply(layers.Reshape([3, 1]).apply(hidden));
    const out = layers.Activation(activations.leakyRelu).apply(gated);
    const model = Model(input, out);
    const saved = await saveToMemory(model);
    const json = JSON.stringify(saved.modelTopology);
    for (const name of ["gelu", "hard_sigmoid", "leaky_relu"]) assert.match(json, new RegExp(`"(recurrent_)?activation":"${name}"`), `${name} saved by name`);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const [a, b] = [model.predict(x24()) as tf.Tensor, loaded.predict(x24()) as tf.Tensor];
    assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
    const byName = layers.Dense(3, { activation: "gelu", kernelInitializer: "ones" });
    const byFunction = layers.Dense(3, { activation: activations.gelu, kernelInitializer: "ones" });
    assert.deepEqual(Array.from((byFunction.apply(x24()) as tf.Tensor).dataSync()), Array.from((byName.apply(x24()) as tf.Tensor).dataSync()));
  });

  test("a symbolic input gives a symbolic output: Activation(name) with Keras's defaults, a Lambda with arguments", () => {
    const input = layers.Input({ shape: [4] });
    const plain = activations.relu(input);
    const clipped = activations.relu(input, { maxValue: 1 });
    const gated = activations.glu(input);
    assert.ok(plain instanceof tf.SymbolicTensor && clipped instanceof tf.SymbolicTensor && gated instanceof tf.SymbolicTensor);
    assert.deepEqual(gated.shape, [null, 2], "glu halves the last axis");
    assert.equal(plain.sourceLayer.getClassName(), "Activation");
    assert.equal(clipped.sourceLayer.getClassName(), "Lambda");
    const model = Model(input, [plain, clipped, gated]);
    const [p, c, g] = model.predict(x24()) as tf.Tensor[];
    assert.deepEqual(p!.arraySync(), [[0, 0, 0.5, 2], [1, 0, 3, 0]]);
    assert.deepEqual(c!.arraySync(), [[0, 0, 0.5, 1], [1, 0, 1, 0]]);
    const expected = activations.glu(x24());
    assert.deepEqual(Array.from(g!.dataSync()), Array.from(expected.dataSync()));
    assert.equal(activations.softmax(input, { axis: -1 }).sourceLayer.getClassName(), "Activation", "the default written out is still the default");
  });

  test("a tensor in leaks no tensors; nested numbers are taken as a float32 tensor", () => {
    const x = x24();
    const before = tf.memory().numTensors;
    const outs = [activations.relu(x, { negativeSlope: 0.1, maxValue: 2, threshold: 0.5 }), activations.softmax(x, { axis: [0, 1] }), activations.sparsemax(x, { axis: 0 }), activations.glu(x), activations.celu(x, { alpha: 2 })];
    assert.equal(tf.memory().numTensors, before + outs.length);
    const fromNumbers = activations.hardTanh([[-2, 0.5]]);
    assert.equal(fromNumbers.dtype, "float32");
    assert.deepEqual(fromNumbers.arraySync(), [[-1, 0.5]]);
  });

  test("elu, softShrink, hardShrink and squareplus honour their arguments", () => {
    const x = tf.tensor1d([-2, -0.6, 0.3, 0.8]);
    const close = (t: tf.Tensor, want: number[], what: string) =>
      Array.from(t.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-6, `${what}[${i}] = ${v}, want ${want[i]}`));
    close(activations.elu(x, { alpha: 0.5 }), [0.5 * Math.expm1(-2), 0.5 * Math.expm1(-0.6), 0.3, 0.8], "elu alpha 0.5");
    close(activations.softShrink(x, { threshold: 0.7 }), [-1.3, 0, 0, 0.1], "soft_shrink 0.7");
    close(activations.hardShrink(x, { threshold: 0.7 }), [-2, 0, 0, 0.8], "hard_shrink 0.7");
    close(activations.squareplus(x, { b: 0 }), [0, 0, 0.3, 0.8], "squareplus b 0 is relu");
    close(activations.threshold(x, 0.5, -9), [-9, -9, -9, 0.8], "threshold 0.5 → -9");
  });
});

onCpuOnly(() => {
  test("every built-in function knows its Keras name, which a layer's activation accepts or refuses by name", () => {
    assert.equal(builtinActivationName(activations.hardSwish), "hard_silu");
    assert.equal(builtinActivationName(activations.swish), "silu");
    assert.equal(builtinActivationName((t: tf.Tensor) => t), undefined);
    assert.throws(() => layers.Dense(2, { activation: activations.glu }), /Dense: `activation`: keras.activations.glu halves its axis/);
    assert.throws(() => layers.Dense(2, { activation: activations.threshold as never }), /keras.activations.threshold needs its `threshold` and `defaultValue`/);
  });

  test("bad arguments are refused, naming the function and the argument", () => {
    const x = x24();
    assert.throws(() => activations.relu(x, { slope: 1 } as never), /keras.activations.relu: unknown argument `slope`; accepted: maxValue, negativeSlope, threshold/);
    assert.throws(() => activations.relu(x, { maxValue: -1 }), /keras.activations.relu: `maxValue` must be a number ≥ 0; got -1/);
    assert.throws(() => activations.celu(x, { alpha: 0 }), /keras.activations.celu: `alpha` must be a number > 0; got 0/);
    assert.throws(() => activations.softmax(x, { axis: 2 }), /softmax: `axis` 2 is outside a rank-2 input/);
    assert.throws(() => activations.softmax(x, { axis: [1, -1] }), /softmax: `axis` repeats an axis; got \[1, -1\]/);
    assert.throws(() => activations.glu(tf.ones([2, 3])), /keras.activations.glu: axis -1 must have an even size to split in two halves; got size 3/);
    assert.throws(() => activations.glu(layers.Input({ shape: [5] })), /must have an even size.*got size 5/, "checked on a symbolic input too, before a layer is made");
    assert.throws(() => activations.threshold(x, 0.5 as never, undefined as never), /`defaultValue` must be a number/);
    assert.throws(() => (activations.tanh as (x: tf.Tensor, o: object) => tf.Tensor)(x, {}), /keras.activations.tanh takes only `x`/);
    assert.throws(() => activations.relu("abc" as never), /keras.activations.relu: `x` must be a tensor, a symbolic tensor or \(nested\) numbers; got string/);
  });
});
