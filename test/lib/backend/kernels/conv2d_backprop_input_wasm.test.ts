import { test } from "node:test";
import * as assert from "node:assert/strict";
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

test("wasm's Conv2DBackpropInput (ours, a forward conv) equals tfjs's cpu kernel for strides 1–3, same/valid, odd and even filters", async () => {
  await backend.use("wasm");
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
