/**
 * Port of Keras 3's keras/src/layers/core/dense_test.py. Cases with numbers run on every backend;
 * argument checks on cpu only. Keras's ValueError is our RangeError.
 * Skipped (out of scope: no quantization, LoRA or sparse tensors here):
 *   test_dense_quantize_config, test_dense_sparse, test_enable_lora, test_enable_lora_with_alpha,
 *   test_lora_weight_name, test_lora_rank_argument, test_enable_lora_with_kernel_constraint,
 *   test_enable_lora_on_unbuilt_layer, test_enable_lora_when_already_enabled, test_quantize_int,
 *   test_quantize_on_unbuilt_layer, test_quantize_on_subclass, test_quantize_when_already_quantized,
 *   test_quantize_by_setting_dtype_policy, test_quantize_invalid_mode, test_quantize_dtype_argument,
 *   test_quantize_lora_integration, test_quantize_float8, test_quantize_float8_fitting,
 *   test_quantize_float8_inference, test_gptq_serialization, test_awq_serialization,
 *   test_gptq_uncalibrated_save_raises, test_awq_uncalibrated_save_raises,
 *   test_int4_kernel_returns_unpacked_form, test_legacy_load_own_variables (quantized stores),
 *   test_gptq_awq_load_from_store, test_load_own_variables_reports_clear_errors (quantized specs),
 *   test_int4_gptq_kernel_returns_unpacked_form, test_gptq_kernel_packing,
 *   test_int4_awq_kernel_returns_unpacked_form, test_awq_kernel_packing,
 *   test_dense_int8_custom_quantizer, test_dense_int8_weight_only_quantizer,
 *   test_dense_int4_custom_quantizer, test_int4_quantization_block_size,
 *   test_int4_block_size_serialization, test_int4_block_size_with_lora,
 *   test_int4_grouped_vs_perchannel_scale_shapes, test_int4_subchannel_g_idx_created,
 *   test_int4_perchannel_no_g_idx, test_int4_subchannel_g_idx_serialization, and every
 *   test_dense_quantize_ternary_* / test_dense_prebuilt_ternary_mode / test_int4_* case after them.
 * test_serialization_round_trip: only mode "none" (the others are quantized); Keras's
 *   save_own_variables / load_own_variables store is getWeights / setWeights.
 * Adapted: test_dense_errors matches tfjs's "incompatible with layer" (Keras: "incompatible with
 *   the layer"). test_dense_without_activation_set sets `activation = null` after the build.
 * Not approximated from run_layer_test: seed-generator counts and the training check.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close } from "./lookup_helpers.js";
import { raises, runLayerTest } from "./layer_cases.js";

const NonNeg = tf.constraints.nonNeg().constructor;

onBackends(() => {
  test("DenseTest.test_dense_basics", () => {
    // 2D case, no bias.
    runLayerTest({
      make: () => layers.Dense(4, { activation: "relu", kernelInitializer: "random_uniform", biasInitializer: "ones", useBias: false }),
      inputShape: [2, 3],
      expectedOutputShape: [2, 4],
      expectedNumTrainableWeights: 1,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 0,
      supportsMasking: true,
    });
    // 3D case, some regularizers.
    runLayerTest({
      make: () => layers.Dense(5, { activation: "sigmoid", kernelRegularizer: "l2", biasRegularizer: "l2" }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 5],
      expectedNumTrainableWeights: 2,
      expectedNumNonTrainableWeights: 0,
      expectedNumLosses: 2,
      supportsMasking: true,
    });
  });

  test("DenseTest.test_dense_correctness", () => {
    // With bias and activation.
    let layer = layers.Dense(2, { activation: "relu" });
    layer.build([1, 2]);
    layer.setWeights([tf.tensor([[1.0, -2.0], [3.0, -4.0]]), tf.tensor([5.0, -6.0])]);
    close(layer.apply(tf.tensor([[-1.0, 2.0]])), [[10.0, 0.0]], "relu(x·k + b)");
    // Just a kernel matmul.
    layer = layers.Dense(2, { useBias: false });
    layer.build([1, 2]);
    layer.setWeights([tf.tensor([[1.0, -2.0], [3.0, -4.0]])]);
    assert.equal((layer as any).bias ?? null, null);
    close(layer.apply(tf.tensor([[-1.0, 2.0]])), [[5.0, -6.0]], "x·k");
  });

  test("DenseTest.test_dense_no_activation", () => {
    const layer = layers.Dense(2, { useBias: false, activation: null });
    layer.build([1, 2]);
    layer.setWeights([tf.tensor([[1.0, -2.0], [3.0, -4.0]])]);
    assert.equal((layer as any).bias ?? null, null);
    close(layer.apply(tf.tensor([[-1.0, 2.0]])), [[5.0, -6.0]], "x·k");
  });

  test("DenseTest.test_dense_without_activation_set", () => {
    const layer = layers.Dense(2, { useBias: false });
    layer.build([1, 2]);
    layer.setWeights([tf.tensor([[1.0, -2.0], [3.0, -4.0]])]);
    (layer as any).activation = null;
    assert.equal((layer as any).bias ?? null, null);
    close(layer.apply(tf.tensor([[-1.0, 2.0]])), [[5.0, -6.0]], "x·k");
  });

  test("DenseTest.test_dense_with_activation", () => {
    const layer = layers.Dense(2, { useBias: false, activation: "relu" });
    layer.build([1, 2]);
    layer.setWeights([tf.tensor([[1.0, -2.0], [3.0, -4.0]])]);
    close(layer.apply(tf.tensor([[-1.0, 2.0]])), [[5.0, 0.0]], "relu(x·k)");
  });

  test("DenseTest.test_serialization_round_trip (mode none)", () => {
    const source = layers.Dense(8);
    source.build([null, 16]);
    source.setWeights(source.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, "float32", i + 1)));
    const store = source.getWeights();
    assert.equal(store.length, 2);
    const target = layers.Dense(8);
    target.build([null, 16]);
    target.setWeights(store);
    target.getWeights().forEach((w, i) => close(w, store[i]!.arraySync(), `weight ${i}`));
  });
});

onCpuOnly(() => {
  for (const [name, units] of [["zero", 0], ["negative", -3], ["float", 2.5], ["none", null], ["string", "64"]] as const) {
    test(`DenseTest.test_dense_invalid_units_raises (${name})`, () => {
      raises(() => layers.Dense(units as any), RangeError, /positive integer/);
    });
  }

  test("DenseTest.test_dense_errors", () => {
    assert.throws(() => {
      const layer = layers.Dense(2, { activation: "relu" });
      layer.apply(keras.Input({ batchShape: [1, 2] }));
      layer.apply(keras.Input({ batchShape: [1, 3] }));
    }, /incompatible with (the )?layer/);
  });

  test("DenseTest.test_dense_constraints", () => {
    let layer = layers.Dense(2, { kernelConstraint: "non_neg" });
    layer.build([null, 2]);
    assert.ok((layer as any).kernel.constraint instanceof NonNeg);
    layer = layers.Dense(2, { biasConstraint: "non_neg" });
    layer.build([null, 2]);
    assert.ok((layer as any).bias.constraint instanceof NonNeg);
  });
});
