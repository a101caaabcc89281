/**
 * keras.layers.ActivityRegularization (lib/keras/layers/activity_regularization_layer.ts): its
 * input unchanged, L1L2(l1, l2) of it over the batch as its loss, Keras's config and argument
 * checks. By hand: l1 = 0.5, l2 = 0.25 on [[1, -2], [3, 0]]: (0.5 · 6 + 0.25 · 14) / 2 = 3.25.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("returns its input and adds the penalty over the batch size", () => {
    const layer = keras.layers.ActivityRegularization({ l1: 0.5, l2: 0.25 });
    const x = tf.tensor2d([[1, -2], [3, 0]]);
    assert.deepEqual(layer.apply(x).arraySync(), [[1, -2], [3, 0]]);
    const losses = layer.losses as unknown as tf.Scalar[];
    assert.equal(losses.length, 1);
    assert.ok(Math.abs(losses[0]!.dataSync()[0]! - 3.25) < 1e-6);
  });

  test("in a model, fit's loss includes it (defaults l1 = l2 = 0 cost nothing)", async () => {
    for (const [options, extra] of [[{ l2: 0.5 }, 0.5 * (1 + 4) / 1], [{}, 0]] as const) {
      const m = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.ActivityRegularization(options), keras.layers.Dense(1, { kernelInitializer: "zeros" })]);
      m.compile({ optimizer: keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
      const h = await m.fit(tf.tensor2d([[1, 2]]), tf.tensor2d([[1]]), { epochs: 1, verbose: 0 });
      // Dense outputs 0, target 1: mse 1.
      assert.ok(Math.abs((h.history.loss![0] as number) - (1 + extra)) < 1e-6, JSON.stringify(options));
    }
  });
});

onCpuOnly(() => {
  test("config: l1 and l2, no activityRegularizer; name activity_regularization; loads back", () => {
    const layer = keras.layers.ActivityRegularization({ l1: 0.1 });
    const config = layer.getConfig();
    assert.equal(config.l1, 0.1);
    assert.equal(config.l2, 0);
    assert.equal("activityRegularizer" in config, false);
    assert.match(layer.name, /^activity_regularization/);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["ActivityRegularization"]!;
    const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
    assert.deepEqual(again.getConfig(), config);
  });

  test("refuses a negative or non-finite factor in Keras's words", () => {
    assert.throws(() => keras.layers.ActivityRegularization({ l1: -1 }), /Invalid value for argument l1: expected a non-negative float.Received: l1=-1/);
    assert.throws(() => keras.layers.ActivityRegularization({ l2: Infinity }), /argument l2/);
    assert.throws(() => keras.layers.ActivityRegularization({ l3: 1 } as never), /unknown argument `l3`/);
  });
});
