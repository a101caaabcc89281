import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("Subtract gives a - b, broadcasting a length-1 axis as Keras does", () => {
    const a = layers.Input({ shape: [3] });
    const b = layers.Input({ shape: [1] });
    const out = layers.subtract([a, b]);
    assert.deepEqual(out.shape, [null, 3]);
    const model = Model({ inputs: [a, b], outputs: out });
    const y = model.predict([tf.tensor2d([[5, 6, 7], [1, 2, 3]]), tf.tensor2d([[1], [3]])]) as tf.Tensor;
    assert.deepEqual(y.arraySync(), [[4, 5, 6], [-2, -1, 0]]);
    // Eagerly on tensors too, and the order matters.
    const eager = layers.Subtract().apply([tf.tensor1d([1, 2]), tf.tensor1d([10, 20])]) as tf.Tensor;
    assert.deepEqual(eager.arraySync(), [-9, -18]);
  });

  test("Subtract merges masks as Add does (Keras ORs the inputs' masks)", () => {
    const tokens = layers.Input({ shape: [4], dtype: "int32" });
    const left = layers.Embedding(5, 2, { maskZero: true }).apply(tokens) as tf.SymbolicTensor;
    const right = layers.Embedding(5, 2, { maskZero: true }).apply(tokens) as tf.SymbolicTensor;
    const sub = layers.Subtract();
    const add = layers.Add();
    sub.apply([left, right]);
    add.apply([left, right]);
    const x = tf.tensor2d([[1, 2, 0, 0]], [1, 4], "int32");
    const m = tf.notEqual(x, 0);
    const subMask = sub.computeMask([tf.zeros([1, 4, 2]), tf.zeros([1, 4, 2])], [m, m]) as tf.Tensor;
    const addMask = add.computeMask([tf.zeros([1, 4, 2]), tf.zeros([1, 4, 2])], [m, m]) as tf.Tensor;
    assert.deepEqual(Array.from(subMask.dataSync()), [1, 1, 0, 0]);
    assert.deepEqual(subMask.shape, addMask.shape);
    assert.deepEqual(Array.from(subMask.dataSync()), Array.from(addMask.dataSync()));
  });
});

onCpuOnly(() => {
  test("Subtract takes exactly two inputs and names clashing shapes", () => {
    const a = layers.Input({ shape: [3] });
    assert.throws(() => layers.subtract([a]), /subtract: `inputs` must be an array of exactly 2 tensors; got 1 tensor\(s\)/);
    assert.throws(() => layers.Subtract().apply([a, a, a]), /A `Subtract` layer should be called on exactly 2 inputs. Received: 3 inputs with shapes \[null, 3\], \[null, 3\], \[null, 3\]/);
    assert.throws(() => layers.subtract([a, layers.Input({ shape: [4] })]), /Subtract: inputs have incompatible shapes \[null, 3\] and \[null, 4\]/);
    assert.throws(() => layers.Subtract({ axis: 1 } as any), /Subtract: unknown argument `axis`/);
  });

  test("Subtract has Keras's name and survives a model JSON round trip", () => {
    const layer = layers.Subtract();
    assert.match(layer.name, /^subtract(_\d+)?$/);
    assert.equal(layer.getClassName(), "Subtract");
    const a = layers.Input({ shape: [2] });
    const b = layers.Input({ shape: [2] });
    const model = Model({ inputs: [a, b], outputs: layers.subtract([a, b], { name: "diff" }) });
    const restored = tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as any);
    return restored.then((m) => {
      assert.equal(m.getLayer("diff").getClassName(), "Subtract");
      const y = m.predict([tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 1]])]) as tf.Tensor;
      assert.deepEqual(y.arraySync(), [[2, 3]]);
    });
  });
});
