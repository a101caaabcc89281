import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { resolveOptions, sourceInputs } from "../../../../lib/keras/applications/application_options.js";

test("resolveOptions gives Keras's defaults and names bad arguments", () => {
  const o = resolveOptions("Net", undefined);
  assert.deepEqual(
    { includeTop: o.includeTop, weights: o.weights, pooling: o.pooling, classes: o.classes, act: o.classifierActivation, name: o.name },
    { includeTop: true, weights: "imagenet", pooling: null, classes: 1000, act: "softmax", name: undefined },
  );
  assert.throws(() => resolveOptions("Net", [1]), /Net: expected one options object/);
  assert.throws(() => resolveOptions("Net", { classes: 2.5, weights: null }), /classes must be a positive integer; received 2\.5/);
  assert.throws(() => resolveOptions("Net", { classifierActivation: 3, weights: null }), /classifierActivation must be an activation name/);
  assert.throws(() => resolveOptions("Net", { name: "", weights: null }), /name must be a non-empty string/);
  assert.throws(() => resolveOptions("Net", { alpha: 1, weights: null }), /unknown option alpha/);
  assert.equal(resolveOptions("Net", { alpha: 1, weights: null }, ["alpha"]).weights, null);
});

test("sourceInputs walks back to the Input layers, as Keras's get_source_inputs", () => {
  const a = tf.input({ shape: [4] });
  const b = tf.input({ shape: [4] });
  const sum = tf.layers.add().apply([a, tf.layers.dense({ units: 4 }).apply(b) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const found = sourceInputs(sum);
  assert.equal(found.length, 2);
  assert.ok(found.includes(a) && found.includes(b));
  assert.deepEqual(sourceInputs(a), [a]);
});
