/**
 * Port of Keras 3's keras/src/layers/preprocessing/text_vectorization_test.py, on every backend.
 * Skipped: test_adapt_with_grain_dataset (grain), test_ragged_tensor / test_ragged_tensor_output_length
 * (tf.RaggedTensor; we are a non-TF backend, so test_raises_exception_ragged_tensor applies) and
 * test_sparse_output (tf.SparseTensor: `sparse: true` throws, tested below). Keras's callables receive
 * tensors (TF) or numpy arrays; ours receive one string and return a string (standardize) or the
 * tokens (split), so test_custom_splitting / test_custom_standardize_callable /
 * test_python_standardize_callable_non_tf_backend pass the same transformation as a string function.
 * The TF-only cases (string inputs into a saved model, one_hot) run here too: strings are tensors in tfjs.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";
import * as layers from "../../../../lib/keras/layers/index.js";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

const TV = layers.TextVectorization;

onBackends(() => {
  let tmp = "";
  tempDirPerSuite("text-vectorization-", (d) => (tmp = d));

  test("TextVectorizationTest.test_config", () => {
    const layer = TV({ outputMode: "int", vocabulary: ["one", "two"], outputSequenceLength: 5 });
    const again = serializationRoundTrip(layer) as layers.TextVectorizationLayer;
    assert.deepEqual(again.getVocabulary(), ["", "[UNK]", "one", "two"]);
    close(again.apply([["two one x"]]), [[3, 2, 1, 0, 0]], "the restored layer looks up the same ids");
  });

  test("TextVectorizationTest.test_adapt_flow", () => {
    const layer = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4 });
    layer.adapt(["foo bar", "bar baz", "baz bada boom"]);
    const output = layer.apply([["foo qux bar"], ["qux baz"]]);
    assert.ok(output instanceof tf.Tensor);
    close(output, [[4, 1, 3, 0], [1, 2, 0, 0]], "adapted ids");
    assert.ok(layer.getVocabulary().includes("foo"));
  });

  test("TextVectorizationTest.test_adapt_with_generator", () => {
    const layer = TV();
    layer.adapt((function* () {
      yield ["hello world", "foo bar"];
      yield ["baz qux", "hello foo"];
    })());
    assert.ok(layer.getVocabulary().includes("hello"));
    assert.ok(layer.getVocabulary().includes("foo"));
  });

  test("TextVectorizationTest.test_adapt_with_infinite_generator_and_steps", () => {
    const layer = TV();
    layer.adapt((function* () {
      for (;;) yield ["hello world", "foo bar"];
    })(), 3);
    assert.ok(layer.getVocabulary().includes("hello"));
  });

  test("TextVectorizationTest.test_fixed_vocabulary", () => {
    const layer = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4, vocabulary: ["baz", "bar", "foo"] });
    close(layer.apply([["foo qux bar"], ["qux baz"]]), [[4, 1, 3, 0], [1, 2, 0, 0]], "fixed vocabulary");
  });

  test("TextVectorizationTest.test_set_vocabulary", () => {
    const layer = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4 });
    layer.setVocabulary(["baz", "bar", "foo"]);
    close(layer.apply([["foo qux bar"], ["qux baz"]]), [[4, 1, 3, 0], [1, 2, 0, 0]], "set vocabulary");
  });

  test("TextVectorizationTest.test_save_load_with_ngrams_flow", async () => {
    const inputData = tf.tensor([["foo bar"], ["bar baz"], ["baz bada boom"]], undefined, "string");
    const model = keras.Sequential([keras.Input({ dtype: "string", shape: [1] }), TV({ ngrams: [1, 2], name: "vectorizer" })]);
    // As in Keras, model.layers[0] is the layer after the Input.
    const vectorizer = model.layers[0] as layers.TextVectorizationLayer;
    vectorizer.adapt(inputData);
    const output = model.predict(inputData) as tf.Tensor;
    const dir = path.join(tmp, "ngrams-model");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    close(loaded.predict(inputData), output.arraySync(), "reloaded ngram model");
    assert.deepEqual((loaded.getLayer("vectorizer") as layers.TextVectorizationLayer).getVocabulary(), vectorizer.getVocabulary());
  });

  test("TextVectorizationTest.test_save_load_tf_idf_mode", async () => {
    const inputData = tf.tensor(["foo bar", "bar baz", "baz bada boom"], undefined, "string");
    const vectorizer = TV({ maxTokens: 100, outputMode: "tf_idf" });
    const model = keras.Sequential([keras.Input({ dtype: "string", shape: [] }), vectorizer]);
    vectorizer.adapt(inputData);
    const output = model.predict(inputData) as tf.Tensor;
    assert.ok(tf.max(output).dataSync()[0]! > 0, "tf_idf output is not all zeros");
    const dir = path.join(tmp, "tfidf-model");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    close(loaded.predict(inputData), output.arraySync(), "reloaded tf_idf model");
  });

  test("TextVectorizationTest.test_tf_data_compatibility", async () => {
    const inputData = [["foo qux bar"], ["qux baz"]];
    const fixed = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4, vocabulary: ["baz", "bar", "foo"] });
    const ds = tf.data.array(inputData.map((r) => tf.tensor(r, undefined, "string"))).batch(2).map((x) => fixed.apply(x as tf.Tensor) as tf.Tensor);
    close((await ds.toArray())[0], [[4, 1, 3, 0], [1, 2, 0, 0]], "mapped batch");

    const adapted = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4 });
    adapted.adapt(inputData);
    const ds2 = tf.data.array(inputData.map((r) => tf.tensor(r, undefined, "string"))).batch(2).map((x) => adapted.apply(x as tf.Tensor) as tf.Tensor);
    const first = (await ds2.toArray())[0] as tf.Tensor;
    assert.deepEqual(first.shape, [2, 4]);
  });

  for (const [name, split] of [["from_ragged", "whitespace"], ["from_dense", null]] as const) {
    test(`TextVectorizationTest.test_static_output_sequence_length ${name}`, () => {
      const layer = TV({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4, split, vocabulary: ["baz", "bar", "foo"] });
      const inputData = split ? [["foo qux bar"], ["qux baz"]] : [["foo"], ["baz"]];
      const symbolic = layer.apply(keras.Input({ shape: [1], dtype: "string" })) as tf.SymbolicTensor;
      assert.deepEqual(symbolic.shape, [null, 4]);
      assert.deepEqual((layer.apply(inputData) as tf.Tensor).shape, [2, 4]);
    });
  }

  test("TextVectorizationTest.test_tf_as_first_sequential_layer", () => {
    const layer = TV({ maxTokens: 10, outputMode: "int", outputSequenceLength: 3 });
    layer.setVocabulary(["baz", "bar", "foo"]);
    const model = keras.Sequential([keras.Input({ shape: [1], dtype: "string" }), layer, layers.Embedding(5, 4)]);
    const out = model.predict(tf.tensor([["foo qux bar"], ["qux baz"]], undefined, "string")) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 3, 4]);
  });

  test("TextVectorizationTest.test_multi_hot_output", () => {
    const layer = TV({ outputMode: "multi_hot", vocabulary: ["foo", "bar", "baz"] });
    close(layer.apply([["foo bar"], ["baz foo foo"]]), [[0, 1, 1, 0], [0, 1, 0, 1]], "multi_hot");
  });

  test("TextVectorizationTest.test_output_mode_count_output", () => {
    const layer = TV({ outputMode: "count", vocabulary: ["foo", "bar", "baz"] });
    close(layer.apply(["foo bar", "baz foo foo"]), [[0, 1, 1, 0], [0, 2, 0, 1]], "count");
  });

  test("TextVectorizationTest.test_output_mode_tf_idf_output", () => {
    const layer = TV({ outputMode: "tf_idf", vocabulary: ["foo", "bar", "baz"], idfWeights: [0.3, 0.5, 0.2] });
    close(layer.apply(["foo bar", "baz foo foo"]), [[0.0, 0.3, 0.5, 0.0], [0.0, 0.6, 0.0, 0.2]], "tf_idf");
  });

  test("TextVectorizationTest.test_lower_and_strip_punctuation_standardization", () => {
    const layer = TV({ standardize: "lower_and_strip_punctuation", vocabulary: ["hello", "world", "this", "is", "nice", "test"] });
    const output = layer.apply(["Hello, World!. This is just a nice test!"]) as tf.Tensor;
    assert.equal(output.shape[1], 8);
    close(output, [[2, 3, 4, 5, 1, 1, 6, 7]], "lower and strip punctuation");
  });

  test("TextVectorizationTest.test_lower_standardization", () => {
    const layer = TV({ standardize: "lower", vocabulary: ["hello,", "hello", "world", "this", "is", "nice", "test"] });
    const output = layer.apply(["Hello, World!. This is just a nice test!"]) as tf.Tensor;
    assert.equal(output.shape[1], 8);
    close(output, [[2, 1, 5, 6, 1, 1, 7, 1]], "lower only");
  });

  test("TextVectorizationTest.test_char_splitting", () => {
    const layer = TV({ split: "character", vocabulary: [..."abcde"], outputMode: "int" });
    const output = layer.apply(["abcf"]) as tf.Tensor;
    assert.equal(output.shape[1], 4);
    close(output, [[2, 3, 4, 1]], "characters");
  });

  test("TextVectorizationTest.test_custom_splitting", () => {
    const layer = TV({ split: (text: string) => text.split("|"), vocabulary: ["foo", "bar", "foobar"], outputMode: "int" });
    // the default standardization strips "|" before the split sees it, so "foo|bar" is one token.
    close(layer.apply(["foo|bar"]), [[4]], "custom split");
  });

  test("TextVectorizationTest.test_strip_punctuation_standardization", () => {
    const layer = TV({ standardize: "strip_punctuation", vocabulary: ["Hello", "World", "Test"] });
    close(layer.apply(["Hello, World! Test."]), [[2, 3, 4]], "case kept, punctuation stripped");
  });

  test("TextVectorizationTest.test_no_standardization", () => {
    const layer = TV({ standardize: null, vocabulary: ["Hello", "world"] });
    close(layer.apply(["Hello hello"]), [[2, 1]], "case-sensitive");
  });

  test("TextVectorizationTest.test_custom_standardize_callable", () => {
    const layer = TV({ standardize: (text: string) => text.replace(/-/g, " "), split: "whitespace", vocabulary: ["foo", "bar"] });
    close(layer.apply(["foo-bar"]), [[2, 3]], "custom standardize");
  });

  test("TextVectorizationTest.test_python_standardize_callable_non_tf_backend: the callable gets plain strings", () => {
    const seen: string[] = [];
    const layer = TV({
      standardize: (text: string) => {
        seen.push(typeof text);
        return text.toLowerCase().replace(/,/g, "");
      },
    });
    layer.adapt(["Hello, world."]);
    assert.ok(seen.length > 0);
    assert.ok(seen.every((t) => t === "string"), JSON.stringify(seen));
    const vocab = layer.getVocabulary();
    assert.ok(vocab.includes("hello"), JSON.stringify(vocab));
    assert.ok(vocab.includes("world."), JSON.stringify(vocab));
    assert.ok(layer.apply(["Hello, world."]) instanceof tf.Tensor);
  });

  test("TextVectorizationTest.test_no_split", () => {
    const layer = TV({ split: null, vocabulary: ["foo", "bar", "baz"], outputMode: "int" });
    close(layer.apply([["foo"], ["bar"], ["unknown"]]), [[2], [3], [1]], "whole strings");
  });

  test("TextVectorizationTest.test_ngrams_integer", () => {
    const layer = TV({ ngrams: 2, outputMode: "int" });
    layer.adapt(["foo bar baz"]);
    const vocab = layer.getVocabulary();
    assert.ok(vocab.includes("foo bar") && vocab.includes("bar baz"), JSON.stringify(vocab));
  });

  test("TextVectorizationTest.test_ngrams_tuple", () => {
    const layer = TV({ ngrams: [1, 3], outputMode: "int" });
    layer.adapt(["foo bar baz"]);
    const vocab = layer.getVocabulary();
    assert.ok(vocab.includes("foo"));
    assert.ok(vocab.includes("foo bar baz"));
    assert.ok(!vocab.includes("foo bar"));
  });

  test("TextVectorizationTest.test_max_tokens", () => {
    const layer = TV({ outputMode: "int", maxTokens: 5 });
    layer.adapt(["a b c d e f g h i j"]);
    assert.equal(layer.getVocabulary().length, 5);
  });

  test("TextVectorizationTest.test_pad_to_max_tokens", () => {
    const layer = TV({ outputMode: "multi_hot", vocabulary: ["foo", "bar"], maxTokens: 8, padToMaxTokens: true });
    const output = layer.apply(["foo bar"]) as tf.Tensor;
    assert.equal(output.shape[output.rank - 1], 8);
    close(output, [[0, 1, 1, 0, 0, 0, 0, 0]], "padded multi_hot");
  });

  test("TextVectorizationTest.test_get_vocabulary", () => {
    const vocab = TV({ outputMode: "int", vocabulary: ["foo", "bar", "baz"] }).getVocabulary();
    assert.equal(vocab[0], "");
    assert.equal(vocab[1], "[UNK]");
    for (const w of ["foo", "bar", "baz"]) assert.ok(vocab.includes(w), w);
  });

  test("TextVectorizationTest.test_get_vocabulary_no_special_tokens", () => {
    const vocab = TV({ outputMode: "int", vocabulary: ["foo", "bar", "baz"] }).getVocabulary(false);
    assert.ok(!vocab.includes(""));
    assert.ok(!vocab.includes("[UNK]"));
    assert.equal(vocab.length, 3);
  });

  test("TextVectorizationTest.test_vocabulary_size", () => {
    assert.equal(TV({ outputMode: "int", vocabulary: ["foo", "bar", "baz"] }).vocabularySize(), 5);
  });

  test("TextVectorizationTest.test_vocabulary_from_file", () => {
    const vocabFile = path.join(tmp, "vocab.txt");
    fs.writeFileSync(vocabFile, "foo\nbar\nbaz\n");
    const layer = TV({ vocabulary: vocabFile, outputMode: "int" });
    close(layer.apply(["foo bar baz unknown"]), [[2, 3, 4, 1]], "vocabulary file");
  });

  test("TextVectorizationTest.test_one_hot_output", () => {
    const layer = TV({ outputMode: "one_hot", vocabulary: ["foo", "bar", "baz"] });
    const output = layer.apply(["foo bar"]) as tf.Tensor;
    assert.equal(output.shape[output.rank - 1], 4);
    close(output, [[[0, 1, 0, 0], [0, 0, 1, 0]]], "one_hot per token");
  });

  test("TextVectorizationTest.test_adapt_with_tf_dataset", async () => {
    const ds = tf.data.array(["foo bar", "bar baz", "baz foo"]).batch(2);
    const layer = TV({ outputMode: "int" });
    await layer.adapt(ds);
    for (const w of ["foo", "bar", "baz"]) assert.ok(layer.getVocabulary().includes(w), w);
  });

  test("TextVectorizationTest.test_adapt_with_steps", async () => {
    const ds = tf.data.array(["foo bar", "bar baz", "unique_word"]).batch(1);
    const layer = TV({ outputMode: "int" });
    await layer.adapt(ds, 2);
    assert.ok(layer.getVocabulary().includes("bar"));
    assert.ok(!layer.getVocabulary().includes("unique_word"));
  });

  test("adapt on a danfo Series of documents (what readCsv gives a notebook)", () => {
    const layer = TV({ outputMode: "int" });
    layer.adapt(new dfd.Series(["foo bar", "bar baz", "bar"]));
    assert.deepEqual(layer.getVocabulary(), ["", "[UNK]", "bar", "foo", "baz"]);
  });
});

onCpuOnly(() => {
  test("TextVectorizationTest.test_invalid_ngrams", () => {
    assert.throws(() => TV({ ngrams: "invalid" as never }), /`ngrams` must be None, an integer, or a tuple of integers/);
  });

  test("TextVectorizationTest.test_output_sequence_length_with_non_int_mode", () => {
    assert.throws(() => TV({ outputMode: "multi_hot", outputSequenceLength: 5 }), /`outputSequenceLength` must not be set if `outputMode` is not 'int'/);
  });

  test("TextVectorizationTest.test_raises_exception_ragged_tensor / test_sparse_output: named refusals", () => {
    assert.throws(() => TV({ outputMode: "int", vocabulary: ["baz", "bar", "foo"], ragged: true }), /`ragged=True` can only be used with the TensorFlow backend/);
    assert.throws(() => TV({ outputMode: "multi_hot", vocabulary: ["foo", "bar", "baz"], sparse: true }), /`sparse=True` can only be used with the TensorFlow backend/);
  });
});
