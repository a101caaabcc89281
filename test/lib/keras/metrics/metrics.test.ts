import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as metrics from "../../../../lib/keras/metrics/get.js";
import { onBackends } from "../backends.js";

onBackends(() => {
  test("\"accuracy\" resolves per loss kind and keeps Keras's name", () => {
    const sparse = metrics.get("accuracy", "sparse_categorical");
    assert.equal(sparse.name, "accuracy");
    assert.deepEqual(Array.from(sparse(tf.tensor1d([1, 0]), tf.tensor2d([[0.1, 0.9], [0.2, 0.8]])).dataSync()), [1, 0]);
    const cat = metrics.get("accuracy", "categorical");
    assert.deepEqual(Array.from(cat(tf.tensor2d([[0, 1], [1, 0]]), tf.tensor2d([[0.1, 0.9], [0.2, 0.8]])).dataSync()), [1, 0]);
    const logits = metrics.get("accuracy", "binary", true);
    assert.deepEqual(Array.from(logits(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.3], [-0.2]])).dataSync()), [1, 1]);
    assert.throws(() => metrics.get("acuracy" as any), /unknown metric "acuracy"/);
  });
});
