import { test } from "node:test";
import * as assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

test("the webgpu backend survives garbage collection: Dawn's instance is kept alive while in use", { timeout: 120_000 }, async () => {
  const info = await backend.use("webgpu");
  assert.equal(tf.getBackend(), "webgpu");
  assert.match(info.details[0]!, /(hardware|software) adapter/);
  // Before the GPU object was held, a collection here destroyed the Dawn instance under tfjs's
  // device: the next submit or readback aborted the process (std::system_error, or a glibc mutex
  // assertion), on Mesa's software GL and on an NVIDIA H200 alike.
  for (let round = 0; round < 5; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const a = tf.fill([64, 64], round + 1);
    const product = tf.matMul(a, tf.onesLike(a));
    const values = (await product.data()) as Float32Array;
    assert.equal(values[0], 64 * (round + 1));
    tf.dispose([a, product]);
  }
  await backend.use("cpu");
});
