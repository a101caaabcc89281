import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";

/** [height, width, filterHeight, filterWidth, stride, padding, inChannels, outChannels] */
const cases: [number, number, number, number, number, "same" | "valid", number, number][] = [
  [5, 5, 3, 3, 2, "same", 2, 3],
  [6, 6, 2, 3, 1, "valid", 2, 2],
  [7, 8, 3, 3, 2, "valid", 3, 4],
  [8, 8, 3, 3, 2, "same", 1, 2],
  [9, 7, 5, 3, 3, "same", 2, 2],
  [9, 7, 4, 4, 3, "valid", 2, 5],
  [10, 11, 1, 1, 2, "same", 3, 3],
  [6, 6, 4, 4, 2, "same", 2, 2],
  [14, 14, 3, 3, 1, "same", 16, 8],
];

// With the native addon, wasm's Conv2DBackpropInput is native BLAS (conv2d_native.test.ts); this
// file checks the XNNPACK path that runs without it, in a child process with the addon turned off.
if (process.env.TSLAB_KERAS_NATIVE_BLAS !== "0") {
  test("the XNNPACK Conv2DBackpropInput (the path without the native addon) passes this file's checks", () => {
    // NODE_TEST_CONTEXT would make the child report to a parent runner instead of printing TAP.
    const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
    const child = spawnSync(process.execPath, ["--test", __filename], { env: { ...env, TSLAB_KERAS_NATIVE_BLAS: "0" }, encoding: "utf8" });
    assert.equal(child.status, 0, child.stdout.slice(-3000));
    assert.match(child.stdout, /# pass 1\n# fail 0\n/);
  });
}

test("wasm's Conv2DBackpropInput (ours, a forward conv) equals tfjs's cpu kernel for strides 1–3, same/valid, odd and even filters", async () => {
  const info = await backend.use("wasm");
  assert.equal(info.details.some((d) => d.startsWith("native BLAS (")), process.env.TSLAB_KERAS_NATIVE_BLAS !== "0");
  for (const [height, width, filterHeight, filterWidth, stride, pad, inChannels, outChannels] of cases) {
    const inputShape: [number, number, number, number] = [2, height, width, inChannels];
    const filterShape = [filterHeight, filterWidth, inChannels, outChannels];
    const outShape = tf.backend_util.computeConv2DInfo(inputShape, filterShape as [number, number, number, number], stride, 1, pad).outShape;
    const filterValues = tf.randomUniform(filterShape, -1, 1, "float32", 2).dataSync();
    const dyValues = tf.randomUniform(outShape, -1, 1, "float32", 3).dataSync();
    const attrs = { strides: [stride, stride], pad, dataFormat: "NHWC", inputShape } as unknown as tf.NamedAttrMap;
    const gradient = () => tf.engine().runKernel(
      "Conv2DBackpropInput", { dy: tf.tensor(dyValues, outShape), filter: tf.tensor(filterValues, filterShape) }, attrs,
    ) as tf.Tensor;
    const ours = gradient().dataSync();
    await tf.setBackend("cpu");
    const reference = gradient().dataSync();
    await tf.setBackend("wasm");
    const label = `${height}×${width}, filter ${filterHeight}×${filterWidth}, stride ${stride}, ${pad}`;
    assert.equal(ours.length, reference.length, label);
    reference.forEach((expected, i) => assert.ok(Math.abs(ours[i]! - expected) <= 1e-5 * (1 + Math.abs(expected)), `${label} [${i}]: ${ours[i]} vs ${expected}`));
  }
});
