/** keras.layers.Identity (lib/keras/layers/identity.ts): its inputs back, masks through, Keras's config. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("returns its input (or its list of inputs) and passes a mask through", () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    assert.deepEqual((keras.layers.Identity().apply(x) as tf.Tensor).arraySync(), [[1, 2], [3, 4]]);
    const pair = keras.layers.Identity().apply([x, tf.neg(x)]) as unknown as tf.Tensor[];
    assert.deepEqual(pair.map((t) => t.arraySync()), [[[1, 2], [3, 4]], [[-1, -2], [-3, -4]]]);
    const ids = keras.Input({ shape: [3] });
    const masked = keras.layers.Embedding(5, 2, { maskZero: true }).apply(ids);
    const identity = keras.layers.Identity();
    identity.apply(masked);
    const mask = identity.computeMask(tf.ones([1, 3, 2]), tf.tensor2d([[true, false, true]], [1, 3], "bool"));
    assert.deepEqual((mask as tf.Tensor).arraySync(), [[1, 0, 1]]);
  });
});

onCpuOnly(() => {
  test("config is the base layer's under \"Identity\"; loads back; refuses unknown options", () => {
    const layer = keras.layers.Identity({ name: "skip" });
    const config = layer.getConfig();
    assert.deepEqual(Object.keys(config).sort(), ["name", "trainable"]);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["Identity"]!;
    assert.deepEqual((fromConfig(cls, { ...config }) as tf.layers.Layer).getConfig(), config);
    assert.match(keras.layers.Identity().name, /^identity/);
    assert.throws(() => keras.layers.Identity({ axis: 1 } as never), /unknown argument `axis`/);
  });
});
