/**
 * Port of Keras 3's keras/src/layers/preprocessing/integer_lookup_test.py, on every backend.
 * Skipped: test_sparse_output (tf.SparseTensor).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { onBackends, onCpuOnly } from "../backends.js";
import { close, ints, serializationRoundTrip } from "./lookup_helpers.js";

onBackends(() => {
  test("IntegerLookupTest.test_config", () => {
    serializationRoundTrip(layers.IntegerLookup({ outputMode: "int", vocabulary: [1, 2, 3], oovToken: 1, maskToken: 0 }));
  });

  test("IntegerLookupTest.test_adapt_flow: int, one_hot, multi_hot, tf_idf, count", () => {
    const adapt = [1, 1, 1, 2, 2, 3];
    const make = (outputMode: "int" | "one_hot" | "multi_hot" | "tf_idf" | "count") => {
      const l = layers.IntegerLookup({ outputMode });
      l.adapt(adapt);
      return l;
    };
    const int = make("int");
    close(int.apply([1, 2, 4]), [1, 2, 0], "int");
    close(int.apply([[1, 2, 4], [2, 3, 5]]), [[1, 2, 0], [2, 3, 0]], "int batch");
    close(make("one_hot").apply([1, 2, 4]), [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]], "one_hot");
    close(make("multi_hot").apply([1, 2, 4]), [1, 1, 1, 0], "multi_hot");
    close(make("tf_idf").apply([1, 2, 4]), [1.133732, 0.916291, 1.098612, 0.0], "tf_idf");
    close(make("count").apply([1, 2, 3, 4, 1, 2, 1]), [1, 3, 2, 1], "count");
  });

  test("IntegerLookupTest.test_fixed_vocabulary / test_set_vocabulary / test_mask_token / test_invert", () => {
    close(layers.IntegerLookup({ outputMode: "int", vocabulary: [1, 2, 3, 4] }).apply([2, 3, 4, 5]), [2, 3, 4, 0], "fixed");
    const set = layers.IntegerLookup({ outputMode: "int" });
    set.setVocabulary([1, 2, 3, 4]);
    close(set.apply(ints([2, 3, 4, 5])), [2, 3, 4, 0], "set_vocabulary, int32 tensor input");
    close(layers.IntegerLookup({ outputMode: "int", vocabulary: [1, 2, 3], maskToken: 0 }).apply([0, 1, 2, 3]), [0, 2, 3, 4], "mask");
    close(layers.IntegerLookup({ vocabulary: [10, 20, 30], invert: true }).apply([1, 2, 3, 0]), [10, 20, 30, -1], "invert");
  });

  test("IntegerLookupTest.test_tf_data_compatibility", async () => {
    const layer = layers.IntegerLookup({ outputMode: "int", vocabulary: [1, 2, 3, 4] });
    const ds = tf.data.array([2, 3, 4, 5]).batch(4).map((x) => layer.apply(x as tf.Tensor) as tf.Tensor);
    close((await ds.toArray())[0], [2, 3, 4, 0], "mapped batch");
  });

  test("IntegerLookupTest.test_one_hot_output_with_higher_rank_input / test_multi_hot_output_shape / test_count_output_shape / test_tf_idf_output_shape", () => {
    const layer = layers.IntegerLookup({ vocabulary: [1, 2, 3], outputMode: "one_hot" });
    const expected = [[[0, 1, 0, 0], [0, 0, 1, 0]], [[0, 0, 0, 1], [1, 0, 0, 0]]];
    close(layer.apply(ints([[1, 2], [3, 0]])), expected, "one_hot rank 2");
    close(layer.apply(ints([[[1, 2], [3, 0]]])), [expected], "one_hot rank 3");
    assert.deepEqual((layers.IntegerLookup({ vocabulary: [1, 2, 3], outputMode: "multi_hot" }).apply(ints([[1, 2], [3, 0]])) as tf.Tensor).shape, [2, 4]);
    assert.deepEqual((layers.IntegerLookup({ vocabulary: [1, 2, 3], outputMode: "count" }).apply(ints([[1, 2], [3, 0]])) as tf.Tensor).shape, [2, 4]);
    assert.deepEqual((layers.IntegerLookup({ vocabulary: [1, 2, 3], idfWeights: [1, 1, 1], outputMode: "tf_idf" }).apply(ints([[1, 2], [3, 0]])) as tf.Tensor).shape, [2, 4]);
  });

  test("IntegerLookupTest.test_max_tokens / test_pad_to_max_tokens / test_get_vocabulary", () => {
    const layer = layers.IntegerLookup({ outputMode: "int", maxTokens: 4 });
    layer.adapt([1, 2, 3, 4, 5, 6, 1, 1, 2, 2]);
    assert.equal(layer.getVocabulary().length, 4);
    const padded = layers.IntegerLookup({ vocabulary: [1, 2], outputMode: "multi_hot", maxTokens: 5, padToMaxTokens: true }).apply([1, 2]) as tf.Tensor;
    assert.equal(padded.shape[padded.rank - 1], 5);
    const v = layers.IntegerLookup({ outputMode: "int" });
    v.adapt([5, 5, 5, 10, 10, 15]);
    assert.equal(v.getVocabulary()[0], -1);
    assert.equal(v.getVocabulary()[1], 5);
  });

  test("IntegerLookupTest.test_num_oov_indices / test_num_oov_indices_zero", () => {
    const out = Array.from((layers.IntegerLookup({ vocabulary: [1, 2, 3], numOovIndices: 2, outputMode: "int" }).apply([1, 2, 3, 999, 1000]) as tf.Tensor).dataSync());
    assert.deepEqual(out.slice(0, 3), [2, 3, 4]);
    assert.deepEqual(out.slice(3), [999 % 2, 1000 % 2], "floormod buckets");
    close(layers.IntegerLookup({ vocabulary: [1, 2, 3], numOovIndices: 0, outputMode: "int" }).apply([1, 2, 3]), [0, 1, 2], "no OOV index");
    assert.throws(() => layers.IntegerLookup({ vocabulary: [1, 2, 3], numOovIndices: 0 }).apply([1, 7]), /all inputs should be in vocabulary, found OOV values \[7\]/);
  });

  test("IntegerLookupTest.test_adapt_with_steps", async () => {
    const layer = layers.IntegerLookup({ outputMode: "int" });
    await layer.adapt(tf.data.array([1, 2, 3, 1, 1]).batch(2), 2);
    assert.ok(layer.getVocabulary().includes(1));
    assert.ok(!layer.getVocabulary().includes(1.5));
  });

  test("IntegerLookupTest.test_oov_method_farmhash / _output_is_correct / _ignored_when_single_oov_index / test_salt_siphash", () => {
    const out = Array.from((layers.IntegerLookup({ vocabulary: [12, 36, 1138, 42], numOovIndices: 2, oovMethod: "farmhash" }).apply([12, 36, 1138, 42, 100, 200]) as tf.Tensor).dataSync());
    assert.deepEqual(out.slice(0, 4), [2, 3, 4, 5]);
    assert.ok(out.slice(4).every((o) => o === 0 || o === 1));
    close(layers.IntegerLookup({ vocabulary: [10, 20, 30], numOovIndices: 4, oovMethod: "farmhash" }).apply([100, 200, 300, 400]), [3, 1, 3, 1], "farmhash buckets as Keras");
    const single = (oovMethod: "floormod" | "farmhash") => Array.from((layers.IntegerLookup({ vocabulary: [1, 2, 3], numOovIndices: 1, oovMethod }).apply([99, 100, 101]) as tf.Tensor).dataSync());
    assert.deepEqual(single("floormod"), single("farmhash"));
    const oov = [100, 300, 700, 1100, 1700, 2000];
    const farm = Array.from((layers.IntegerLookup({ vocabulary: [10, 20, 30], numOovIndices: 4, oovMethod: "farmhash" }).apply(oov) as tf.Tensor).dataSync());
    const sip = Array.from((layers.IntegerLookup({ vocabulary: [10, 20, 30], numOovIndices: 4, oovMethod: "farmhash", salt: [137, 42] }).apply(oov) as tf.Tensor).dataSync());
    assert.notDeepEqual(farm, sip);
  });
});

onCpuOnly(() => {
  test("IntegerLookupTest.test_vocabulary_from_file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "integer-lookup-"));
    try {
      const file = path.join(dir, "vocab.txt");
      fs.writeFileSync(file, "10\n20\n30\n");
      close(layers.IntegerLookup({ vocabulary: file, outputMode: "int" }).apply([10, 20, 30, 999]), [1, 2, 3, 0], "file vocabulary");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("IntegerLookupTest.test_invalid_max_tokens / test_invalid_num_oov_indices / test_invalid_vocabulary_dtype / test_oov_method_invalid_value", () => {
    assert.throws(() => layers.IntegerLookup({ maxTokens: 1 }), /must be greater than 1/);
    assert.throws(() => layers.IntegerLookup({ numOovIndices: -1 }), /must >= 0/);
    assert.throws(() => layers.IntegerLookup({ vocabularyDtype: "int32" as never }), /Only `vocabularyDtype="int64"` is supported/i);
    assert.throws(() => layers.IntegerLookup({ vocabulary: [1, 2, 3], numOovIndices: 2, oovMethod: "invalid_method" as never }), /invalid value for argument `oovMethod`/);
    assert.throws(() => layers.IntegerLookup({ vocabulary: [1, 2] }).apply(tf.tensor(["a"])), /expected integer tokens; got a string tensor/);
  });
});
