/**
 * Port of Keras 3's keras/src/layers/layer_test.py: the loss-tracking cases (activity
 * regularization, add_loss, the activity regularizer's serialization). Numbers run on every
 * backend; the config case on cpu only.
 * Adapted: Keras's custom layers take `activity_regularizer` through the base Layer's
 * constructor; tfjs's Layer takes no such argument, so the ported subclasses set
 * `this.activityRegularizer` (what Keras's constructor does). test_serialize_activity_regularizer:
 * Keras's "l2" is its class L2, ours tfjs's L1L2 with l1 = 0 (the same penalty), so the restored
 * regularizer's config is checked; and an unset one is written as null, as tfjs writes every unset
 * regularizer (Keras omits the key). test_add_loss: the Sequential models start from
 * `keras.Input({ shape: [] })` (tfjs's Sequential cannot defer its build to the first call).
 * Not ported (not about losses; most about Keras machinery tfjs has no counterpart for: remat,
 * quantization, stateless calls, call-context arguments, autocast and dtype policies, the
 * tracker, torch params, pickling): every other case.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { regularizer } from "../../../../lib/keras/layers/options.js";
import { onBackends, onCpuOnly } from "../backends.js";

const values = (layer: tf.layers.Layer) => (layer.losses as unknown as tf.Scalar[]).map((t) => t.dataSync()[0]!);
function assertAllClose(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got - want) < 1e-6, `${what}: got ${got}, want ${want}`);
}

/** A layer returning its input, with Keras's `activity_regularizer` constructor argument. */
class PassThrough extends keras.layers.Layer {
  static className = "LayerTestPassThrough";
  constructor(args: { activityRegularizer: "l1" | "l2" }) {
    super({});
    this.activityRegularizer = regularizer(args.activityRegularizer, "activityRegularizer") as tf.layers.Layer["activityRegularizer"];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return Array.isArray(inputs) ? inputs[0]! : inputs;
  }
}

/** Keras's LossLayer: `self.add_loss(ops.sum(x))` in call. */
class LossLayer extends keras.layers.Layer {
  static className = "LayerTestLossLayer";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.addLoss(tf.sum(x));
    return x;
  }
}

onBackends(() => {
  test("LayerTest.test_activity_regularization", () => {
    let layer: tf.layers.Layer = new PassThrough({ activityRegularizer: "l1" });
    layer.apply(tf.ones([1]));
    assert.equal(layer.losses.length, 1);
    assertAllClose(values(layer)[0]!, 0.01, "losses[0]");

    // losses are reset upon call
    layer.apply(tf.ones([1]));
    assert.equal(layer.losses.length, 1);
    assertAllClose(values(layer)[0]!, 0.01, "losses[0] after a second call");

    // KerasTensors are no op
    layer = new PassThrough({ activityRegularizer: "l1" });
    layer.apply(keras.Input({ batchShape: [2, 2] }));
    assert.equal(layer.losses.length, 0);
  });

  for (const batchSize of [0, 1, 5, 10]) {
    test(`LayerTest.test_activity_regularization_batch_normalization_batch_size_${batchSize}`, () => {
      const layer = new PassThrough({ activityRegularizer: "l2" });
      layer.apply(tf.mul(tf.ones([batchSize, 5]), 2.0));
      assert.equal(layer.losses.length, 1);
      const expectedLoss = batchSize === 0 ? 0.0 : 0.2;
      assertAllClose(values(layer)[0]!, expectedLoss, "losses[0]");
    });
  }

  test("LayerTest.test_add_loss", () => {
    let layer = new LossLayer({});
    layer.apply(tf.ones([1]));
    assert.equal(layer.losses.length, 1);
    assertAllClose(values(layer)[0]!, 1.0, "losses[0]");

    // losses are reset upon call
    layer = new LossLayer({});
    layer.apply(tf.ones([1]));
    assert.equal(layer.losses.length, 1);
    assertAllClose(values(layer)[0]!, 1.0, "losses[0]");

    // It works inside a model
    let model = keras.Sequential([keras.Input({ shape: [] }), layer]);
    model.apply(tf.ones([1]));
    assert.equal(model.losses.length, 1);
    assertAllClose(values(model)[0]!, 1.0, "model.losses[0]");

    // It works recursively in nested models
    model = keras.Sequential([keras.Input({ shape: [] }), model]);
    model.apply(tf.ones([1]));
    assert.equal(model.losses.length, 1);
    assertAllClose(values(model)[0]!, 1.0, "nested model.losses[0]");
  });
});

onCpuOnly(() => {
  test("LayerTest.test_serialize_activity_regularizer", () => {
    let layer = keras.layers.Dense(2, { activityRegularizer: "l2" });
    let config = layer.getConfig();
    assert.ok("activityRegularizer" in config);
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap["Dense"]!;
    const newLayer = fromConfig(cls, JSON.parse(JSON.stringify(config))) as unknown as { activityRegularizer: { getClassName(): string; getConfig(): unknown } };
    assert.equal(newLayer.activityRegularizer.getClassName(), "L1L2");
    assert.deepEqual(newLayer.activityRegularizer.getConfig(), { l1: 0, l2: 0.01 });

    layer = keras.layers.Dense(2);
    config = layer.getConfig();
    assert.equal(config.activityRegularizer, null);
  });
});
