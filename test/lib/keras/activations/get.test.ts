/** keras.activations.get / serialize / deserialize: Keras's names and aliases both ways. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as activations from "../../../../lib/keras/activations/index.js";

test("get: every Keras name (and the aliases swish, hard_swish) gives its function; serialize gives the name back", () => {
  assert.equal(activations.ACTIVATION_NAMES.length, 32, "Keras's 30 functions and 2 aliases");
  for (const name of activations.ACTIVATION_NAMES) {
    const fn = activations.get(name);
    const canonical = name === "swish" ? "silu" : name === "hard_swish" ? "hard_silu" : name;
    assert.equal(activations.serialize(fn), canonical, name);
    assert.equal(activations.deserialize(activations.serialize(fn)), fn, `${name} round trip`);
  }
  assert.equal(activations.get("swish"), activations.silu);
  assert.equal(activations.get("hard_swish"), activations.hardSilu);
});

test("get passes a function through, gives linear for null/undefined, reads Keras's object form", () => {
  const mine = (x: tf.Tensor) => tf.mul(x, 2);
  assert.equal(activations.get(mine), mine);
  assert.equal(activations.get(undefined), activations.linear);
  assert.equal(activations.get({ module: "keras.activations", class_name: "function", config: "gelu", registered_name: "gelu" }), activations.gelu);
});

test("unknown names, non-built-in functions and bad configs are refused by name", () => {
  assert.throws(() => activations.get("leakyRelu"), /Could not interpret activation function identifier: "leakyRelu"; Keras's activations are celu, elu/);
  assert.throws(() => activations.serialize((x: tf.Tensor) => x), /keras.activations.serialize: function \(anonymous\) is not one of Keras's activations/);
  assert.throws(() => activations.deserialize({ class_name: "Dense", config: {} }), /keras.activations.deserialize: expected an activation name/);
  assert.throws(() => activations.get(42 as never), /Could not interpret activation function identifier: 42/);
});
