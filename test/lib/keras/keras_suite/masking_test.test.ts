/**
 * Port of Keras 3's keras/src/layers/core/masking_test.py, on every backend.
 * Adapted: Keras's Sequential models are built on their first call; tfjs's need an input shape on
 * the first layer, so the Masking layers get inputShape [3, 2]. The model file is a tfjs model
 * folder (`model.save(dir)` / `keras.models.loadModel(dir)`), not a .keras zip.
 * Not approximated from run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, tempDirPerSuite } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { runLayerTest } from "./layer_cases.js";

onBackends(() => {
  let dir = "";
  tempDirPerSuite("masking-test-", (d) => (dir = d));

  test("MaskingTest.test_masking_basics", () => {
    runLayerTest({
      make: () => layers.Masking({ maskValue: 0.0 }),
      inputShape: [2, 3, 2],
      expectedOutputShape: [2, 3, 2],
      expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
      assertBuiltAfterInstantiation: true,
    });
  });

  test("MaskingTest.test_masking_correctness", () => {
    const x = tf.tensor([
      [[0.0, 0.0], [1.0, 2.0], [0.0, 0.0]],
      [[2.0, 2.0], [0.0, 0.0], [2.0, 1.0]],
    ]);
    const expectedMask = [[false, true, false], [true, false, true]];
    const layer = layers.Masking({ maskValue: 0.0 });
    close(layer.computeMask(x), expectedMask.map((r) => r.map(Number)), "compute_mask");

    let seen = 0;
    class TestLayer extends tf.layers.Layer {
      static className = "MaskingTestLayer";
      constructor() {
        super({});
        this.supportsMasking = true;
      }
      override computeOutputShape(inputShape: tf.Shape | tf.Shape[]) {
        return inputShape;
      }
      override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, any>) {
        assert.ok(kwargs.mask != null, "the mask reaches the next layer");
        close(kwargs.mask, expectedMask.map((r) => r.map(Number)), "mask in call");
        seen++;
        return inputs;
      }
    }
    const model = keras.Sequential([layers.Masking({ maskValue: 0.0, inputShape: [3, 2] }), new TestLayer()]);
    model.apply(x);
    assert.ok(seen > 0, "TestLayer.call ran");
  });

  test("MaskingTest.test_masking_with_tensor", async () => {
    const model = keras.Sequential([layers.Masking({ maskValue: 0.0, inputShape: [3, 2] }), layers.LSTM(1)]);
    const x = tf.tensor([
      [[1.0, 2.0], [0.0, 0.0], [0.0, 0.0]],
      [[2.0, 2.0], [2.0, 1.0], [0.0, 0.0]],
    ]);
    const before = model.apply(x) as tf.Tensor;
    const filepath = path.join(dir, "model");
    await model.save(filepath);
    const reloaded = await keras.models.loadModel(filepath);
    close(reloaded.apply(x), before.arraySync(), "reloaded model's output");
  });
});
