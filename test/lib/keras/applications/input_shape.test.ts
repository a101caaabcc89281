import { test } from "node:test";
import * as assert from "node:assert/strict";
import { obtainInputShape } from "../../../../lib/keras/applications/input_shape.js";

const rules = { fn: "Net", defaultSize: 224, minSize: 32 };

test("obtainInputShape follows Keras's imagenet_utils.obtain_input_shape", () => {
  assert.deepEqual(obtainInputShape(undefined, { ...rules, requireFlatten: true, weights: null }), [224, 224, 3]);
  assert.deepEqual(obtainInputShape(undefined, { ...rules, requireFlatten: false, weights: null }), [null, null, 3]);
  assert.deepEqual(obtainInputShape([], { ...rules, requireFlatten: false, weights: "imagenet" }), [null, null, 3]);
  assert.deepEqual(obtainInputShape([100, null, 3], { ...rules, requireFlatten: false, weights: "imagenet" }), [100, null, 3]);
  assert.deepEqual(obtainInputShape(undefined, { ...rules, requireFlatten: true, weights: "imagenet" }), [224, 224, 3]);
  assert.deepEqual(obtainInputShape([64, 64, 1], { ...rules, requireFlatten: true, weights: null }), [64, 64, 1]);
  assert.throws(() => obtainInputShape([64, 64, 1], { ...rules, requireFlatten: false, weights: "imagenet" }), /Net: with weights "imagenet" the input must have 3 channels/);
  assert.throws(() => obtainInputShape([64, 64, 3], { ...rules, requireFlatten: true, weights: "imagenet" }), /inputShape must be \[224, 224, 3\]/);
  assert.throws(() => obtainInputShape([null, 64, 3], { ...rules, requireFlatten: true, weights: null }), /must be static/);
  assert.throws(() => obtainInputShape([20, 64, 3], { ...rules, requireFlatten: false, weights: null }), /at least 32x32/);
  assert.throws(() => obtainInputShape([64, 64, 3, 1], { ...rules, requireFlatten: false, weights: null }), /three entries/);
});
