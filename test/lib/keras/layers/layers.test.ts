import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model, Sequential } from "../../../../lib/keras/models/functional.js";
import { onBackends, onCpuOnly } from "../backends.js";

function outShape(layer: tf.layers.Layer, shape: (number | null)[], dtype: "float32" | "int32" = "float32") {
  const out = layer.apply(layers.Input({ shape, dtype })) as tf.SymbolicTensor | tf.SymbolicTensor[];
  return Array.isArray(out) ? out.map((o) => o.shape) : out.shape;
}

onBackends(() => {
  test("Embedding(maskZero) → LSTM gives the same output with and without trailing padding", () => {
    const input = layers.Input({ shape: [null], dtype: "int32" });
    const out = layers.LSTM(4).apply(layers.Embedding(20, 3, { maskZero: true }).apply(input)) as tf.SymbolicTensor;
    const model = Model(input, out);
    const short = model.predict(tf.tensor2d([[3, 7, 5]], undefined, "int32")) as tf.Tensor;
    const padded = model.predict(tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32")) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(short, padded))).dataSync()[0] < 1e-6);
    const unmasked = Model(input, layers.LSTM(4).apply(layers.Embedding(20, 3).apply(input)) as tf.SymbolicTensor);
    const a = unmasked.predict(tf.tensor2d([[3, 7, 5]], undefined, "int32")) as tf.Tensor;
    const b = unmasked.predict(tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32")) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] > 1e-6, "without maskZero the padding changes the output");
  });

  test("TimeDistributed over a frozen Model equals applying the model per frame", () => {
    const frame = layers.Input({ shape: [6, 6, 2] });
    const features = layers.GlobalAveragePooling2D().apply(
      layers.BatchNormalization({ scale: false }).apply(layers.Conv2D(3, 3).apply(frame)),
    ) as tf.SymbolicTensor;
    const cnn = Model(frame, features);
    cnn.trainable = false;
    const video = layers.Input({ shape: [null, 6, 6, 2] });
    const encoded = layers.TimeDistributed(cnn).apply(video) as tf.SymbolicTensor;
    assert.deepEqual(encoded.shape, [null, null, 3]);
    const model = Model(video, encoded);
    assert.equal(model.trainableWeights.length, 0);
    const clip = tf.randomNormal([2, 4, 6, 6, 2]);
    const together = model.predict(clip) as tf.Tensor;
    const perFrame = tf.stack(
      Array.from({ length: 4 }, (_, t) => cnn.predict(tf.squeeze(tf.slice(clip, [0, t], [2, 1]), [1])) as tf.Tensor),
      1,
    );
    assert.ok(tf.max(tf.abs(tf.sub(together, perFrame))).dataSync()[0] < 1e-5);
  });

  test("Normalization.adapt learns mean and variance per feature (tensor or DataFrame-like)", () => {
    const norm = layers.Normalization();
    norm.adapt(tf.tensor2d([[1, 10], [3, 30]]));
    const out = norm.apply(tf.tensor2d([[2, 20], [3, 30]])) as tf.Tensor;
    const expected = [[0, 0], [1, 1]];
    assert.ok(tf.max(tf.abs(tf.sub(out, tf.tensor2d(expected)))).dataSync()[0] < 1e-4);
    const frameLike = { values: [[1], [2], [3], [4]] };
    const single = layers.Normalization();
    single.adapt(frameLike);
    const y = (single.apply(tf.tensor2d([[2.5]])) as tf.Tensor).dataSync()[0];
    assert.ok(Math.abs(y) < 1e-6);
    assert.throws(() => layers.Normalization().adapt({ values: [[1], [NaN]] }), /NaN/);
    assert.throws(() => layers.Normalization().apply(tf.ones([1, 2])), /call adapt\(data\) first/);
  });

  test("Attention and MultiHeadAttention compute scaled dot-product attention", () => {
    const q = tf.tensor3d([[[1, 0], [0, 1]]]);
    const v = tf.tensor3d([[[1, 2], [3, 4]]]);
    const out = layers.Attention().apply([q, v]) as tf.Tensor;
    const w = tf.softmax(tf.matMul(q, v, false, true));
    assert.ok(tf.max(tf.abs(tf.sub(out, tf.matMul(w, v)))).dataSync()[0] < 1e-5);
    const causal = layers.Attention({ useCausalMask: true }).apply([q, v]) as tf.Tensor;
    assert.deepEqual(Array.from(causal.dataSync().slice(0, 2)), [1, 2]);
    const mha = layers.MultiHeadAttention(2, 3);
    const x = tf.randomNormal([2, 4, 5]);
    assert.deepEqual((mha.apply([x, x]) as tf.Tensor).shape, [2, 4, 5]);
  });

  test("Lambda wraps a function and refuses serialization with a clear message", () => {
    const model = Sequential([layers.Lambda((x: tf.Tensor) => tf.mul(x, 2), { inputShape: [3] })]);
    assert.deepEqual(Array.from((model.predict(tf.ones([1, 3])) as tf.Tensor).dataSync()), [2, 2, 2]);
    assert.throws(() => model.toJSON(), /cannot be serialized .*registerClass/);
  });

  test("gradient check: analytic gradients match central differences for trainable layers", () => {
    const cases: [tf.layers.Layer, number[]][] = [
      [layers.Dense(3, { activation: "tanh" }), [2, 4]],
      [layers.Conv1D(2, 2), [2, 4, 3]],
      [layers.SimpleRNN(3), [2, 3, 2]],
      [layers.LayerNormalization(), [2, 4]],
      [layers.MultiHeadAttention(2, 2), [1, 3, 4]],
    ];
    for (const [layer, shape] of cases) {
      const x = tf.randomNormal(shape, 0, 1, "float32", 7);
      const call = () => {
        const y = layer.apply(layer instanceof layers.MultiHeadAttentionLayer ? [x, x] : x) as tf.Tensor;
        return tf.sum(tf.square(y)) as tf.Scalar;
      };
      call();
      const variable = layer.trainableWeights[0];
      const { grads } = tf.variableGrads(call, [variable.read() as tf.Variable]);
      const analytic = grads[(variable.read() as tf.Variable).name].dataSync();
      const original = variable.read().clone();
      const values = original.dataSync().slice();
      const eps = 1e-2;
      for (const i of [0, values.length - 1]) {
        const at = (delta: number) => {
          const v = values.slice();
          v[i] += delta;
          variable.write(tf.tensor(v, original.shape));
          return call().dataSync()[0];
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        variable.write(original);
        assert.ok(Math.abs(numeric - analytic[i]) <= 2e-2 * Math.max(1, Math.abs(numeric)), `${layer.getClassName()} weight ${i}: numeric ${numeric} vs analytic ${analytic[i]}`);
      }
    }
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("output shapes follow Keras", () => {
    assert.deepEqual(outShape(layers.Dense(5), [3]), [null, 5]);
    assert.deepEqual(outShape(layers.Flatten(), [2, 3]), [null, 6]);
    assert.deepEqual(outShape(layers.Reshape([3, 2]), [6]), [null, 3, 2]);
    assert.deepEqual(outShape(layers.Permute([2, 1]), [2, 3]), [null, 3, 2]);
    assert.deepEqual(outShape(layers.RepeatVector(4), [3]), [null, 4, 3]);
    assert.deepEqual(outShape(layers.Embedding(10, 4), [7], "int32"), [null, 7, 4]);
    assert.deepEqual(outShape(layers.LSTM(6), [5, 3]), [null, 6]);
    assert.deepEqual(outShape(layers.GRU(6, { returnSequences: true }), [5, 3]), [null, 5, 6]);
    assert.deepEqual(outShape(layers.SimpleRNN(6, { returnState: true }), [5, 3]), [[null, 6], [null, 6]]);
    assert.deepEqual(outShape(layers.LSTM(6, { returnState: true }), [5, 3]), [[null, 6], [null, 6], [null, 6]]);
    assert.deepEqual(outShape(layers.Bidirectional(layers.LSTM(4)), [5, 3]), [null, 8]);
    assert.deepEqual(outShape(layers.Conv1D(4, 3), [10, 2]), [null, 8, 4]);
    assert.deepEqual(outShape(layers.Conv2D(4, 3, { padding: "same", strides: 2 }), [8, 8, 3]), [null, 4, 4, 4]);
    assert.deepEqual(outShape(layers.Conv2DTranspose(4, 3, { strides: 2, padding: "same" }), [4, 4, 3]), [null, 8, 8, 4]);
    assert.deepEqual(outShape(layers.SeparableConv2D(4, 3), [8, 8, 3]), [null, 6, 6, 4]);
    assert.deepEqual(outShape(layers.DepthwiseConv2D(3, { depthMultiplier: 2 }), [8, 8, 3]), [null, 6, 6, 6]);
    assert.deepEqual(outShape(layers.MaxPooling1D(), [10, 2]), [null, 5, 2]);
    assert.deepEqual(outShape(layers.MaxPooling2D(), [8, 8, 3]), [null, 4, 4, 3]);
    assert.deepEqual(outShape(layers.AveragePooling2D(3, { strides: 1 }), [8, 8, 3]), [null, 6, 6, 3]);
    assert.deepEqual(outShape(layers.GlobalAveragePooling1D(), [10, 2]), [null, 2]);
    assert.deepEqual(outShape(layers.GlobalMaxPooling2D(), [8, 8, 3]), [null, 3]);
    assert.deepEqual(outShape(layers.ZeroPadding2D([1, 2]), [4, 4, 3]), [null, 6, 8, 3]);
    assert.deepEqual(outShape(layers.BatchNormalization(), [4]), [null, 4]);
    assert.deepEqual(outShape(layers.LayerNormalization(), [3, 4]), [null, 3, 4]);
    assert.deepEqual(outShape(layers.Rescaling(1 / 255), [4]), [null, 4]);
    const a = layers.Input({ shape: [3] });
    const b = layers.Input({ shape: [3] });
    assert.deepEqual(layers.concatenate([a, b]).shape, [null, 6]);
    assert.deepEqual(layers.add([a, b]).shape, [null, 3]);
    assert.deepEqual(layers.multiply([a, b]).shape, [null, 3]);
    assert.deepEqual(layers.average([a, b]).shape, [null, 3]);
    assert.deepEqual(layers.dot([a, b], 1).shape, [null, 1]);
  });

  test("Keras parameter counts", () => {
    const count = (layer: tf.layers.Layer, shape: number[]) => {
      layer.apply(layers.Input({ shape }));
      return layer.countParams();
    };
    assert.equal(count(layers.Dense(5), [3]), 20);
    assert.equal(count(layers.LSTM(4), [5, 3]), 4 * (4 * (3 + 4) + 4));
    assert.equal(count(layers.Conv2D(4, 3), [8, 8, 3]), 3 * 3 * 3 * 4 + 4);
    const mha = layers.MultiHeadAttention(2, 4);
    const q = layers.Input({ shape: [5, 8] });
    mha.apply([q, q]);
    // Keras: 3 × (8·2·4 + 2·4) + (2·4·8 + 8)
    assert.equal(mha.countParams(), 3 * (8 * 2 * 4 + 2 * 4) + (2 * 4 * 8 + 8));
  });

  test("getConfig/fromConfig round trip keeps Keras options", () => {
    const cases: tf.layers.Layer[] = [
      layers.Dense(3, { activation: "relu", useBias: false }),
      layers.Embedding(10, 4, { maskZero: true }),
      layers.LSTM(5, { returnSequences: true }),
      layers.Conv2D(2, [3, 1], { padding: "same" }),
      layers.Attention({ useScale: true, useCausalMask: true }),
      layers.MultiHeadAttention(2, 3, { valueDim: 4, outputShape: 6 }),
      layers.Normalization({ axis: -1, mean: [1, 2], variance: [4, 9] }),
    ];
    for (const layer of cases) {
      const cls = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()][0] as any;
      const copy = cls.fromConfig(cls, layer.getConfig()) as tf.layers.Layer;
      // tfjs adds dtype to a rebuilt layer's config; every Keras option must survive.
      const { dtype: _a, ...original } = layer.getConfig();
      const { dtype: _b, ...restored } = copy.getConfig();
      assert.deepEqual(restored, original, layer.getClassName());
    }
  });
});
