import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { InceptionV3, preprocessInput } from "../../../../lib/keras/applications/inception_v3.js";
import { resetKerasAutoNames } from "../../../../lib/keras/applications/layer_names.js";

test("the seed's use: a frozen feature extractor inside TimeDistributed over a video", () => {
  const cnn = InceptionV3({ weights: null, includeTop: false, pooling: "avg" });
  try {
    // Keras: input_shape None with include_top False gives (None, None, 3).
    assert.deepEqual(cnn.inputs[0]!.shape, [null, null, null, 3]);
    cnn.trainable = false;
    assert.equal(cnn.trainableWeights.length, 0);

    const video = tf.input({ shape: [null, 150, 150, 3] });
    const features = tf.layers.timeDistributed({ layer: cnn }).apply(video) as tf.SymbolicTensor;
    assert.deepEqual(features.shape, [null, null, 2048]);

    // Run it on a small clip (75×75 is InceptionV3's minimum) and compare with the model frame by frame.
    const clipInput = tf.input({ shape: [2, 75, 75, 3] });
    const clipModel = tf.model({ inputs: clipInput, outputs: tf.layers.timeDistributed({ layer: cnn }).apply(clipInput) as tf.SymbolicTensor });
    const clip = tf.randomUniform([1, 2, 75, 75, 3], 0, 255, "float32", 7);
    const out = clipModel.predict(preprocessInput(clip)) as tf.Tensor;
    assert.deepEqual(out.shape, [1, 2, 2048]);
    const frame1 = cnn.predict(preprocessInput(clip.slice([0, 1], [1, 1]).reshape([1, 75, 75, 3]))) as tf.Tensor;
    const diff = tf.max(tf.abs(out.slice([0, 1, 0], [1, 1, 2048]).reshape([1, 2048]).sub(frame1))).dataSync()[0]!;
    assert.ok(diff < 1e-4, `frame 1 through TimeDistributed differs from the model by ${diff}`);
    tf.dispose([clip, out, frame1]);
  } finally {
    cnn.dispose();
  }
});

test("InceptionV3 validates the input shape as Keras does", () => {
  assert.throws(
    () => InceptionV3({ weights: null, includeTop: false, inputShape: [74, 150, 3] }),
    /InceptionV3: input size must be at least 75x75; received inputShape=\[74, 150, 3\]/,
  );
  assert.throws(
    () => InceptionV3({ weights: null, includeTop: true, inputShape: [null, null, 3] }),
    /includeTop is true, inputShape must be static/,
  );
  assert.throws(() => InceptionV3({ weights: null, includeTop: false, inputShape: [150, 150] }), /three entries/);
  assert.throws(() => InceptionV3({ weights: null, inputShape: [150, -1, 3] }), /inputShape must be an array of positive integers or null/);
  assert.throws(
    () => InceptionV3({ weights: "imagenet", includeTop: true, inputShape: [150, 150, 3] }),
    /inputShape must be \[299, 299, 3\]; received inputShape=\[150, 150, 3\]/,
  );
  assert.throws(() => InceptionV3({ weights: "imagenet", classes: 10 }), /classes must be 1000; received classes=10/);
  assert.throws(() => InceptionV3({ weights: null, pooling: "mean" as "avg" }), /pooling must be null, "avg" or "max"; received "mean"/);
  assert.throws(() => InceptionV3({ weights: null, includeTop: "no" as unknown as boolean }), /includeTop must be true or false/);
  assert.throws(() => InceptionV3({ weights: null, inputSize: 3 } as object), /unknown option inputSize; accepted options are includeTop, weights/);
});

test("InceptionV3 builds with Keras's names, classes, pooling and a non-default size", () => {
  resetKerasAutoNames(); // as a fresh Keras session (keras.backend.clear_session())
  const model = InceptionV3({ weights: null, includeTop: true, classes: 7, classifierActivation: null, name: "my_net" });
  try {
    assert.equal(model.name, "my_net");
    assert.deepEqual(model.outputs[0]!.shape, [null, 7]);
    const names = model.layers.map((l) => l.name);
    // A fresh Keras session names the unnamed layers conv2d, conv2d_1, ... (one counter per class).
    assert.equal(names[1], "conv2d");
    assert.equal(names[2], "batch_normalization");
    assert.equal(names[3], "activation");
    for (const n of ["mixed0", "mixed8", "mixed9_0", "mixed9_1", "mixed10", "avg_pool", "predictions", "conv2d_93", "concatenate_1"]) {
      assert.ok(names.includes(n), `missing layer ${n}`);
    }
    assert.ok(!names.includes("conv2d_94"));
    assert.equal(model.getLayer("predictions").getConfig()["activation"], "linear");
  } finally {
    model.dispose();
  }
  const pooled = InceptionV3({ weights: null, includeTop: false, pooling: "max", inputShape: [139, 181, 3] });
  try {
    assert.deepEqual(pooled.outputs[0]!.shape, [null, 2048]);
    assert.equal(pooled.layers.at(-1)!.getClassName(), "GlobalMaxPooling2D");
    // A second build continues Keras's counters instead of reusing names.
    assert.equal(pooled.layers[1]!.name, "conv2d_94");
  } finally {
    pooled.dispose();
  }
});

test("inception_v3.preprocessInput scales [0, 255] to [-1, 1]", () => {
  const out = preprocessInput([[[[0, 127.5, 255]]]]);
  assert.deepEqual(Array.from(out.dataSync()), [-1, 0, 1]);
  out.dispose();
  assert.throws(() => preprocessInput(tf.zeros([1, 2, 2, 3]), { mode: "caffe" } as object), /unknown option mode; accepted options are dataFormat/);
});
