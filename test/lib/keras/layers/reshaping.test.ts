import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { standardizeTuple } from "../../../../lib/keras/layers/reshaping.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { onCpuOnly } from "../backends.js";

const outShape = (layer: tf.layers.Layer, shape: number[]) => (layer.apply(layers.Input({ shape })) as tf.SymbolicTensor).shape;

onCpuOnly(() => {
  test("Keras's defaults: ZeroPadding 1 everywhere, Cropping1D/3D 1, Cropping2D 0, UpSampling 2, channels last, nearest", () => {
    assert.deepEqual(outShape(layers.ZeroPadding1D(), [3, 2]), [null, 5, 2]);
    assert.deepEqual(outShape(layers.ZeroPadding2D(), [3, 3, 2]), [null, 5, 5, 2]);
    assert.deepEqual(outShape(layers.ZeroPadding3D(), [3, 3, 3, 2]), [null, 5, 5, 5, 2]);
    assert.deepEqual(outShape(layers.Cropping1D(), [5, 2]), [null, 3, 2]);
    assert.deepEqual(outShape(layers.Cropping2D(), [5, 5, 2]), [null, 5, 5, 2]);
    assert.deepEqual(outShape(layers.Cropping3D(), [5, 5, 5, 2]), [null, 3, 3, 3, 2]);
    assert.deepEqual(outShape(layers.UpSampling1D(), [3, 2]), [null, 6, 2]);
    assert.deepEqual(outShape(layers.UpSampling2D(), [3, 3, 2]), [null, 6, 6, 2]);
    assert.deepEqual(outShape(layers.UpSampling3D(), [3, 3, 3, 2]), [null, 6, 6, 6, 2]);
    assert.equal(layers.UpSampling2D().getConfig().interpolation, "nearest");
  });

  test("the first argument may be left out before the options; Keras's auto names", () => {
    const layer = layers.Cropping2D({ dataFormat: "channels_first" });
    assert.equal(layer.getConfig().dataFormat, "channelsFirst");
    assert.deepEqual(layer.getConfig().cropping, [[0, 0], [0, 0]]);
    assert.match(layers.UpSampling3D({}).name, /^up_sampling3d(_\d+)?$/);
    assert.match(layers.ZeroPadding1D().name, /^zero_padding1d(_\d+)?$/);
    assert.match(layers.Cropping3D().name, /^cropping3d(_\d+)?$/);
  });

  test("options are checked by name and value; Cropping1D and UpSampling1D take no data format, as Keras's", () => {
    assert.throws(() => layers.ZeroPadding3D(1, { dataFormat: "nchw" } as never), /ZeroPadding3D: `dataFormat`/);
    assert.throws(() => layers.Cropping1D(1, { dataFormat: "channels_last" } as never), /Cropping1D: unknown argument `dataFormat`/);
    assert.throws(() => layers.UpSampling1D(2, { dataFormat: "channels_last" } as never), /UpSampling1D: unknown argument `dataFormat`/);
    assert.throws(() => layers.UpSampling3D(2, { interpolation: "bilinear" } as never), /UpSampling3D: unknown argument `interpolation`/);
    assert.equal(layers.UpSampling2D(2, { interpolation: "BILINEAR" as never }).getConfig().interpolation, "bilinear"); // Keras lower-cases it
  });

  test("Keras's messages for bad tuples, sizes and pair lists", () => {
    assert.throws(() => standardizeTuple("X", [1, 0], 2, "size", false), /X: The `size` argument must be a tuple of 2 integers\. Received size=\[1, 0\], including values \{0\} that do not satisfy `value > 0`/);
    assert.throws(() => layers.UpSampling2D([2, 2.5]), /including element 2\.5/);
    assert.throws(() => layers.UpSampling3D(0), /UpSampling3D: The `size` argument/);
    assert.throws(() => layers.Cropping3D(-1), /Cropping3D: `cropping` cannot be negative\. Received: cropping=-1\./);
    assert.throws(() => layers.ZeroPadding2D([1, 2, 3] as never), /ZeroPadding2D: `padding` should have two elements/);
    assert.throws(() => layers.ZeroPadding3D([[1, 2], [3, 4], [5, -6]]), /The `3rd entry of padding` argument must be a tuple of 2 integers/);
    assert.deepEqual(layers.Cropping2D([[1, 2], 3]).getConfig().cropping, [[1, 2], [3, 3]]);
  });

  test("Keras 3's configs (as tfjs's loader camel-cases them) build the same layers", () => {
    const fromKeras = (className: string, config: tf.serialization.ConfigDict) => {
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
      return fromConfig(cls, { name: className.toLowerCase(), trainable: true, ...config }) as unknown as tf.layers.Layer;
    };
    const x3 = tf.reshape(tf.range(0, 12), [1, 3, 4]);
    assert.deepEqual((fromKeras("ZeroPadding1D", { padding: [1, 2], dataFormat: "channelsFirst" }).apply(x3) as tf.Tensor).shape, [1, 3, 7]);
    assert.deepEqual((fromKeras("Cropping1D", { cropping: [1, 1] }).apply(x3) as tf.Tensor).arraySync(), [[[4, 5, 6, 7]]]);
    assert.deepEqual((fromKeras("UpSampling1D", { size: 3 }).apply(x3) as tf.Tensor).shape, [1, 9, 4]);
    assert.deepEqual(fromKeras("Cropping3D", { cropping: [[1, 1], [0, 0], [2, 0]], dataFormat: "channelsLast" }).computeOutputShape([null, 4, 4, 4, 1]), [null, 2, 4, 2, 1]);
    assert.deepEqual(fromKeras("UpSampling3D", { size: [1, 2, 3], dataFormat: "channelsFirst" }).computeOutputShape([null, 1, 2, 2, 2]), [null, 1, 2, 4, 6]);
  });

  test("all nine save and load under Keras's class names (model JSON and Keras .h5), same configs and outputs", async () => {
    const input = layers.Input({ shape: [6, 6, 6, 2] });
    const step = (l: tf.layers.Layer, x: tf.SymbolicTensor) => l.apply(x) as tf.SymbolicTensor;
    let x = step(layers.ZeroPadding3D([1, 2, 0]), input);
    x = step(layers.Cropping3D([[1, 0], [2, 1], 0], { dataFormat: "channels_first" }), x);
    x = step(layers.UpSampling3D([1, 2, 1]), x);
    x = step(layers.Reshape([54, 16]), x); // [8, 18, 3, 2]
    x = step(layers.UpSampling1D(2), step(layers.Cropping1D([0, 1]), step(layers.ZeroPadding1D([1, 0]), x)));
    x = step(layers.ZeroPadding2D([[0, 1], 1]), step(layers.Reshape([16, 12, 9]), x));
    x = step(layers.Cropping2D([[1, 0], [0, 1]], { dataFormat: "channels_first" }), x);
    x = step(layers.UpSampling2D([2, 1], { interpolation: "bilinear" }), x);
    const model = Model(input, x);
    const data = tf.randomUniform([2, 6, 6, 6, 2], -1, 1, "float32", 5);
    const want = (model.predict(data) as tf.Tensor).arraySync();
    const ours = model.layers.slice(1).filter((l) => l.getClassName() !== "Reshape");
    const classes = ours.map((l) => l.getClassName()).sort();
    assert.deepEqual(classes, ["Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"]);
    const fromJson = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reshaping-h5-"));
    try {
      const file = path.join(dir, "model.h5");
      await saveKerasH5(model, file);
      const fromH5 = await loadKerasH5(file);
      for (const [what, loaded] of [["JSON", fromJson], ["h5", fromH5]] as const) {
        assert.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()), what);
        assert.deepEqual(loaded.layers.slice(1).map((l) => l.getConfig()), model.layers.slice(1).map((l) => l.getConfig()), what);
        assert.deepEqual((loaded.predict(data) as tf.Tensor).arraySync(), want, what);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
