/**
 * Keras's `layer.losses` on tfjs layers (lib/keras/layers/layer_losses.ts): tensors, the call
 * losses reset by each outermost call, weight-regularizer penalties computed when read, and the
 * layers a layer tracks (an RNN's cell, a wrapper's layer, a model's layers) counted once.
 * Numbers by hand: an L2(0.5) kernel of ones [2, 3] costs 0.5 · 6 = 3.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { addCallLoss, clearCallLosses, flattenLayers, kerasLosses, runAsOneCall, trackedLayers } from "../../../../lib/keras/layers/layer_losses.js";
import { onBackends } from "../backends.js";

const values = (layer: tf.layers.Layer) => (layer.losses as unknown as tf.Scalar[]).map((t) => t.dataSync()[0]!);
const near = (got: number[], want: number[], what: string) => {
  assert.equal(got.length, want.length, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 1e-5, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`));
};

/** A layer that adds `sum(x)` as a call loss (Keras's `self.add_loss(ops.sum(x))`). */
class SumLoss extends tf.layers.Layer {
  static className = "SumLossForTest";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.addLoss(tf.sum(x));
    return x;
  }
}

onBackends(() => {
  test("losses are tensors: a kernel regularizer's value, computed when read", () => {
    const dense = keras.layers.Dense(3, { kernelInitializer: "ones", kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) });
    dense.build([null, 2]);
    assert.ok(dense.losses[0] instanceof tf.Tensor);
    near(values(dense), [3], "0.5 · sum(ones[2,3]²)");
    dense.setWeights([tf.fill([2, 3], 2), tf.zeros([3])]);
    near(values(dense), [12], "re-read after the kernel changed");
    near(dense.calculateLosses().map((t) => t.dataSync()[0]!), [12], "calculateLosses is the same list");
  });

  test("addLoss(tensor) inside call: one per call, reset by the next call", () => {
    const layer = new SumLoss({});
    layer.apply(tf.ones([2, 3]));
    near(values(layer), [6], "sum(ones[2,3])");
    tf.tidy(() => {
      layer.apply(tf.ones([1, 2]));
    });
    near(values(layer), [2], "the latest call's only, and kept out of the tidy");
  });

  test("addLoss(fn) keeps tfjs's meaning: evaluated whenever losses are read", () => {
    const layer = new SumLoss({});
    layer.addLoss(() => tf.scalar(4));
    near(values(layer), [4], "the function's value");
    layer.apply(tf.ones([1, 1]));
    near(values(layer), [1, 4], "call losses first, then the functions");
    assert.throws(() => layer.addLoss(3 as unknown as tf.Tensor), /addLoss takes a tensor/);
  });

  test("an RNN tracks its cell: its kernel regularizer is one of its losses (tfjs's list was empty)", () => {
    const lstm = keras.layers.LSTM(2, { kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }), recurrentInitializer: "zeros" });
    lstm.apply(tf.ones([1, 3, 2]));
    assert.ok(trackedLayers(lstm).includes(lstm.cell));
    const kernel = lstm.getWeights()[0]!;
    near(values(lstm), [0.5 * tf.sum(tf.square(kernel)).dataSync()[0]!], "0.5 · sum(kernel²)");
  });

  test("a wrapper tracks its layer", () => {
    const dense = keras.layers.Dense(3, { kernelInitializer: "ones", kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) });
    const td = keras.layers.TimeDistributed(dense);
    td.apply(tf.ones([1, 4, 2]));
    near(values(td), [3], "the wrapped Dense's penalty");
  });

  test("a model tracks its layers and nested models, each layer once however often it is called", () => {
    const shared = keras.layers.Dense(3, { kernelInitializer: "ones", kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) });
    const inner = keras.Sequential([keras.Input({ shape: [2] }), shared]);
    const input = keras.Input({ shape: [2] });
    const outer = keras.Model({ inputs: input, outputs: keras.layers.Add().apply([inner.apply(input), shared.apply(input)]) });
    const layers = flattenLayers(outer);
    assert.equal(layers.filter((l) => l === shared).length, 1);
    assert.ok(layers.includes(inner));
    near(values(outer), [3], "the shared kernel's penalty once");
    near(outer.calculateLosses().map((t) => t.dataSync()[0]!), [3], "what fit adds: the same (tfjs counted it once per call)");
  });

  test("runAsOneCall: the outermost call clears its layers' call losses; inner calls add", () => {
    const a = new SumLoss({});
    const b = new SumLoss({});
    const seq = keras.Sequential([keras.Input({ shape: [2] }), a, b]);
    seq.apply(tf.ones([1, 2]));
    near(values(seq), [2, 2], "one call loss per layer");
    runAsOneCall(seq, () => {
      a.apply(tf.ones([1, 1]));
      a.apply(tf.ones([1, 3]));
    });
    near(values(a), [1, 3], "a layer called twice inside one outer call keeps both");
    near(values(b), [], "cleared by the outer call");
  });

  test("clearCallLosses frees the tensors it drops", () => {
    const layer = new SumLoss({});
    const loss = tf.scalar(1);
    addCallLoss(layer, loss);
    assert.equal(kerasLosses(layer).length, 1);
    clearCallLosses(layer);
    assert.equal(loss.isDisposed, true);
    assert.equal(kerasLosses(layer).length, 0);
  });

  test("dispose frees the layer's call losses", () => {
    const layer = new SumLoss({});
    layer.apply(tf.ones([1, 2]));
    const loss = (layer.losses as unknown as tf.Scalar[])[0]!;
    layer.dispose();
    assert.equal(loss.isDisposed, true);
  });
});
