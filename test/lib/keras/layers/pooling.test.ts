import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { onBackends, onCpuOnly } from "../backends.js";

/** What a model loader does with a saved layer config: look the class up by name in tfjs's registry. */
function fromRegistry(className: string, config: tf.serialization.ConfigDict): tf.layers.Layer {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className];
  return fromConfig(cls, config) as unknown as tf.layers.Layer;
}

const x1 = () => tf.tensor3d([[[1, 2], [3, 8], [5, 2]]]); // [1, 3, 2]
const x2 = () => tf.range(0, 2 * 2 * 3 * 2).reshape([2, 2, 3, 2]); // [b, h, w, c]

onBackends(() => {
  test("global pooling with keepdims keeps the pooled axes as 1 and the same values", () => {
    const cases: [tf.layers.Layer, tf.layers.Layer, tf.Tensor, number[]][] = [
      [layers.GlobalAveragePooling1D({ keepdims: true }), layers.GlobalAveragePooling1D(), x1(), [1, 1, 2]],
      [layers.GlobalMaxPooling1D({ keepdims: true }), layers.GlobalMaxPooling1D(), x1(), [1, 1, 2]],
      [layers.GlobalAveragePooling2D({ keepdims: true }), layers.GlobalAveragePooling2D(), x2(), [2, 1, 1, 2]],
      [layers.GlobalMaxPooling2D({ keepdims: true }), layers.GlobalMaxPooling2D(), x2(), [2, 1, 1, 2]],
    ];
    for (const [kept, flat, x, shape] of cases) {
      const y = kept.apply(x) as tf.Tensor;
      assert.deepEqual(y.shape, shape, kept.name);
      assert.deepEqual(Array.from(y.dataSync()), Array.from((flat.apply(x) as tf.Tensor).dataSync()), kept.name);
    }
    assert.deepEqual(Array.from((layers.GlobalMaxPooling1D({ keepdims: true }).apply(x1()) as tf.Tensor).dataSync()), [5, 8]);
    assert.deepEqual(Array.from((layers.GlobalAveragePooling1D({ keepdims: true }).apply(x1()) as tf.Tensor).dataSync()), [3, 4]);
  });

  test("channels_first 2D keepdims gives [b, c, 1, 1]", () => {
    const pool = layers.GlobalAveragePooling2D({ keepdims: true, dataFormat: "channels_first" });
    const y = pool.apply(tf.ones([2, 3, 4, 5])) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 3, 1, 1]);
  });
});

