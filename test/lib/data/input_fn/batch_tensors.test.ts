import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { BatchTensors } from "../../../../lib/data/input_fn/batch_tensors.js";
import { backend } from "../../../../lib/backend/index.js";

// wasm copies a tensor's values into its heap when it is made: there the arrays are views of one
// reused scratch array. cpu keeps the array: there every array is its own.
test("on wasm a batch's arrays share one scratch reused across batches; on cpu each is its own; tensors keep their values", async () => {
  const bt = new BatchTensors(8);
  try {
    for (const name of ["wasm", "cpu"] as const) {
      await backend.use(name);
      const made: tf.Tensor2D[] = [];
      const buffers: ArrayBufferLike[] = [];
      for (let batch = 0; batch < 2; batch++) {
        bt.begin();
        for (let k = 0; k < 2; k++) {
          const a = bt.array(4);
          a.set([batch, k, 10 * batch + k, -1]);
          buffers.push(a.buffer);
          made.push(bt.tensor2d(a, 2, 2));
        }
      }
      const distinct = new Set(buffers).size;
      assert.equal(distinct, name === "wasm" ? 1 : 4, `${name}: arrays ${name === "wasm" ? "share one scratch" : "are each their own"}`);
      assert.deepEqual(
        made.map((t) => Array.from(t.dataSync())),
        [[0, 0, 0, -1], [0, 1, 1, -1], [1, 0, 10, -1], [1, 1, 11, -1]],
        `${name}: every tensor keeps the values it was made with`,
      );
      for (const t of made) assert.equal(((await t.bytes()) as Uint8Array).length, 16, `${name}: bytes() is the tensor's own 4 values`);
      tf.dispose(made);
    }
  } finally {
    await backend.use("cpu");
  }
});
