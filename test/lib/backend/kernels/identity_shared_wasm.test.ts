import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";

test("wasm's Identity shares the heap memory, and the clone outlives its source with the same values", async () => {
  await backend.use("wasm");
  const before = tf.memory().numTensors;
  const x = tf.randomUniform([1000], -1, 1, "float32", 5);
  const values = x.dataSync().slice();
  const y = tf.clone(x);
  assert.equal(y.dataId, x.dataId, "the clone holds the same heap data");
  x.dispose();
  assert.deepEqual(y.dataSync(), values);
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => y.dataSync(), /disposed/);
});

test("gradients through saved (cloned) tensors on wasm equal cpu's", async () => {
  const f = (x: tf.Tensor) => tf.grad((v: tf.Tensor) => tf.exp(v).mul(tf.sin(v)).sum())(x).dataSync();
  await backend.use("wasm");
  const ours = f(tf.linspace(-2, 2, 9));
  await backend.use("cpu");
  const reference = f(tf.linspace(-2, 2, 9));
  reference.forEach((e, i) => assert.ok(Math.abs(ours[i]! - e) < 1e-5, `[${i}] ${ours[i]} vs ${e}`));
});