onCpuOnly(() => {
  test("keepdims shapes at graph-build time; default false as in Keras 3", () => {
    const shape = (layer: tf.layers.Layer, input: number[]) => (layer.apply(layers.Input({ shape: input })) as tf.SymbolicTensor).shape;
    assert.deepEqual(shape(layers.GlobalAveragePooling2D({ keepdims: true }), [8, 8, 3]), [null, 1, 1, 3]);
    assert.deepEqual(shape(layers.GlobalMaxPooling2D({ keepdims: true, dataFormat: "channels_first" }), [3, 8, 8]), [null, 3, 1, 1]);
    assert.deepEqual(shape(layers.GlobalAveragePooling1D({ keepdims: true }), [10, 2]), [null, 1, 2]);
    assert.deepEqual(shape(layers.GlobalMaxPooling1D({ keepdims: true }), [10, 2]), [null, 1, 2]);
    assert.deepEqual(shape(layers.GlobalMaxPooling2D(), [8, 8, 3]), [null, 3]);
    assert.throws(() => layers.GlobalMaxPooling2D({ keepdims: 1 as any }), /GlobalMaxPooling2D: `keepdims` must be true or false; got 1/);
  });

  test("keepdims survives getConfig → fromConfig and a model JSON round trip", async () => {
    for (const make of [layers.GlobalAveragePooling1D, layers.GlobalMaxPooling1D, layers.GlobalAveragePooling2D, layers.GlobalMaxPooling2D]) {
      const layer = make({ keepdims: true });
      const config = layer.getConfig();
      assert.equal(config.keepdims, true, layer.getClassName());
      const again = fromRegistry(layer.getClassName(), config);
      assert.equal(again.getConfig().keepdims, true, layer.getClassName());
      assert.equal(make().getConfig().keepdims, false);
    }
    const model = tf.sequential({ layers: [layers.GlobalAveragePooling2D({ keepdims: true, inputShape: [4, 4, 3], name: "gap" })] });
    const restored = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as any);
    assert.deepEqual(restored.outputs[0].shape, [null, 1, 1, 3]);
    // A config saved without keepdims (by tfjs or an older Keras) loads as keepdims false.
    const { keepdims: _dropped, ...old } = layers.GlobalMaxPooling1D().getConfig();
    const legacy = fromRegistry("GlobalMaxPooling1D", old);
    assert.deepEqual((legacy.apply(layers.Input({ shape: [5, 2] })) as tf.SymbolicTensor).shape, [null, 2]);
    // tfjs's own 2-D layer's config (no keepdims) loads into ours.
    const tfjs2D = fromRegistry("GlobalAveragePooling2D", tf.layers.globalAveragePooling2d({ dataFormat: "channelsFirst" }).getConfig());
    assert.deepEqual((tfjs2D.apply(layers.Input({ shape: [3, 4, 5] })) as tf.SymbolicTensor).shape, [null, 3]);
  });

  test("3-D pooling: Keras's defaults, option checks and shapes; AveragePooling needs its pool size, as in Keras", () => {
    const shape = (layer: tf.layers.Layer, input: number[]) => (layer.apply(layers.Input({ shape: input })) as tf.SymbolicTensor).shape;
    assert.deepEqual(shape(layers.MaxPooling3D(), [4, 6, 8, 3]), [null, 2, 3, 4, 3]);
    assert.deepEqual(shape(layers.MaxPooling3D([1, 2, 3], { strides: 1, padding: "same" }), [4, 6, 8, 3]), [null, 4, 6, 8, 3]);
    assert.deepEqual(shape(layers.AveragePooling3D(2, { dataFormat: "channels_first" }), [3, 4, 6, 8]), [null, 3, 2, 3, 4]);
    assert.deepEqual(shape(layers.GlobalMaxPooling3D(), [4, 6, 8, 3]), [null, 3]);
    assert.deepEqual(shape(layers.GlobalAveragePooling3D({ keepdims: true, dataFormat: "channels_first" }), [3, 4, 6, 8]), [null, 3, 1, 1, 1]);
    assert.equal(layers.MaxPooling3D().name.startsWith("max_pooling3d"), true);
    assert.throws(() => (layers.AveragePooling3D as any)(), /AveragePooling3D: `poolSize` is required/);
    assert.throws(() => (layers.AveragePooling2D as any)({ strides: 1 }), /AveragePooling2D: `poolSize` is required/);
    assert.throws(() => layers.MaxPooling3D([2, 2] as any), /MaxPooling3D: `poolSize` must be an integer ≥ 1 or 3 such integers/);
    assert.throws(() => layers.MaxPooling3D(2, { strides: [1, 1] as any }), /MaxPooling3D: `strides` must be/);
    assert.throws(() => layers.AveragePooling3D(2, { padding: "causal" as any }), /AveragePooling3D: `padding` must be one of/);
    assert.throws(() => layers.MaxPooling3D(2, { keepdims: true } as any), /MaxPooling3D.*keepdims/);
    assert.throws(() => layers.GlobalMaxPooling3D({ poolSize: 2 } as any), /GlobalMaxPooling3D.*poolSize/);
    assert.throws(() => layers.MaxPooling3D().apply(tf.ones([1, 4, 4, 3])), /ndim=5|expected ndim/i);
  });

  test("the 3-D pooling layers save and load under Keras's class names (model JSON and Keras .h5)", async () => {
    const input = layers.Input({ shape: [4, 6, 6, 2] });
    let x = layers.MaxPooling3D([1, 2, 2], { strides: [1, 3, 3], padding: "same", name: "max3d" }).apply(input) as tf.SymbolicTensor;
    x = layers.AveragePooling3D(2, { strides: 1, padding: "same", dataFormat: "channels_first", name: "avg3d" }).apply(x) as tf.SymbolicTensor;
    const kept = layers.GlobalAveragePooling3D({ keepdims: true, name: "gap3d" }).apply(x) as tf.SymbolicTensor;
    const flat = layers.GlobalMaxPooling3D({ dataFormat: "channels_first", name: "gmp3d" }).apply(x) as tf.SymbolicTensor;
    const model = Model(input, [kept, flat]);
    const data = tf.randomUniform([2, 4, 6, 6, 2], -1, 1, "float32", 3);
    const want = (model.predict(data) as tf.Tensor[]).map((t) => t.arraySync());
    const classes = model.layers.slice(1).map((l) => l.getClassName());
    assert.deepEqual(classes, ["MaxPooling3D", "AveragePooling3D", "GlobalAveragePooling3D", "GlobalMaxPooling3D"]);
    const fromJson = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as any);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pool3d-h5-"));
    try {
      const file = path.join(dir, "model.h5");
      await saveKerasH5(model, file);
      const fromH5 = await loadKerasH5(file);
      for (const [what, loaded] of [["JSON", fromJson], ["h5", fromH5]] as const) {
        assert.deepEqual(loaded.layers.slice(1).map((l) => l.getClassName()), classes, what);
        assert.deepEqual(loaded.layers.slice(1).map((l) => l.getConfig()), model.layers.slice(1).map((l) => l.getConfig()), what);
        assert.deepEqual((loaded.predict(data) as tf.Tensor[]).map((t) => t.arraySync()), want, what);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
