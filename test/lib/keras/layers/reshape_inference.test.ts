import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("a model through Reshape([-1, 4]) knows the inferred size and computes the right values", () => {
    const input = layers.Input({ shape: [6, 2] });
    const reshaped = layers.Reshape([-1, 4]).apply(input) as tf.SymbolicTensor;
    // The inferred 3 lets the next layers be built with known sizes (tfjs left it null).
    const flat = layers.Flatten().apply(reshaped) as tf.SymbolicTensor;
    assert.deepEqual(flat.shape, [null, 12]);
    const model = Model({ inputs: input, outputs: reshaped });
    const x = tf.range(0, 24).reshape([2, 6, 2]);
    const y = model.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 3, 4]);
    assert.deepEqual(y.arraySync(), x.reshape([2, 3, 4]).arraySync());
  });
});

onCpuOnly(() => {
  test("Reshape infers its -1 at graph-build time as Keras does", () => {
    const shape = (target: number[], input: (number | null)[]) => (layers.Reshape(target).apply(layers.Input({ shape: input })) as tf.SymbolicTensor).shape;
    assert.deepEqual(shape([-1, 4], [6, 2]), [null, 3, 4]);
    assert.deepEqual(shape([2, -1], [6]), [null, 2, 3]);
    assert.deepEqual(shape([-1], [2, 3, 4]), [null, 24]);
    assert.deepEqual(shape([3, 4], [12]), [null, 3, 4]);
    // An unknown sample dimension leaves the -1 unknown.
    assert.deepEqual(shape([-1, 4], [null, 2]), [null, null, 4]);
  });

  test("Reshape names both shapes when the sizes do not fit", () => {
    const apply = (target: number[], input: number[]) => layers.Reshape(target).apply(layers.Input({ shape: input }));
    assert.throws(() => apply([-1, 5], [6, 2]), /Reshape: cannot reshape input of shape \[null, 6, 2\] \(12 values per sample\) to targetShape \[-1, 5\]: 12 is not divisible by 5/);
    assert.throws(() => apply([5, 2], [6, 2]), /Reshape: cannot reshape input of shape \[null, 6, 2\] \(12 values per sample\) to targetShape \[5, 2\] \(10\)/);
  });
});
