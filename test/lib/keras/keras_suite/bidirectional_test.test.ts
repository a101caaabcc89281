/**
 * Port of Keras 3's keras/src/layers/rnn/bidirectional_test.py: test_basics (with a backward
 * layer) and test_correctness (merge modes, a custom backward layer, a GRU with sequences), on
 * every backend.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { BidirectionalLayer } from "../../../../lib/keras/layers/wrappers.js";
import { onBackends, onCpuOnly } from "../backends.js";

const constant = (value: number) => tf.initializers.constant({ value });

function assertAllClose(actual: tf.Tensor, expected: unknown, what: string): void {
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  const diff = tf.max(tf.abs(tf.sub(actual, e))).dataSync()[0]!;
  assert.ok(diff <= 1e-5, `${what}: max |diff| ${diff}`);
}

onBackends(() => {
  test("BidirectionalTest.test_basics (with a backward layer, merge sum)", () => {
    const layer = layers.Bidirectional(layers.SimpleRNN(4), { backwardLayer: layers.SimpleRNN(4, { goBackwards: true }), mergeMode: "sum" });
    const out = layer.apply(tf.ones([3, 2, 4])) as tf.Tensor;
    assert.deepEqual(out.shape, [3, 4]);
    assert.equal(layer.trainableWeights.length, 6);
    assert.equal(layer.nonTrainableWeights.length, 0);
  });

  test("BidirectionalTest.test_correctness", () => {
    const sequence = tf.range(0, 24, 1, "float32").reshape([2, 3, 4]);
    const forward = () => layers.SimpleRNN(2, { kernelInitializer: constant(0.01), recurrentInitializer: constant(0.02), biasInitializer: constant(0.03) });
    assertAllClose(layers.Bidirectional(forward()).apply(sequence) as tf.Tensor, [[0.39687276, 0.39687276, 0.10004295, 0.10004295], [0.7237238, 0.7237238, 0.53391594, 0.53391594]], "concat");
    assertAllClose(layers.Bidirectional(forward(), { mergeMode: "ave" }).apply(sequence) as tf.Tensor, [[0.24845785, 0.24845785], [0.6288199, 0.6288199]], "ave");
    const [output1, output2] = layers.Bidirectional(forward(), { mergeMode: null }).apply(sequence) as unknown as tf.Tensor[];
    assertAllClose(output1!, [[0.39687276, 0.39687276], [0.7237238, 0.7237238]], "merge None, forward");
    assertAllClose(output2!, [[0.10004295, 0.10004295], [0.53391594, 0.53391594]], "merge None, backward");
    const backward = layers.SimpleRNN(2, { kernelInitializer: constant(0.03), recurrentInitializer: constant(0.02), biasInitializer: constant(0.01), goBackwards: true });
    assertAllClose(layers.Bidirectional(forward(), { backwardLayer: backward, mergeMode: "mul" }).apply(sequence) as tf.Tensor, [[0.08374989, 0.08374989], [0.6740834, 0.6740834]], "custom backward layer, mul");
    const gru = layers.GRU(2, { kernelInitializer: constant(0.01), recurrentInitializer: constant(0.02), biasInitializer: constant(0.03), returnSequences: true });
    const out = layers.Bidirectional(gru, { mergeMode: "sum" }).apply(sequence) as tf.Tensor;
    assertAllClose(tf.slice(out, [1, 0, 0], [1, 3, 2]).reshape([3, 2]), [[0.59829646, 0.59829646], [0.6734641, 0.6734641], [0.6479671, 0.6479671]], "GRU sequences, sum (second sample)");
  });

  test("a backward layer of another size concatenates to the sum of both widths", () => {
    const layer = layers.Bidirectional(layers.LSTM(3), { backwardLayer: layers.GRU(2, { goBackwards: true }) });
    assert.deepEqual((layer.apply(tf.ones([2, 4, 5])) as tf.Tensor).shape, [2, 5]);
    assert.deepEqual(layer.computeOutputShape([null, 4, 5]), [null, 5]);
  });
});

onCpuOnly(() => {
  test("backwardLayer is checked as Keras checks it, and round-trips through the config", () => {
    assert.throws(() => layers.Bidirectional(layers.SimpleRNN(2), { backwardLayer: layers.SimpleRNN(2) }), /different `goBackwards` values/);
    assert.throws(() => layers.Bidirectional(layers.SimpleRNN(2), { backwardLayer: layers.SimpleRNN(2, { goBackwards: true, returnSequences: true }) }), /same `returnSequences`/);
    const layer = layers.Bidirectional(layers.SimpleRNN(2), { backwardLayer: layers.GRU(3, { goBackwards: true }) });
    const config = layer.getConfig();
    assert.equal((config.backwardLayer as { className: string }).className, "GRU");
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.Bidirectional!;
    assert.equal(cls, BidirectionalLayer);
    const json = (c: unknown) => JSON.parse(JSON.stringify(c));
    const again = fromConfig(cls, json(config)) as tf.layers.Layer;
    assert.deepEqual(json(again.getConfig()), json(config));
    assert.deepEqual((again.apply(tf.ones([1, 3, 4])) as tf.Tensor).shape, [1, 5]);
  });
});
