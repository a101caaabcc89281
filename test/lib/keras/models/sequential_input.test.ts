import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/keras/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("Sequential takes keras.Input first, as Keras 3's MNIST example writes it", () => {
    const model = keras.Sequential([keras.Input({ shape: [28, 28, 1] }), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(10)]);
    assert.deepEqual(model.inputs[0].shape, [null, 28, 28, 1]);
    // The Input is the model's input, not one of its layers (Keras's model.layers).
    assert.deepEqual(model.layers.map((l) => l.getClassName()), ["Conv2D", "Flatten", "Dense"]);
    assert.deepEqual(model.outputs[0].shape, [null, 10]);
    assert.equal(model.countParams(), 4 * 9 + 4 + (26 * 26 * 4) * 10 + 10);
    const y = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 10]);
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("Sequential names a misplaced or foreign symbolic tensor", () => {
    const x = keras.Input({ shape: [3] });
    const y = keras.layers.Dense(2).apply(x) as tf.SymbolicTensor;
    assert.throws(() => keras.Sequential([keras.layers.Dense(2, { inputShape: [3] }), keras.Input({ shape: [2] }) as never]), /`layers\[1\]` must be a Keras layer \(keras.Input may only come first\)/);
    assert.throws(() => keras.Sequential([y]), /`layers\[0\]` must be a Keras layer or keras.Input\(\{ shape \}\); got a symbolic tensor that is not a keras.Input/);
  });
});
