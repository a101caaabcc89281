/** Port of Keras 3's keras/src/layers/preprocessing/category_encoding_test.py (dense cases), on every backend. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import * as path from "node:path";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

const close = (t: tf.Tensor, expected: unknown, what: string) => {
  const e = tf.tensor(expected as number[]);
  assert.deepEqual(t.shape, e.shape, `${what}: shape`);
  assert.ok(tf.max(tf.abs(tf.sub(t, e))).dataSync()[0]! < 1e-6, `${what}: ${JSON.stringify(t.arraySync())}`);
};
const ints = (v: unknown) => tf.tensor(v as number[], undefined, "int32");

onBackends(() => {
  test("CategoryEncodingTest.test_count_output / test_count_weighted_output / test_batched_count_output", () => {
    close(layers.CategoryEncoding({ numTokens: 6, outputMode: "count" }).apply(ints([1, 2, 3, 1])) as tf.Tensor, [0, 2, 1, 1, 0, 0], "count, one sample");
    const weighted = layers.CategoryEncoding({ numTokens: 6, outputMode: "count" }).apply(ints([[0, 1], [0, 0], [1, 2], [3, 1]]), { countWeights: tf.tensor2d([[0.1, 0.2], [0.1, 0.1], [0.2, 0.3], [0.4, 0.2]]) }) as tf.Tensor;
    close(weighted, [[0.1, 0.2, 0, 0, 0, 0], [0.2, 0, 0, 0, 0, 0], [0, 0.2, 0.3, 0, 0, 0], [0, 0.2, 0, 0.4, 0, 0]], "count weighted");
    close(layers.CategoryEncoding({ numTokens: 6, outputMode: "count" }).apply(ints([[1, 2, 3, 1], [0, 3, 1, 0]])) as tf.Tensor, [[0, 2, 1, 1, 0, 0], [2, 1, 0, 1, 0, 0]], "batched count");
  });

  test("CategoryEncodingTest.test_multi_hot / test_batched_multi_hot", () => {
    close(layers.CategoryEncoding({ numTokens: 6, outputMode: "multi_hot" }).apply(ints([3, 2, 0, 1])) as tf.Tensor, [1, 1, 1, 1, 0, 0], "multi_hot");
    close(layers.CategoryEncoding({ numTokens: 6 }).apply(ints([[3, 2, 0, 1], [3, 2, 0, 1]])) as tf.Tensor, [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 0]], "batched multi_hot (the default mode)");
    assert.deepEqual(layers.CategoryEncoding({ numTokens: 6 }).computeOutputShape([2, 4]), [2, 6]);
  });

  test("CategoryEncodingTest.test_one_hot / test_batched_one_hot, with their output shapes", () => {
    const oneHot = [[0, 0, 0, 1, 0, 0], [0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0]];
    const layer = layers.CategoryEncoding({ numTokens: 6, outputMode: "one_hot" });
    close(layer.apply(ints([3, 2, 0, 1])) as tf.Tensor, oneHot, "one_hot");
    close(layer.apply(ints([[3], [2], [0], [1]])) as tf.Tensor, oneHot, "one_hot of [n, 1] drops the 1");
    close(layer.apply(ints([[3, 2, 0, 1], [3, 2, 0, 1]])) as tf.Tensor, [oneHot, oneHot], "batched one_hot");
    assert.deepEqual(layer.computeOutputShape([4]), [4, 6]);
    assert.deepEqual(layer.computeOutputShape([4, 1]), [4, 6]);
    assert.deepEqual(layer.computeOutputShape([2, 4]), [2, 4, 6]);
  });
});

onBackends(() => {
  let tmp = "";
  tempDirPerSuite("category-encoding-", (d) => (tmp = d));

  test("CategoryEncoding in a saved model: every outputMode comes back (tfjs camel-cases \"multi_hot\" on load)", async () => {
    const x = ints([[1, 2, 3, 1], [0, 3, 1, 0]]);
    for (const outputMode of ["multi_hot", "one_hot", "count"] as const) {
      const layer = layers.CategoryEncoding({ numTokens: 6, outputMode, name: "encode" });
      const model = keras.Sequential([keras.Input({ shape: [4], dtype: "int32" }), layer]);
      const dir = path.join(tmp, outputMode);
      await model.save(dir);
      const loaded = await keras.models.loadModel(dir);
      assert.equal(loaded.getLayer("encode").getConfig().outputMode, outputMode);
      close(loaded.predict(x) as tf.Tensor, (model.predict(x) as tf.Tensor).arraySync(), `${outputMode} reloaded`);
    }
  });
});

onCpuOnly(() => {
  test("CategoryEncodingTest: missing or bad numTokens, countWeights outside count mode, bad outputMode", () => {
    assert.throws(() => layers.CategoryEncoding({ outputMode: "count" }), /numTokens must be set to use this layer/);
    assert.throws(() => layers.CategoryEncoding({ numTokens: 0 }), /numTokens/);
    assert.throws(() => layers.CategoryEncoding({ numTokens: 4, outputMode: "one_hot" }).apply(ints([1, 2]), { countWeights: tf.ones([2]) }), /countWeights is only used with outputMode "count"/);
    assert.throws(() => layers.CategoryEncoding({ numTokens: 4, outputMode: "int" as never }), /outputMode/);
    const config = layers.CategoryEncoding({ numTokens: 4, outputMode: "count" }).getConfig();
    assert.equal(config.numTokens, 4);
    assert.equal(config.outputMode, "count");
  });
});
