/**
 * Port of Keras 3's keras/src/layers/preprocessing/hashing_test.py, on every backend. The bins are
 * Keras's literal values (FarmHash Fingerprint64 and keyed SipHash, as TF computes them).
 * Skipped: the tf.SparseTensor cases (test_hash_sparse_*) and the commented-out ragged ones;
 * `sparse: true` throws Keras's non-TF message instead. float64/int64 dtypes: tfjs has neither,
 * so int64 outputs are int32 tensors (the config keeps "int64") and float64 is refused by name.
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

const letters = [["A"], ["B"], ["C"], ["D"], ["E"]];
const wire = [["omar"], ["stringer"], ["marlo"], ["wire"], ["skywalker"]];
const intColumn = [[0], [1], [2], [3], [4]];

onBackends(() => {
  test("HashingTest.test_config", () => {
    const layer = layers.Hashing(8, { outputMode: "int" });
    serializationRoundTrip(layer);
    assert.equal(layer.getConfig().numBins, 8);
  });

  test("HashingTest.test_correctness", () => {
    close(layers.Hashing(3).apply(letters), [[1], [0], [1], [1], [2]], "FarmHash");
    close(layers.Hashing(3, { maskValue: "" }).apply([["A"], ["B"], [""], ["C"], ["D"]]), [[1], [1], [0], [2], [2]], "mask ''");
    close(layers.Hashing(3, { salt: [133, 137] }).apply(letters), [[1], [2], [1], [0], [2]], "salt [133, 137]");
    close(layers.Hashing(3, { salt: 133 }).apply(letters), [[0], [0], [2], [1], [0]], "salt 133");
  });

  test("HashingTest.test_tf_data_compatibility: the layer as a dataset map", async () => {
    const layer = layers.Hashing(3);
    const ds = tf.data.array(letters.map((r) => tf.tensor(r, [1], "string"))).batch(5).map((x) => layer.apply(x as tf.Tensor) as tf.Tensor);
    close((await ds.toArray())[0], [[1], [0], [1], [1], [2]], "mapped batch");
  });

  test("HashingTest.test_tensor_like_inputs (list, tensor)", () => {
    close(layers.Hashing(3).apply([0, 1, 2, 3, 4]), [1, 0, 1, 0, 2], "list");
    close(layers.Hashing(3).apply(tf.tensor([0, 1, 2, 3, 4], undefined, "int32")), [1, 0, 1, 0, 2], "tensor");
  });

  test("HashingTest.test_hash_single_bin", () => {
    close(layers.Hashing(1).apply(letters), [[0], [0], [0], [0], [0]], "one bin");
  });

  test("HashingTest.test_hash_dense_input_farmhash / test_hash_dense_list_input_farmhash", () => {
    close(layers.Hashing(2).apply(tf.tensor(wire, undefined, "string")), [[0], [0], [1], [0], [0]], "2-D tensor");
    close(layers.Hashing(2).apply(wire), [[0], [0], [1], [0], [0]], "nested list");
    close(layers.Hashing(2).apply(wire.map(([w]) => w!)), [0, 0, 1, 0, 0], "flat list");
  });

  test("HashingTest.test_hash_dense_input_mask_value_farmhash", () => {
    close(layers.Hashing(3, { maskValue: "" }).apply(wire), [[1], [1], [2], [1], [1]], "empty mask");
    close(layers.Hashing(3, { maskValue: "omar" }).apply(wire), [[0], [1], [2], [1], [1]], "omar masked");
  });

  test("HashingTest.test_hash_dense_int_input_farmhash", () => {
    close(layers.Hashing(3).apply(tf.tensor(intColumn, undefined, "int32")), [[1], [0], [1], [0], [2]], "ints");
  });

  test("HashingTest.test_hash_dense_input_siphash", () => {
    close(layers.Hashing(2, { salt: [133, 137] }).apply(wire), [[0], [1], [0], [1], [0]], "salt [133, 137]");
    close(layers.Hashing(2, { salt: [211, 137] }).apply(wire), [[1], [0], [1], [0], [1]], "salt [211, 137]");
  });

  test("HashingTest.test_hash_dense_int_input_siphash", () => {
    close(layers.Hashing(3, { salt: [133, 137] }).apply(tf.tensor(intColumn, undefined, "int32")), [[1], [1], [2], [0], [1]], "ints, salted");
  });

  for (const mode of ["int", "one_hot", "multi_hot", "count"] as const) {
    for (const inputShape of [[4], [4, 1], [3, 4]]) {
      test(`HashingTest.test_compute_output_shape mode=${mode} input_shape=${JSON.stringify(inputShape)}`, () => {
        const layer = layers.Hashing(5, { outputMode: mode });
        const computed = layer.computeOutputShape([null, ...inputShape]);
        const actual = (layer.apply(keras.Input({ shape: inputShape })) as tf.SymbolicTensor).shape;
        assert.deepEqual(computed, actual);
      });
    }
  }

  test("Hashing multi_hot/count at rank 3 give Keras's eager numbers: axis 1 reduced (nn.multi_hot, encode_categorical_inputs)", () => {
    const x = tf.tensor([[[0, 1, 1, 2], [3, 3, 3, 3], [4, 0, 4, 0]]], undefined, "int32");
    const ids = layers.Hashing(5).apply(x) as tf.Tensor;
    const rows = (ids.arraySync() as number[][][])[0]!;
    const expected = (mode: "multi_hot" | "count") =>
      [[0, 1, 2, 3].map((col) => { const o = [0, 0, 0, 0, 0]; for (const row of rows) o[row[col]!] = mode === "count" ? o[row[col]!]! + 1 : 1; return o; })];
    for (const mode of ["multi_hot", "count"] as const) {
      const out = layers.Hashing(5, { outputMode: mode }).apply(x) as tf.Tensor;
      assert.deepEqual(out.shape, [1, 4, 5], mode);
      close(out, expected(mode), mode);
    }
  });

  test("HashingTest.test_one_hot_output", () => {
    const inputs = keras.Input({ shape: [1], dtype: "int32" });
    const outputs = layers.Hashing(3, { outputMode: "one_hot" }).apply(inputs) as tf.SymbolicTensor;
    assert.deepEqual(outputs.shape, [null, 3]);
    const model = keras.Model({ inputs, outputs });
    const expected = [[0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]];
    close(model.predict(tf.tensor([[0], [1], [2], [3], [4]], undefined, "int32")), expected, "one_hot through a model");
    close(layers.Hashing(3, { outputMode: "one_hot" }).apply(tf.tensor([0, 1, 2, 3, 4], undefined, "int32")), expected, "one_hot of a 1-D input");
  });

  test("HashingTest.test_multi_hot_output", () => {
    const inputs = keras.Input({ shape: [null], dtype: "int32" });
    const outputs = layers.Hashing(3, { outputMode: "multi_hot" }).apply(inputs) as tf.SymbolicTensor;
    assert.deepEqual(outputs.shape, [null, 3]);
    const model = keras.Model({ inputs, outputs });
    close(model.predict(tf.tensor([[0, 1, 2, 3, 4]], undefined, "int32")), [[1, 1, 1]], "multi_hot");
  });

  test("HashingTest.test_count_output 1d_input / 2d_input", () => {
    const sym1 = layers.Hashing(3, { outputMode: "count" }).apply(keras.Input({ shape: [], dtype: "int32" })) as tf.SymbolicTensor;
    assert.deepEqual(sym1.shape, [3]);
    close(layers.Hashing(3, { outputMode: "count" }).apply([0, 1, 2, 3, 4]), [2, 2, 1], "1-D count");
    const sym2 = layers.Hashing(3, { outputMode: "count" }).apply(keras.Input({ shape: [null], dtype: "int32" })) as tf.SymbolicTensor;
    assert.deepEqual(sym2.shape, [null, 3]);
    close(layers.Hashing(3, { outputMode: "count" }).apply([[0, 1, 2, 3, 4]]), [[2, 2, 1]], "2-D count");
  });

  test("HashingTest.test_hash_list_input (1-D, 2-D, 2-D multiple, 3-D)", () => {
    const layer = layers.Hashing(2);
    close(layer.apply([1, 2, 3]), [1, 1, 1], "list");
    close(layer.apply([[1], [2], [3]]), [[1], [1], [1]], "2-D");
    close(layer.apply([[1, 2], [2, 3], [3, 4]]), [[1, 1], [1, 1], [1, 1]], "2-D multiple");
    close(layer.apply([[[1], [2]], [[2], [3]], [[3], [4]]]), [[[1], [1]], [[1], [1]], [[1], [1]]], "3-D");
  });
});

onCpuOnly(() => {
  test("HashingTest.test_int_output_dtype int32 / int64", () => {
    for (const dtype of ["int32", "int64"] as const) {
      const layer = layers.Hashing(3, { outputMode: "int", dtype });
      layer.apply(keras.Input({ batchSize: 16, shape: [4], dtype: "string" }));
      assert.equal(layer.getConfig().dtype, dtype);
      assert.equal((layer.apply(tf.tensor([["a", "b", "c", "d"]], undefined, "string")) as tf.Tensor).dtype, "int32", "tfjs's widest integer");
    }
  });

  test("HashingTest.test_one_hot_output_dtype float32 (float64: tfjs has none, refused by name)", () => {
    const layer = layers.Hashing(3, { outputMode: "one_hot", dtype: "float32" });
    assert.equal((layer.apply(tf.tensor([["a"]], undefined, "string")) as tf.Tensor).dtype, "float32");
    assert.throws(() => layers.Hashing(3, { outputMode: "one_hot", dtype: "float64" as never }), /dtype=float64/);
  });

  test("HashingTest.test_config_with_custom_name", () => {
    const layer = layers.Hashing(2, { name: "hashing" });
    assert.equal(serializationRoundTrip(layer).name, "hashing");
  });

  test("HashingTest.test_saving: string input model through save and load", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hashing-"));
    try {
      const data = tf.tensor(["omar", "stringer", "marlo", "wire", "skywalker"], undefined, "string");
      const inputs = keras.Input({ shape: [], dtype: "string" });
      const outputs = layers.Hashing(100, { salt: [133, 137], maskValue: "wire" }).apply(inputs) as tf.SymbolicTensor;
      const model = keras.Model({ inputs, outputs });
      const original = model.predict(data) as tf.Tensor;
      await model.save(path.join(dir, "model"));
      const loaded = await keras.models.loadModel(path.join(dir, "model"));
      assert.notEqual(loaded, model);
      close(loaded.predict(data), original.arraySync(), "same bins after load");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("HashingTest.test_invalid_inputs / test_hashing_invalid_num_bins / invalid output_mode, dtype, sparse", () => {
    assert.throws(() => layers.Hashing(null as never), /cannot be `None`/);
    assert.throws(() => layers.Hashing(-1), /cannot be `None`/);
    assert.throws(() => layers.Hashing(0), /The `numBins` for `Hashing` cannot be `None` or non-positive/);
    assert.throws(() => layers.Hashing(2, { salt: "string" as never }), /can only be a tuple of size 2/);
    assert.throws(() => layers.Hashing(2, { salt: [1] as never }), /can only be a tuple of size 2/);
    assert.throws(() => layers.Hashing(1, { salt: [133, 137, 177] as never }), /can only be a tuple of size 2/);
    assert.throws(() => layers.Hashing(3, { outputMode: "unsupported_mode" as never }), /Invalid value for argument `outputMode`. Expected one of/i);
    assert.throws(() => layers.Hashing(3, { outputMode: "int", dtype: "float32" }), /When `outputMode="int"`, `dtype` should be an integer type,/);
    assert.throws(() => layers.Hashing(3, { outputMode: "int", sparse: true }), /`sparse` may only be true if `outputMode` is/);
  });
});
