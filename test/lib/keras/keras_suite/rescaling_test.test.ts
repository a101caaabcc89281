/**
 * Port of Keras 3's keras/src/layers/preprocessing/rescaling_test.py on every backend:
 * run_layer_test of the basics, the dtypes and numpy arguments (approximated by output shape,
 * computeOutputShape, no weights, masks supported and a config round-trip; Keras's int16 input
 * is int32 here, tfjs having no int16; numpy 0-d arrays are tf scalars), and the correctness of
 * x / 255 + 0.5.
 *
 * Skipped:
 * - RescalingTest.test_tf_data_compatibility, test_grain_compatibility: tf.data and grain
 *   pipelines are Python-only.
 * - RescalingTest.test_rescaling_with_channels_first_and_vector_scale: needs
 *   backend.set_image_data_format("channels_first"), a global image data format we do not have
 *   (Keras then reshapes a vector scale to [C, 1, 1]). A per-channel scale along the last axis is
 *   covered by our own case below; for channels first, pass the scale as [[[a]], [[b]], [[c]]].
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

function runLayerTest(scale: number | tf.Tensor, offset: number | tf.Tensor, dtype: "float32" | "int32" = "float32"): void {
  const layer = layers.Rescaling(scale, { offset });
  if (scale instanceof tf.Tensor) scale = scale.arraySync() as number;
  if (offset instanceof tf.Tensor) offset = offset.arraySync() as number;
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

  test("RescalingTest.test_numpy_args", () => runLayerTest(tf.scalar(1 / 255), tf.scalar(0.5)));

  test("Rescaling: per-channel scale and offset broadcast over the last axis (ours)", () => {
    const scale = [1 / 255, 1.5 / 255, 2 / 255];
    const offset = [0.5, 0, -1];
    const x = tf.mul(tf.randomUniform([2, 10, 10, 3], 0, 1, "float32", 5), 255);
    const expected = tf.add(tf.mul(x, tf.tensor1d(scale)), tf.tensor1d(offset));
    for (const layer of [layers.Rescaling(scale, { offset }), layers.Rescaling(tf.tensor1d(scale), { offset: tf.tensor1d(offset) })]) {
      close(layer.apply(x) as tf.Tensor, expected.arraySync(), "x * scale[c] + offset[c]");
      const config = layer.getConfig();
      assert.deepEqual(config.offset, offset);
      assert.equal((config.scale as number[]).length, 3);
      const again = serializationRoundTrip(layer);
      close(again.apply(x) as tf.Tensor, expected.arraySync(), "after the config round trip");
    }
    // A scalar offset with a vector scale; channels first as [C, 1, 1].
    close(layers.Rescaling(scale, { offset: 0.5 }).apply(x) as tf.Tensor, tf.add(tf.mul(x, tf.tensor1d(scale)), 0.5).arraySync(), "scalar offset");
    const xFirst = tf.transpose(x, [0, 3, 1, 2]);
    close(layers.Rescaling(scale.map((s) => [[s]])).apply(xFirst) as tf.Tensor, tf.transpose(tf.mul(x, tf.tensor1d(scale)), [0, 3, 1, 2]).arraySync(), "[C, 1, 1] scale on channels first");
    // Symbolic: the output shape is the input's.
    const sym = layers.Rescaling(scale).apply(layers.Input({ shape: [10, 10, 3] })) as tf.SymbolicTensor;
    assert.deepEqual(sym.shape, [null, 10, 10, 3]);
    assert.throws(() => layers.Rescaling([1, [2]] as any), /`scale`/);
    assert.throws(() => layers.Rescaling("2" as any), /`scale` must be a number, an array of numbers or a tensor/);
  });

  test("RescalingTest.test_rescaling_correctness", () => {
    const layer = layers.Rescaling(1 / 255, { offset: 0.5 });
    const x = tf.mul(tf.randomUniform([3, 10, 10, 3], 0, 1, "float32", 4), 255);
    close(layer.apply(x), tf.add(tf.div(x, 255), 0.5).arraySync(), "x / 255 + 0.5");
  });
});
