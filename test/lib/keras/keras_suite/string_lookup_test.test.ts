/**
 * Port of Keras 3's keras/src/layers/preprocessing/string_lookup_test.py, on every backend.
 * Skipped: test_sparse_inputs / test_sparse_output_in_multi_hot (tf.SparseTensor), test_adapt_with_grain_dataset
 * (grain), test_torch_backend_compatibility (torch); `sparse: true` throws Keras's non-TF message instead.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

onBackends(() => {
  test("StringLookupTest.test_config", () => {
    const layer = layers.StringLookup({ outputMode: "int", vocabulary: ["a", "b", "c"], oovToken: "[OOV]", maskToken: "[MASK]" });
    serializationRoundTrip(layer);
    assert.deepEqual(layer.getConfig().vocabulary, ["a", "b", "c"]);
  });

  test("StringLookupTest.test_adapt_flow / test_fixed_vocabulary / test_set_vocabulary", () => {
    const adapted = layers.StringLookup({ outputMode: "int" });
    adapted.adapt(["a", "a", "a", "b", "b", "c"]);
    close(adapted.apply(["b", "c", "d"]), [2, 3, 0], "adapt");
    assert.ok(adapted.getVocabulary().includes("a"));
    close(layers.StringLookup({ outputMode: "int", vocabulary: ["a", "b", "c"] }).apply(["b", "c", "d"]), [2, 3, 0], "fixed vocabulary");
    const set = layers.StringLookup({ outputMode: "int" });
    set.setVocabulary(["a", "b", "c"]);
    close(set.apply(["b", "c", "d"]), [2, 3, 0], "set_vocabulary");
  });

  test("StringLookupTest.test_adapt_with_generator / test_adapt_with_infinite_generator_and_steps", () => {
    const layer = layers.StringLookup();
    layer.adapt((function* () {
      yield ["cat", "dog"];
      yield ["bird", "cat"];
    })());
    for (const w of ["cat", "dog", "bird"]) assert.ok(layer.getVocabulary().includes(w), w);
    const infinite = layers.StringLookup();
    infinite.adapt((function* () {
      for (;;) yield ["cat", "dog", "bird"];
    })(), 3);
    assert.ok(infinite.getVocabulary().includes("cat"));
  });

  test("StringLookupTest.test_tf_data_compatibility: the layer as a dataset map", async () => {
    const layer = layers.StringLookup({ outputMode: "int", vocabulary: ["a", "b", "c"] });
    const ds = tf.data.array(["b", "c", "d"]).batch(3).map((x) => layer.apply(x as tf.Tensor) as tf.Tensor);
    close((await ds.toArray())[0], [2, 3, 0], "mapped batch");
  });

  test("StringLookupTest.test_tensor_as_vocab", () => {
    const layer = layers.StringLookup({ vocabulary: tf.tensor(["a", "b", "c", "d"]) });
    close(layer.apply([["a", "c", "d"], ["d", "z", "b"]]), [[1, 3, 4], [4, 0, 2]], "tensor vocabulary");
  });

  test("StringLookupTest.test_invert_lookup_basic", () => {
    const layer = layers.StringLookup({ vocabulary: ["a", "b", "c"], invert: true });
    assert.deepEqual(Array.from((layer.apply([1, 2, 0]) as tf.Tensor).dataSync()), ["a", "b", "[UNK]"]);
  });

  test("StringLookupTest.test_output_mode_count_shape / test_output_mode_multi_hot_binary / test_mask_token_basic", () => {
    const count = layers.StringLookup({ vocabulary: ["a", "b"], outputMode: "count" });
    const out = count.apply(["a", "a", "a", "b", "b"]) as tf.Tensor;
    assert.equal(out.shape[out.rank - 1], count.getVocabulary().length);
    close(out, [0, 3, 2], "count");
    close(layers.StringLookup({ vocabulary: ["a", "b"], outputMode: "multi_hot" }).apply(["a", "b"]), [0, 1, 1], "multi_hot");
    close(layers.StringLookup({ vocabulary: ["a", "b"], outputMode: "binary" }).apply(["a", "b"]), [0, 1, 1], "binary is multi_hot");
    const masked = layers.StringLookup({ vocabulary: ["a"], maskToken: "[MASK]" }).apply(["[MASK]", "a"]) as tf.Tensor;
    assert.equal(masked.dataSync()[0], 0);
  });

  test("StringLookupTest.test_get_vocabulary_include_special_tokens_false", () => {
    assert.deepEqual(layers.StringLookup({ vocabulary: ["a", "b", "c"] }).getVocabulary(false), ["a", "b", "c"]);
  });

  test("StringLookupTest.test_one_hot_symbolic_output_shape_nested_input", () => {
    const layer = layers.StringLookup({ maxTokens: 20, numOovIndices: 4, oovToken: "[UNK]", vocabulary: ["a", "b", "c", "d", "e", "f", "g", "h", "i"], outputMode: "one_hot", padToMaxTokens: true });
    const symbolic = layer.apply(keras.Input({ shape: [2, 2], dtype: "string" })) as tf.SymbolicTensor;
    assert.deepEqual(symbolic.shape, [null, 2, 2, 20]);
    const eager = layer.apply([[["a", "b"], ["c", "d"]], [["a", "b"], ["c", "d"]]]) as tf.Tensor;
    assert.deepEqual(eager.shape, [2, 2, 2, 20]);
  });

  test("StringLookupTest.test_salt_siphash", () => {
    const oov = ["x", "y", "z", "w", "v", "u"];
    const farm = layers.StringLookup({ vocabulary: ["a", "b", "c"], numOovIndices: 4 }).apply(oov) as tf.Tensor;
    const sip = layers.StringLookup({ vocabulary: ["a", "b", "c"], numOovIndices: 4, salt: [137, 42] }).apply(oov) as tf.Tensor;
    assert.notDeepEqual(Array.from(farm.dataSync()), Array.from(sip.dataSync()));
    for (const v of [...farm.dataSync(), ...sip.dataSync()]) assert.ok(v >= 0 && v < 4, `OOV bucket ${v} in [0, 4)`);
  });
});

onCpuOnly(() => {
  test("StringLookupTest.test_vocabulary_file: the vocabulary comes back from the saved model, not the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "string-lookup-"));
    try {
      const vocabPath = path.join(dir, "vocab.txt");
      fs.writeFileSync(vocabPath, "a\nb\nc\n");
      const layer = layers.StringLookup({ outputMode: "int", vocabulary: vocabPath, oovToken: "[OOV]", maskToken: "[MASK]", name: "index" });
      assert.deepEqual(layer.getVocabulary(), ["[MASK]", "[OOV]", "a", "b", "c"]);
      assert.equal(layer.getConfig().vocabulary ?? null, null);
      fs.rmSync(vocabPath);
      const model = keras.Sequential([keras.Input({ shape: [null], dtype: "string" }), layer]);
      await model.save(path.join(dir, "model"));
      const reloaded = await keras.models.loadModel(path.join(dir, "model"));
      assert.deepEqual((reloaded.getLayer("index") as layers.StringLookupLayer).getVocabulary(), ["[MASK]", "[OOV]", "a", "b", "c"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad input is named: numbers to a StringLookup, sparse, an unknown option", () => {
    assert.throws(() => layers.StringLookup({ vocabulary: ["a"] }).apply(tf.tensor([1, 2])), /StringLookup: expected a string tensor of tokens; got a float32 tensor/);
    assert.throws(() => layers.StringLookup({ sparse: true, outputMode: "multi_hot" }), /`sparse=True` can only be used with the TensorFlow backend/);
    assert.throws(() => layers.StringLookup({ vocab: ["a"] } as never), /StringLookup: unknown argument `vocab`/);
    assert.throws(() => layers.StringLookup({ outputMode: "tfidf" as never }), /invalid value for argument `outputMode`/);
  });
});
