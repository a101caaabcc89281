/** Port of Keras 3's keras/src/utils/sequence_utils_test.py (PadSequencesTest). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { padSequences } from "../../../../lib/keras/utils/sequence_utils.js";
import { onCpuOnly } from "../backends.js";

const close = (t: tf.Tensor, expected: number[][]) => {
  assert.deepEqual(t.shape, [expected.length, expected[0]!.length]);
  (t.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-6, `[${i}][${j}] ${v} vs ${expected[i]![j]}`)));
};

onCpuOnly(() => {
  test("PadSequencesTest.test_pad_sequences", () => {
    const a = [[1], [1, 2], [1, 2, 3]];
    close(padSequences(a, { maxlen: 3, padding: "pre" }), [[0, 0, 1], [0, 1, 2], [1, 2, 3]]);
    close(padSequences(a, { maxlen: 3, padding: "post" }), [[1, 0, 0], [1, 2, 0], [1, 2, 3]]);
    close(padSequences(a, { maxlen: 2, truncating: "pre" }), [[0, 1], [1, 2], [2, 3]]);
    close(padSequences(a, { maxlen: 2, truncating: "post" }), [[0, 1], [1, 2], [1, 2]]);
    close(padSequences(a, { maxlen: 3, value: 1 }), [[1, 1, 1], [1, 1, 2], [1, 2, 3]]);
    assert.equal(padSequences(a).dtype, "int32");
    assert.deepEqual(padSequences(a).shape, [3, 3], "maxlen defaults to the longest");
  });

  test("PadSequencesTest.test_pad_sequences_float", () => {
    const a = [[1.2], [1.2, 2.3], [1.2, 2.3, 3.4]];
    close(padSequences(a, { maxlen: 3, padding: "pre", dtype: "float32" }), [[0, 0, 1.2], [0, 1.2, 2.3], [1.2, 2.3, 3.4]]);
    close(padSequences(a, { maxlen: 3, padding: "post", dtype: "float32" }), [[1.2, 0, 0], [1.2, 2.3, 0], [1.2, 2.3, 3.4]]);
    close(padSequences(a, { maxlen: 2, truncating: "pre", dtype: "float32" }), [[0, 1.2], [1.2, 2.3], [2.3, 3.4]]);
    close(padSequences(a, { maxlen: 2, truncating: "post", dtype: "float32" }), [[0, 1.2], [1.2, 2.3], [1.2, 2.3]]);
    close(padSequences(a, { maxlen: 3, value: 1, dtype: "float32" }), [[1, 1, 1.2], [1, 1.2, 2.3], [1.2, 2.3, 3.4]]);
  });

  test("PadSequencesTest.test_pad_sequences_str", () => {
    const a = [["1"], ["1", "2"], ["1", "2", "3"]];
    assert.deepEqual(padSequences(a, { maxlen: 3, padding: "pre", value: "pad" }).arraySync(), [["pad", "pad", "1"], ["pad", "1", "2"], ["1", "2", "3"]]);
    assert.deepEqual(padSequences(a, { maxlen: 3, padding: "post", value: "pad", dtype: "string" }).arraySync(), [["1", "pad", "pad"], ["1", "2", "pad"], ["1", "2", "3"]]);
    assert.deepEqual(padSequences(a, { maxlen: 2, truncating: "pre", value: "pad" }).arraySync(), [["pad", "1"], ["1", "2"], ["2", "3"]]);
    assert.deepEqual(padSequences(a, { maxlen: 2, truncating: "post", value: "pad" }).arraySync(), [["pad", "1"], ["1", "2"], ["1", "2"]]);
    assert.throws(() => padSequences(a, { maxlen: 2, truncating: "post", value: "pad", dtype: "int32" }), /`dtype` int32 is not compatible with `value`'s type/);
  });

  test("PadSequencesTest: bad padding, truncating and non-sequences are named", () => {
    assert.throws(() => padSequences([[1]], { padding: "mid" as never }), /padding type "mid" not understood/);
    assert.throws(() => padSequences([[1]], { truncating: "mid" as never }), /truncating type "mid" not understood/);
    assert.throws(() => padSequences([[1], 3 as never]), /found a non-sequence at position 1: 3/);
  });
});
