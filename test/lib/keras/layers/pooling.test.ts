import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
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
  });
});
