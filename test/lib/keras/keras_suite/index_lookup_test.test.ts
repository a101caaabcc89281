/**
 * Port of Keras 3's keras/src/layers/preprocessing/index_lookup_test.py (IndexLookupLayerTest),
 * on every backend. IndexLookup is the engine of StringLookup, IntegerLookup and TextVectorization;
 * Keras's tests build it directly, as these do. Skipped: test_sparse_outputs (sparse tensors need
 * the TensorFlow backend; our constructor refuses `sparse: true` with Keras's non-TF message).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { IndexLookupLayer, type IndexLookupArgs } from "../../../../lib/keras/layers/index_lookup.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

class IndexLookup extends IndexLookupLayer {
  static override className = "IndexLookupForTest";
}
tf.serialization.registerClass(IndexLookup);

const STRING_KW: IndexLookupArgs = { maxTokens: 7, numOovIndices: 1, maskToken: "", oovToken: "[OOV]", vocabularyDtype: "string" };
const INT_KW: IndexLookupArgs = { maxTokens: 7, numOovIndices: 1, maskToken: 0, oovToken: -1, vocabularyDtype: "int64" };
const values = (t: unknown) => Array.from((t as tf.Tensor).dataSync());

onBackends(() => {
  test("IndexLookupLayerTest.test_basics_string_vocab: adapt, fixed vocab (with and without special tokens), set_vocabulary", () => {
    const check = (layer: IndexLookup, what: string) => {
      assert.deepEqual(layer.getVocabulary(), ["", "[OOV]", "one", "two", "three"], what);
      assert.deepEqual(layer.getVocabulary(false), ["one", "two", "three"], what);
      assert.deepEqual(values(layer.apply(["one", "two", "four"])), [2, 3, 1], what);
      assert.deepEqual(values(layer.apply(tf.tensor(["one", "two", "four"]))), [2, 3, 1], `${what}: tensor input`);
      serializationRoundTrip(layer);
    };
    const adapted = new IndexLookup(STRING_KW);
    adapted.adapt(["one", "one", "one", "two", "two", "three"]);
    check(adapted, "adapt");
    check(new IndexLookup({ ...STRING_KW, vocabulary: ["one", "two", "three"] }), "fixed vocab");
    check(new IndexLookup({ ...STRING_KW, vocabulary: ["", "[OOV]", "one", "two", "three"] }), "fixed vocab with special tokens");
    const set = new IndexLookup(STRING_KW);
    set.setVocabulary(["one", "two", "three"]);
    check(set, "set_vocabulary");
    const setSpecial = new IndexLookup(STRING_KW);
    setSpecial.setVocabulary(["", "[OOV]", "one", "two", "three"]);
    check(setSpecial, "set_vocabulary with special tokens");
  });

  test("IndexLookupLayerTest.test_basics_integer_vocab", () => {
    const check = (layer: IndexLookup, what: string) => {
      assert.deepEqual(layer.getVocabulary(), [0, -1, 1, 2, 3], what);
      assert.deepEqual(layer.getVocabulary(false), [1, 2, 3], what);
      assert.deepEqual(values(layer.apply([1, 2, 4])), [2, 3, 1], what);
      serializationRoundTrip(layer);
    };
    const adapted = new IndexLookup(INT_KW);
    adapted.adapt([1, 1, 1, 2, 2, 3]);
    check(adapted, "adapt");
    check(new IndexLookup({ ...INT_KW, vocabulary: [1, 2, 3] }), "fixed vocab");
    check(new IndexLookup({ ...INT_KW, vocabulary: [0, -1, 1, 2, 3] }), "fixed vocab with special tokens");
    const set = new IndexLookup(INT_KW);
    set.setVocabulary([0, -1, 1, 2, 3]);
    check(set, "set_vocabulary with special tokens");
  });

  test("IndexLookupLayerTest.test_max_tokens_adapt", () => {
    const layer = new IndexLookup({ ...INT_KW, maxTokens: 4 });
    layer.adapt([1, 1, 1, 2, 2, 3]);
    assert.deepEqual(layer.getVocabulary(), [0, -1, 1, 2]);
    assert.deepEqual(values(layer.apply([1, 2, 3, 4])), [2, 3, 1, 1]);
    serializationRoundTrip(layer);
  });

  test("IndexLookupLayerTest.test_pad_to_max_tokens", () => {
    const layer = new IndexLookup({ ...INT_KW, maxTokens: 5, vocabulary: [1, 2], padToMaxTokens: true, outputMode: "multi_hot" });
    close(layer.apply([1, 2]), [0, 1, 1, 0, 0], "multi_hot padded to maxTokens");
    serializationRoundTrip(layer);
  });

  test("IndexLookupLayerTest.test_output_modes", () => {
    const kw = { ...STRING_KW, vocabulary: ["one", "two", "three"] };
    const single = ["one", "two", "four"];
    const batch = [["one", "two", "four", "two"]];
    let layer = new IndexLookup({ ...kw, outputMode: "int" });
    close(layer.apply(single), [2, 3, 1], "int");
    close(layer.apply(batch), [[2, 3, 1, 3]], "int batch");
    layer = new IndexLookup({ ...kw, outputMode: "multi_hot" });
    close(layer.apply(single), [1, 1, 1, 0], "multi_hot");
    close(layer.apply(batch), [[1, 1, 1, 0]], "multi_hot batch");
    layer = new IndexLookup({ ...kw, outputMode: "one_hot" });
    close(layer.apply(single), [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]], "one_hot");
    layer = new IndexLookup({ ...kw, outputMode: "count" });
    close(layer.apply(single), [1, 1, 1, 0], "count");
    close(layer.apply(batch), [[1, 1, 2, 0]], "count batch");
    layer = new IndexLookup({ ...kw, outputMode: "tf_idf", idfWeights: [0.1, 0.2, 0.3] });
    close(layer.apply(single), [0.2, 0.1, 0.2, 0.0], "tf_idf");
    close(layer.apply(batch), [[0.2, 0.1, 0.4, 0.0]], "tf_idf batch");
  });

  test("IndexLookupLayerTest.test_one_hot_symbolic_output_shape_with_higher_rank_input / test_one_hot_compute_output_spec_preserves_input_dims", () => {
    const layer = layers.IntegerLookup({ vocabulary: [1, 2, 3], outputMode: "one_hot" });
    const symbolic = layer.apply(keras.Input({ shape: [2, 2], dtype: "int32" })) as tf.SymbolicTensor;
    assert.deepEqual(symbolic.shape, [null, 2, 2, 4]);
    const eager = layer.apply(tf.tensor([[[1, 2], [3, 0]], [[1, 2], [3, 0]]], undefined, "int32")) as tf.Tensor;
    assert.deepEqual(eager.shape, [2, 2, 2, 4]);
    assert.deepEqual(layers.IntegerLookup({ vocabulary: [1, 2, 3], outputMode: "one_hot" }).computeOutputShape([null, 3, 4]), [null, 3, 4, 4]);
  });

  test("IndexLookupLayerTest.test_one_hot_compute_output_shape_multi_hot_consistency", () => {
    const kw = { maxTokens: 10, numOovIndices: 1, maskToken: null, oovToken: "[OOV]", vocabularyDtype: "string" as const, vocabulary: ["a", "b", "c"] };
    assert.deepEqual(new IndexLookup({ ...kw, outputMode: "multi_hot" }).computeOutputShape([null, 5]), [null, 4]);
    assert.deepEqual(new IndexLookup({ ...kw, outputMode: "one_hot" }).computeOutputShape([null, 2, 2]), [null, 2, 2, 4]);
  });

  test("IndexLookupLayerTest.test_adapt_tf_idf: unbatched and batched documents", () => {
    let layer = new IndexLookup({ ...STRING_KW, outputMode: "tf_idf" });
    layer.adapt(["one", "one", "one", "two", "two", "three"]);
    const idf = [3, 2, 1].map((d) => Math.log(1 + 6 / (1 + d)));
    close(tf.tensor(layer.idfWeights!.slice(1)), idf, "idf weights, each token its own document");
    close(layer.apply(["one", "two", "four"]), [1.1337324, 0.91629076, 1.0986123, 0.0], "tf_idf output");
    layer = new IndexLookup({ ...STRING_KW, outputMode: "tf_idf" });
    layer.adapt([["one", "one"], ["one", "two"], ["two", "three"]]);
    close(tf.tensor(layer.idfWeights!.slice(1)), [2, 2, 1].map((d) => Math.log(1 + 3 / (1 + d))), "idf weights, rows are documents");
    close(layer.apply([["one", "two"], ["two", "four"]]), [[0.0, 0.6931472, 0.6931472, 0.0], [0.76752836, 0.0, 0.6931472, 0.0]], "tf_idf batched");
  });

  test("IndexLookupLayerTest.test_invert", () => {
    const layer = new IndexLookup({ ...STRING_KW, vocabulary: ["one", "two", "three"], invert: true, outputMode: "int" });
    assert.deepEqual(values(layer.apply([2, 3, 1])), ["one", "two", "[OOV]"]);
    const batch = layer.apply([[2, 3, 1, 3]]) as tf.Tensor;
    assert.deepEqual(batch.arraySync(), [["one", "two", "[OOV]", "two"]]);
  });

  test("IndexLookupLayerTest.test_adapt_with_tf_data", async () => {
    const layer = new IndexLookup(STRING_KW);
    await layer.adapt(tf.data.array(["one", "one", "one", "two", "two", "three"]).batch(2));
    assert.deepEqual(layer.getVocabulary(), ["", "[OOV]", "one", "two", "three"]);
    assert.deepEqual(values(layer.apply(["one", "two", "four"])), [2, 3, 1]);
    serializationRoundTrip(layer);
  });

  test("IndexLookupLayerTest.test_oov_method_ignored_for_string_dtype / test_salt_produces_different_output_than_farmhash", () => {
    const kw = { maxTokens: 10, numOovIndices: 4, maskToken: "", oovToken: "[OOV]", vocabularyDtype: "string" as const, vocabulary: ["cat", "dog", "fish"] };
    const oov = ["aaa", "bbb", "ccc", "ddd", "eee", "fff"];
    assert.deepEqual(values(new IndexLookup({ ...kw, oovMethod: "floormod" }).apply(oov)), values(new IndexLookup({ ...kw, oovMethod: "farmhash" }).apply(oov)));
    for (const [dtype, vocab, data] of [["int64", [1, 2, 3], [100, 200, 300, 400, 500, 600]], ["string", ["a", "b", "c"], ["x", "y", "z", "w", "v", "u"]]] as const) {
      const base = { maxTokens: 10, numOovIndices: 4, maskToken: null, oovToken: dtype === "int64" ? -1 : "[OOV]", vocabularyDtype: dtype, vocabulary: vocab as unknown as string[], oovMethod: "farmhash" as const };
      assert.notDeepEqual(values(new IndexLookup(base).apply(data as unknown as string[])), values(new IndexLookup({ ...base, salt: [137, 42] }).apply(data as unknown as string[])), dtype);
    }
  });
});

onCpuOnly(() => {
  test("IndexLookupLayerTest.test_saving: adapted and fixed vocabularies survive model.save → loadModel", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "index-lookup-"));
    try {
      for (const vocabulary of [undefined, ["one", "two", "three"]]) {
        const layer = layers.StringLookup({ maxTokens: 7, maskToken: "", oovToken: "[OOV]", vocabulary, name: "lookup" });
        if (!vocabulary) layer.adapt(["one", "one", "one", "two", "two", "three"]);
        const model = keras.Sequential([keras.Input({ shape: [null], dtype: "string" }), layer]);
        const x = tf.tensor([["one", "two", "four"]]);
        const before = model.predict(x) as tf.Tensor;
        const target = path.join(dir, vocabulary ? "fixed" : "adapted");
        await model.save(target);
        const loaded = await keras.models.loadModel(target);
        assert.deepEqual((loaded.predict(x) as tf.Tensor).arraySync(), before.arraySync());
        assert.deepEqual(before.arraySync(), [[2, 3, 1]]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("IndexLookupLayerTest: constructor errors (max_tokens, pad_to_max_tokens, num_oov_indices, invert, sparse, idf_weights, kwargs, files, repeats, mask)", () => {
    const base = { numOovIndices: 1, maxTokens: null, maskToken: null, oovToken: null };
    assert.throws(() => new IndexLookup({ ...base, maxTokens: 1, vocabularyDtype: "int64" }), /If set, `maxTokens` must be greater than 1/i);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "int64", padToMaxTokens: true }), /If padToMaxTokens is True, must set `maxTokens`/i);
    assert.throws(() => new IndexLookup({ ...base, maxTokens: 10, numOovIndices: -1, vocabularyDtype: "int64" }), /`numOovIndices` must be greater than or equal to 0/);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", invert: true, outputMode: "one_hot" }), /`outputMode` must be "int" when `invert` is true/);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", sparse: true, outputMode: "int" }), /`sparse` may only be true if `output_mode` is `'one_hot'`/);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", idfWeights: [0.5, 0.1, 0.3], outputMode: "int" }), /`idfWeights` should only be set if `outputMode` is "tf_idf"/);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", idfWeights: [0.5, 0.1, 0.3], outputMode: "multi_hot" }), /`idfWeights` should only be set if `outputMode` is/);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", extraArg: true } as IndexLookupArgs), /unrecognized keyword argument/i);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", vocabulary: "path/to/missing_vocab.txt" }), /vocabulary file path\/to\/missing_vocab.txt does not exist/i);
    assert.throws(() => new IndexLookup({ ...base, vocabularyDtype: "string", vocabulary: ["token", "token", "unique"] }), /the passed vocabulary has at least one repeated term/i);
    assert.throws(() => new IndexLookup({ ...base, maskToken: "mask", vocabularyDtype: "string", vocabulary: ["token", "mask", "unique"] }), /found reserved mask token at unexpected location in `vocabulary`/i);
  });

  test("IndexLookupLayerTest.test_ensure_known_vocab_size_without_vocabulary", () => {
    const layer = new IndexLookup({ numOovIndices: 1, maskToken: "", oovToken: "[OOV]", outputMode: "multi_hot", padToMaxTokens: false, vocabularyDtype: "string", maxTokens: null });
    assert.throws(() => layer.apply(["sample", "data"]), /When using `outputMode=multi_hot` and/i);
  });

  test("IndexLookupLayerTest.test_save_and_load_assets_string_vocab / _with_multiple_oov_indices / test_load_assets_handles_trailing_newlines", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lookup-assets-"));
    try {
      const kw = { maxTokens: 10, numOovIndices: 1, maskToken: "<mask>", oovToken: "[OOV]", vocabularyDtype: "string" as const };
      const layer = new IndexLookup(kw);
      layer.setVocabulary(["apple", "banana", "cherry"]);
      const before = values(layer.apply(["apple", "banana", "unknown"]));
      layer.saveAssets(dir);
      const layer2 = new IndexLookup(kw);
      layer2.loadAssets(dir);
      assert.deepEqual(layer2.getVocabulary(), layer.getVocabulary());
      assert.deepEqual(layer2.getVocabulary(false), layer.getVocabulary(false));
      assert.deepEqual(values(layer2.apply(["apple", "banana", "unknown"])), before);

      const kw2 = { ...kw, numOovIndices: 2 };
      const two = new IndexLookup(kw2);
      two.setVocabulary(["apple", "banana"]);
      assert.deepEqual(two.getVocabulary(), ["<mask>", "[OOV]", "[OOV]", "apple", "banana"]);
      two.saveAssets(dir);
      const two2 = new IndexLookup(kw2);
      two2.loadAssets(dir);
      assert.deepEqual(two2.getVocabulary(), two.getVocabulary());

      fs.writeFileSync(path.join(dir, "vocabulary.txt"), "<mask>\n[OOV]\napple\nbanana\ncherry\n");
      const layer3 = new IndexLookup(kw);
      layer3.loadAssets(dir);
      assert.deepEqual(layer3.getVocabulary(), layer.getVocabulary());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("IndexLookupLayerTest.test_salt_config_serialization / test_salt_valid_and_invalid_formats / test_salt_requires_farmhash", () => {
    serializationRoundTrip(new IndexLookup({ maxTokens: 10, numOovIndices: 2, maskToken: null, oovToken: -1, vocabularyDtype: "int64", vocabulary: [1, 2, 3], oovMethod: "farmhash", salt: [137, 42] }));
    const base = { maxTokens: 10, numOovIndices: 2, maskToken: null, oovToken: -1, vocabularyDtype: "int64" as const, oovMethod: "farmhash" as const };
    assert.deepEqual(new IndexLookup({ ...base, salt: [137, 42] }).salt, [137, 42]);
    assert.deepEqual(new IndexLookup({ ...base, salt: 99 }).salt, [99, 99]);
    assert.throws(() => new IndexLookup({ ...base, salt: "bad" as unknown as number }), /can only be a tuple of size 2 integers, or a single integer/);
    assert.throws(() => new IndexLookup({ ...base, salt: [1, 2, 3] as unknown as [number, number] }), /can only be a tuple of size 2 integers/);
    assert.throws(() => new IndexLookup({ ...base, oovMethod: "floormod", salt: [137, 42] }), /`salt` can only be used when `oovMethod="farmhash"`/);
  });

  test("tokens whose case or underscores tfjs's JSON conversion would change survive toJSON → modelFromJSON", async () => {
    const vocabulary = ["Hello", "snake_case", "ÉCOLE", "100%", "%41;"];
    const layer = layers.StringLookup({ vocabulary, maskToken: "[MASK]", outputMode: "multi_hot" });
    const model = keras.Sequential([keras.Input({ shape: [null], dtype: "string" }), layer]);
    const rebuilt = await keras.models.modelFromJSON(model.toJSON(null, true) as string);
    assert.equal(rebuilt.layers.length, 1, "the Input is not one of the layers");
    const again = rebuilt.layers[0] as layers.StringLookupLayer;
    assert.deepEqual(again.getVocabulary(false), vocabulary);
    assert.equal(again.maskToken, "[MASK]");
    assert.equal(again.outputMode, "multi_hot");
  });
});
