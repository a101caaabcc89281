/**
 * Port of Keras 3's keras/src/layers/core/embedding_test.py. Cases with numbers run on every
 * backend; argument checks on cpu only. int64 inputs are int32 (tfjs has no int64).
 * Keras's ValueError for a bad `input_dim`/`output_dim` is our TypeError (not an integer) or
 * RangeError (≤ 0); the message is Keras's, camelCased.
 * Skipped (out of scope: no quantization, LoRA, sparse or ragged tensors here):
 *   test_embedding_quantize_config, test_sparse, test_ragged, test_correctness_sparse,
 *   test_enable_lora, test_enable_lora_with_alpha, test_lora_rank_argument,
 *   test_enable_lora_with_embeddings_constraint, test_enable_lora_when_already_enabled,
 *   test_enable_lora_after_int4_quantization_freezes_variable, test_quantize_int,
 *   test_quantize_on_unbuilt_layer, test_quantize_on_subclass, test_quantize_when_already_quantized,
 *   test_quantize_by_setting_dtype_policy, test_quantize_invalid_mode,
 *   test_quantize_unsupported_calibration_modes, test_quantize_dtype_argument,
 *   test_quantize_lora_integration, test_legacy_load_own_variables (quantized stores),
 *   test_load_own_variables_reports_clear_errors (quantized specs), test_embedding_int8_custom_quantizer,
 *   test_int4_quantization_block_size, test_int4_block_size_serialization,
 *   test_int4_block_size_with_lora, test_int4_grouped_vs_perchannel_scale_shapes,
 *   test_int4_subchannel_g_idx_created, test_int4_perchannel_no_g_idx,
 *   test_int4_subchannel_g_idx_serialization, test_int4_string_matches_default_config,
 *   test_int4_per_channel_escape_hatch, test_int4_policy_string_reload_builds_right_variables.
 * test_serialization_round_trip: only mode "none"; the store is getWeights / setWeights.
 * test_invalid_input_dim / test_invalid_output_dim: the bad value 4.0 is left out (in JS 4.0 is
 *   the integer 4, a valid dimension).
 * Not approximated from run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

const NonNeg = tf.constraints.nonNeg().constructor;

onBackends(() => {
  test("EmbeddingTest.test_embedding_basics", () => {
    runLayerTest({
      make: () => layers.Embedding(4, 3),
      inputShape: [2],
      inputDtype: "int32",
      expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 1,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: false,
    });
    runLayerTest({
      make: () => layers.Embedding(5, 4, { maskZero: true }),
      inputShape: [2, 3],
      inputDtype: "int32",
      expectedOutputShape: [2, 3, 4],
      expectedNumTrainableWeights: 1,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
    });
  });

  test("EmbeddingTest.test_correctness", () => {
    const layer = layers.Embedding(3, 2);
    layer.build([null]);
    layer.setWeights([tf.tensor([[0.0, 0.0], [2.0, 2.0], [3.0, 3.0]])]);
    close(layer.apply(tf.tensor([2, 1, 0], undefined, "int32")), [[3.0, 3.0], [2.0, 2.0], [0.0, 0.0]], "lookup");
  });

  test("EmbeddingTest.test_masking", () => {
    const layer = layers.Embedding(3, 2, { maskZero: true });
    layer.build([null]);
    close(layer.computeMask(tf.tensor([2, 1, 0], undefined, "int32")), [1, 1, 0], "mask");
  });

  test("EmbeddingTest.test_compute_mask_no_masking", () => {
    const layer = layers.Embedding(3, 2, { maskZero: false });
    assert.equal(layer.computeMask(tf.tensor([2, 1, 0], undefined, "int32")) ?? null, null);
  });

  test("EmbeddingTest.test_weights_constructor_arg", () => {
    let layer = layers.Embedding(3, 4, { weights: tf.ones([3, 4]) });
    close(layer.getWeights()[0], tf.ones([3, 4]).arraySync(), "weights=np.ones((3, 4))");
    layer = layers.Embedding(3, 4, { weights: [tf.ones([3, 4])] });
    close(layer.getWeights()[0], tf.ones([3, 4]).arraySync(), "weights=[np.ones((3, 4))]");
  });

  test("EmbeddingTest.test_serialization_round_trip (mode none)", () => {
    const source = layers.Embedding(10, 16);
    source.build([null]);
    source.setWeights([tf.randomUniform([10, 16], -1, 1, "float32", 3)]);
    const store = source.getWeights();
    assert.equal(store.length, 1);
    const target = layers.Embedding(10, 16);
    target.build([null]);
    target.setWeights(store);
    close(target.getWeights()[0], store[0]!.arraySync(), "embeddings");
  });
});

onCpuOnly(() => {
  test("EmbeddingTest.test_embedding_constraints", () => {
    const layer = layers.Embedding(3, 2, { embeddingsConstraint: "non_neg" });
    layer.build([null, 2]);
    assert.ok((layer as any).embeddings.constraint instanceof NonNeg);
  });

  const bad: unknown[] = [3.7, "3", null, true, false, -1, 0];
  const errorClass = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? RangeError : TypeError);
  const fromConfig = (config: tf.serialization.ConfigDict) => {
    const [cls, from] = tf.serialization.SerializationMap.getMap().classNameMap["Embedding"]!;
    return from(cls, config);
  };

  test("EmbeddingTest.test_invalid_input_dim", () => {
    for (const v of bad) raises(() => layers.Embedding(v as any, 8), errorClass(v), /`inputDim` must be a positive integer/);
    raises(() => fromConfig({ inputDim: 3.7, outputDim: 8 }), TypeError, /`inputDim` must be a positive integer/);
  });

  test("EmbeddingTest.test_invalid_output_dim", () => {
    for (const v of bad) raises(() => layers.Embedding(10, v as any), errorClass(v), /`outputDim` must be a positive integer/);
    raises(() => fromConfig({ inputDim: 10, outputDim: 3.7 }), TypeError, /`outputDim` must be a positive integer/);
  });
});
