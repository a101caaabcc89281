/**
 * Port of Keras 3's keras/src/layers/preprocessing/rescaling_test.py on every backend:
 * run_layer_test of the basics and the dtypes (approximated by output shape, computeOutputShape,
 * no weights, masks supported and a config round-trip; Keras's int16 input is int32 here, tfjs
 * having no int16), and the correctness of x / 255 + 0.5.
 *
 * Skipped:
 * - RescalingTest.test_tf_data_compatibility, test_grain_compatibility: tf.data and grain
 *   pipelines are Python-only.
 * - RescalingTest.test_rescaling_with_channels_first_and_vector_scale: needs
 *   backend.set_image_data_format("channels_first") (we have no global image data format) and
 *   a per-channel vector `scale` (our Rescaling takes a scalar scale, as tfjs's does).
 * - RescalingTest.test_numpy_args: numpy 0-d arrays as scale/offset have no TypeScript
 *   counterpart (a number is what test_rescaling_basics passes).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

function runLayerTest(scale: number, offset: number, dtype: "float32" | "int32" = "float32"): void {
  const layer = layers.Rescaling(scale, { offset });
  const x = tf.cast(tf.randomUniform([2, 3], 0, 10, "float32", 3), dtype);
  const out = layer.apply(x) as tf.Tensor;
  assert.deepEqual(out.shape, [2, 3]);
  assert.equal(out.dtype, "float32");
  close(out, tf.add(tf.mul(tf.cast(x, "float32"), scale), offset).arraySync(), "x * scale + offset");
  assert.deepEqual(layer.computeOutputShape([2, 3]), [2, 3]);
  assert.equal(layer.trainableWeights.length, 0);
  assert.equal(layer.nonTrainableWeights.length, 0);
  assert.equal(layer.supportsMasking, true);
  const mask = tf.tensor1d([true, false], "bool");
  close(layer.computeMask(x, mask), [1, 0], "the mask passes through");
  const again = serializationRoundTrip(layer);
  assert.equal(again.getConfig().scale, scale);
  assert.equal(again.getConfig().offset, offset);
}

onBackends(() => {
  test("RescalingTest.test_rescaling_basics", () => runLayerTest(1 / 255, 0.5));

  test("RescalingTest.test_rescaling_dtypes", () => {
    runLayerTest(2, 0.5); // int scale
    runLayerTest(1.0, 2); // int offset
    runLayerTest(1 / 255, 0.5, "int32"); // int inputs
  });

  test("RescalingTest.test_rescaling_correctness", () => {
    const layer = layers.Rescaling(1 / 255, { offset: 0.5 });
    const x = tf.mul(tf.randomUniform([3, 10, 10, 3], 0, 1, "float32", 4), 255);
    close(layer.apply(x), tf.add(tf.div(x, 255), 0.5).arraySync(), "x / 255 + 0.5");
  });
});
