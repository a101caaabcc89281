/**
 * Port of Keras 3's keras/src/models/sequential_test.py; the cases that compute run on every backend.
 * Keras's `model(x)` is `model.predict(x)` here and its symbolic call `model.apply(keras.Input(...))`;
 * `len(model.weights)` is `model.weights.length`.
 * The deferred build (a Sequential whose first layer has no input shape, built on its first
 * build, call or data) is ported in test_basic_flow_deferred, test_basic_flow_as_a_submodel,
 * test_compute_output_shape and test_serialization's deferred part. Skipped:
 * test_shape_inference_failure, test_serialization_with_lambda_layer and test_training_arg (custom
 * layer subclasses whose call Keras inspects), test_hasattr (an unbuilt model's `inputs` are [] in
 * tfjs, not absent), test_nested_sequential (a
 * Sequential holding only an Input has no output to nest), test_bad_layer's positional-argument
 * check, and test_serialization's DictLayer part; test_dict_inputs / test_list_inputs
 * (dict and list inputs to a Sequential); test_legacy_flow_with_input_shape's `input_dim` (our
 * layers take `inputShape`); test_pickleable (pickle); test_layers_setter (tfjs's `layers` is a
 * plain field its own code assigns). After them, the cases of the InputLayer staying out of
 * `layers` through saving and loading, which Keras's suite covers in its saving tests.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { KerasSequential } from "../../../../lib/keras/models/sequential.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

const { Sequential, Input, Model, layers } = keras;

function summaryLines(model: tf.LayersModel): string[] {
  const lines: string[] = [];
  model.summary({ printFn: (l: string) => lines.push(...l.split("\n")) });
  return lines;
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
}

onBackends(() => {
  let tmp = "";
  tempDirPerSuite("sequential-", (d) => (tmp = d));

  test("SequentialTest.test_basic_flow_with_input", () => {
    let model = Sequential([], { name: "seq" });
    model.add(Input({ shape: [2], batchSize: 3 }));
    model.add(layers.Dense(4));
    model.add(layers.Dense(5));
    const lines = summaryLines(model);
    assert.ok(!lines.some((l) => l.includes("InputLayer")), "Keras's Sequential summary lists no InputLayer");

    assert.equal(model.layers.length, 2);
    assert.ok(model.built);
    assert.equal(model.weights.length, 4);

    let y = model.predict(tf.randomUniform([3, 2])) as tf.Tensor;
    assert.deepEqual(y.shape, [3, 5]);
    const symbolic = model.apply(Input({ batchShape: [3, 2] })) as tf.SymbolicTensor;
    assert.deepEqual(symbolic.shape, [3, 5]);

    model = Sequential([Input({ shape: [2], batchSize: 3 }), layers.Dense(4), layers.Dense(5)]);
    assert.equal(model.layers.length, 2);
    assert.ok(model.built);
    assert.equal(model.weights.length, 4);
    y = model.predict(tf.randomUniform([3, 2])) as tf.Tensor;
    assert.deepEqual(y.shape, [3, 5]);

    model.pop();
    assert.equal(model.layers.length, 1);
    assert.ok(model.built);
    assert.equal(model.weights.length, 2);
    y = model.predict(tf.randomUniform([3, 2])) as tf.Tensor;
    assert.deepEqual(y.shape, [3, 4]);
  });

  test("SequentialTest.test_legacy_flow_with_input_shape", () => {
    let model = Sequential([], { name: "seq" });
    model.add(layers.Dense(4, { inputShape: [2] }));
    model.add(layers.Dense(5));
    assert.equal(model.layers.length, 2);
    assert.ok(model.built);
    assert.equal(model.weights.length, 4);

    // Subsequent input shapes are ignored.
    model = Sequential([], { name: "seq" });
    model.add(layers.Dense(4, { inputShape: [2] }));
    model.add(layers.Dense(5, { inputShape: [3, 4] }));
    assert.equal(model.layers.length, 2);
    assert.ok(model.built);
    assert.equal(model.weights.length, 4);
    assert.deepEqual((model.predict(tf.zeros([1, 2])) as tf.Tensor).shape, [1, 5]);
  });

  test("SequentialTest.test_basic_flow_deferred", () => {
    let model = Sequential(undefined, { name: "seq" });
    model.add(layers.Dense(4));
    model.add(layers.Dense(5));
    assert.match(summaryLines(model).join("\n"), /0 \(unbuilt\)/, "an unbuilt model's summary says so");
    assert.equal(model.layers.length, 2);
    assert.equal(model.built, false);
    // Eager call
    let y = model.predict(tf.randomUniform([3, 2])) as tf.Tensor;
    assert.equal(model.built, true);
    assert.deepEqual(y.shape, [3, 5]);
    assert.deepEqual(model.inputs[0]!.shape, [null, 2]);
    assert.doesNotMatch(summaryLines(model).join("\n"), /unbuilt/);
    // Symbolic call
    assert.deepEqual((model.apply(Input({ shape: [2], batchSize: 3 })) as tf.SymbolicTensor).shape, [3, 5]);
    // `layers` constructor argument
    model = Sequential([layers.Dense(4), layers.Dense(5)]);
    y = model.apply(tf.randomUniform([3, 2])) as tf.Tensor;
    assert.deepEqual(y.shape, [3, 5]);
    // pop
    model.pop();
    assert.equal(model.layers.length, 1);
    assert.equal(model.built, true);
    assert.equal(model.weights.length, 2);
    assert.deepEqual((model.predict(tf.randomUniform([3, 2])) as tf.Tensor).shape, [3, 4]);
  });

  test("SequentialTest.test_basic_flow_as_a_submodel", () => {
    const submodel = Sequential();
    submodel.add(layers.Flatten());
    assert.equal(submodel.built, false);
    const inputs = Input({ shape: [null, 4] });
    const outputs = layers.TimeDistributed(submodel).apply(inputs);
    const model = Model(inputs, outputs);
    assert.deepEqual((model.predict(tf.randomUniform([2, 3, 4])) as tf.Tensor).shape, [2, 3, 4]);
  });

  test("SequentialTest.test_compute_output_shape", () => {
    assert.deepEqual(Sequential([layers.Dense(4), layers.Dense(8)]).computeOutputShape([1, 2]), [1, 8]);
  });

  test("deferred build: compile before the build is kept, and fit builds from the data (the tutorials' form)", async () => {
    const model = Sequential([layers.Dense(8, { activation: "relu" }), layers.Dense(1)]);
    model.compile({ optimizer: keras.optimizers.SGD(0.05), loss: "mse", metrics: ["mae"] });
    const x = tf.randomUniform([16, 3], 0, 1, "float32", 1);
    const yTrue = tf.sum(x, 1, true);
    const history = await model.fit(x, yTrue, { epochs: 3, batchSize: 5, verbose: 0 });
    assert.equal(history.history.loss!.length, 3);
    assert.ok((history.history.loss![2] as number) < (history.history.loss![0] as number), "it trains");
    assert.deepEqual(model.inputs[0]!.shape, [null, 3]);
    assert.equal(model.layers.length, 2, "the generated Input is not one of `layers`");
    assert.equal((model.evaluate(x, yTrue) as tf.Scalar[]).length, 2, "loss and mae");
  });

  test("deferred build from a dataset (fitDataset): its first element's shape", async () => {
    const model = Sequential([layers.Dense(4, { activation: "relu" }), layers.Dense(1)]);
    model.compile({ optimizer: "adam", loss: "mse" });
    const xs = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]]);
    const ds = tf.data.zip({ xs: tf.data.array(xs.unstack()), ys: tf.data.array([0, 1, 2, 3].map((v) => tf.tensor1d([v]))) }).batch(2);
    const history = await model.fitDataset(ds as never, { epochs: 2, verbose: 0 });
    assert.equal(history.history.loss!.length, 2);
    assert.deepEqual(model.inputs[0]!.shape, [null, 3]);
  });

  test("deferred build: a shape the layers cannot take is named, and the model stays deferred", () => {
    const model = Sequential([layers.Reshape([5]), layers.Dense(2)]);
    assert.throws(() => model.predict(tf.zeros([2, 3])), /Sequential model '.*' could not be built on input shape \(None, 3\): /);
    assert.equal(model.built, false);
    assert.equal(model.layers.length, 2);
    assert.deepEqual((model.predict(tf.zeros([2, 5])) as tf.Tensor).shape, [2, 2], "built on a shape that fits");
    assert.throws(() => Sequential([layers.Dense(2)]).predict([tf.zeros([1, 2]), tf.zeros([1, 2])]), /takes one input, not 2/);
  });

  test("SequentialTest.test_basic_flow_with_functional_model_as_first_layer", () => {
    const inputs = Input({ shape: [16, 16, 3] });
    const outputs = layers.Conv2D(4, 3, { padding: "same" }).apply(inputs) as tf.SymbolicTensor;
    const functional = Model(inputs, outputs);
    const model = Sequential([functional, layers.Flatten(), layers.Dense(1)]);
    summaryLines(model);
    assert.equal(model.layers.length, 3);
    assert.ok(model.built);
    for (const layer of model.layers) assert.ok(layer.built, layer.name);
    assert.deepEqual((model.predict(tf.randomUniform([1, 16, 16, 3])) as tf.Tensor).shape, [1, 1]);
    assert.deepEqual((model.apply(Input({ batchShape: [1, 16, 16, 3] })) as tf.SymbolicTensor).shape, [1, 1]);
  });

  test("SequentialTest.test_basic_flow_with_sequential_model_as_first_layer", () => {
    const sequential = Sequential([Input({ shape: [16, 16, 3] }), layers.Conv2D(4, 3, { padding: "same" })]);
    const model = Sequential([sequential, layers.Flatten(), layers.Dense(1)]);
    summaryLines(model);
    assert.equal(model.layers.length, 3);
    assert.ok(model.built);
    for (const layer of model.layers) assert.ok(layer.built, layer.name);
    assert.deepEqual((model.predict(tf.randomUniform([1, 16, 16, 3])) as tf.Tensor).shape, [1, 1]);
    assert.deepEqual((model.apply(Input({ batchShape: [1, 16, 16, 3] })) as tf.SymbolicTensor).shape, [1, 1]);
  });

  test("a string Input (TextVectorization first) keeps its dtype, shape and name through save and load", async () => {
    const vectorizer = layers.TextVectorization({ outputMode: "int", vocabulary: ["foo", "bar"], name: "vectorizer" });
    const model = Sequential([Input({ shape: [1], dtype: "string", name: "text" }), vectorizer]);
    assert.equal(model.layers[0], vectorizer, "Keras's model.layers[0] is the first layer after the Input");
    const x = tf.tensor([["foo bar"], ["bar qux"]], undefined, "string");
    const want = model.predict(x) as tf.Tensor;
    const dir = path.join(tmp, "text-model");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    assert.ok(loaded instanceof KerasSequential);
    assert.deepEqual(loaded.layers.map((l) => l.name), ["vectorizer"]);
    assert.equal(loaded.inputs[0]!.dtype, "string");
    assert.deepEqual(loaded.inputs[0]!.shape, [null, 1]);
    assert.equal((loaded as KerasSequential).inputLayer?.name, "text");
    assert.deepEqual((loaded.predict(x) as tf.Tensor).arraySync(), want.arraySync());
  });

  test("Embedding → Bidirectional(LSTM) → Dense on an int32 Input (notebook 05's model) saves and loads with its input", async () => {
    const model = Sequential([
      Input({ shape: [6], dtype: "int32", batchSize: 2 }),
      layers.Embedding(20, 4),
      layers.Bidirectional(layers.LSTM(3)),
      layers.Dense(1, { activation: "sigmoid" }),
    ]);
    assert.deepEqual(model.layers.map((l) => l.getClassName()), ["Embedding", "Bidirectional", "Dense"]);
    const x = tf.tensor2d([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 9]], undefined, "int32");
    const want = model.predict(x) as tf.Tensor;
    const dir = path.join(tmp, "bilstm-model");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    assert.deepEqual(loaded.layers.map((l) => l.getClassName()), ["Embedding", "Bidirectional", "Dense"]);
    assert.equal(loaded.inputs[0]!.dtype, "int32");
    assert.deepEqual(loaded.inputs[0]!.shape, [2, 6]);
    assert.ok(maxDiff(loaded.predict(x) as tf.Tensor, want) < 1e-6);
  });

  test("a Sequential with its Input inside TimeDistributed saves and loads; the inner model lists no InputLayer", async () => {
    const inner = Sequential([Input({ shape: [4] }), layers.Dense(2, { name: "inner_dense" })], { name: "per_step" });
    const video = Input({ shape: [5, 4] });
    const model = Model(video, layers.TimeDistributed(inner).apply(video) as tf.SymbolicTensor);
    const x = tf.randomUniform([3, 5, 4]);
    const want = model.predict(x) as tf.Tensor;
    assert.deepEqual(want.shape, [3, 5, 2]);
    const dir = path.join(tmp, "time-distributed-model");
    await model.save(dir);
    const loaded = await keras.models.loadModel(dir);
    const wrapped = (loaded.layers[1] as unknown as { layer: tf.LayersModel }).layer;
    assert.ok(wrapped instanceof KerasSequential);
    assert.deepEqual(wrapped.layers.map((l) => l.name), ["inner_dense"]);
    assert.ok(maxDiff(loaded.predict(x) as tf.Tensor, want) < 1e-6);
  });

  test("saveKerasH5 / loadKerasH5 keep the Input (batch size, name) and the layers", async () => {
    const model = Sequential([Input({ shape: [2], batchSize: 3, name: "features" }), layers.Dense(4), layers.Dense(1)], { name: "h5_seq" });
    const file = path.join(tmp, "seq.h5");
    await keras.models.saveKerasH5(model, file);
    const loaded = await keras.models.loadKerasH5(file);
    assert.ok(loaded instanceof KerasSequential);
    assert.equal(loaded.layers.length, 2);
    assert.equal(loaded.inputs[0]!.sourceLayer.name, "features");
    assert.deepEqual(loaded.inputs[0]!.shape, [3, 2]);
    const x = tf.randomUniform([3, 2]);
    assert.ok(maxDiff(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor) < 1e-6);
    assert.ok(fs.statSync(file).size > 0);
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("SequentialTest.test_errors", () => {
    // Trying to pass 2 Inputs.
    let model = Sequential();
    model.add(Input({ shape: [2], batchSize: 3 }));
    assert.throws(() => model.add(Input({ shape: [2], batchSize: 3 })), /already been configured to use input shape \(3, 2\)/);
    assert.throws(() => model.add(tf.layers.inputLayer({ batchInputShape: [3, 2] })), /already been configured/);

    // Same name 2x.
    model = Sequential();
    model.add(layers.Dense(2, { name: "dense", inputShape: [2] }));
    assert.throws(() => model.add(layers.Dense(2, { name: "dense" })), /should have unique names/);

    // No layers.
    model = Sequential();
    assert.throws(() => model.predict(tf.randomUniform([3, 2])), /no layers/);

    // Build conflict.
    model = Sequential();
    model.add(Input({ shape: [2], batchSize: 3 }));
    model.add(layers.Dense(2));
    assert.throws(() => model.build([3, 4]), /already been configured/);
    // But this works.
    model.build([3, 2]);
  });

  test("SequentialTest.test_bad_layer", () => {
    const model = Sequential([], { name: "seq" });
    assert.throws(() => model.add({} as never), /Only instances of/);
  });

  test("SequentialTest.test_serialization (the regular case: an Input and three layers)", async () => {
    const model = Sequential([], { name: "seq" });
    model.add(Input({ shape: [2], batchSize: 3 }));
    model.add(layers.Dense(4));
    model.add(layers.Dense(5));
    model.add(layers.Dense(6));
    const config = model.getConfig();
    // Keras 3's get_config writes the InputLayer first in `layers`.
    assert.deepEqual(config.layers.map((l) => l.className), ["InputLayer", "Dense", "Dense", "Dense"]);
    assert.deepEqual(config.layers[0]!.config["batchInputShape"], [3, 2]);
    const revived = KerasSequential.fromConfig(KerasSequential, structuredClone(config)) as KerasSequential;
    assert.equal(revived.layers.length, 3);
    assert.deepEqual(revived.getConfig(), config);
    const fromJson = await keras.models.modelFromJSON(model.toJSON(null, true) as string);
    assert.equal(fromJson.layers.length, 3);
    assert.deepEqual(fromJson.inputs[0]!.shape, [3, 2]);
  });

  test("SequentialTest.test_serialization (the deferred cases: unbuilt, then built)", async () => {
    const model = Sequential(undefined, { name: "seq" });
    model.add(layers.Dense(4));
    model.add(layers.Dense(5));
    let revived = (await keras.models.modelFromJSON(model.toJSON(null, false) as object)) as KerasSequential;
    assert.equal(revived.layers.length, 2);
    assert.equal(revived.built, false);
    model.build([2, 3]);
    assert.deepEqual(model.inputs[0]!.shape, [2, 3], "an explicit build keeps the batch size given");
    revived = (await keras.models.modelFromJSON(model.toJSON(null, false) as object)) as KerasSequential;
    assert.equal(revived.layers.length, 2);
    assert.deepEqual(revived.inputs[0]!.shape, [2, 3]);
  });

  test("SequentialTest.test_functional_properties", () => {
    const model = Sequential([], { name: "seq" });
    const inputs = Input({ shape: [2] });
    model.add(inputs);
    model.add(layers.Dense(4));
    assert.deepEqual(model.inputs, [inputs]);
    assert.deepEqual(model.outputs, [model.layers[model.layers.length - 1]!.output]);
    assert.deepEqual(model.inputs[0]!.shape, [null, 2]);
    assert.deepEqual(model.outputShape, [null, 4]);
  });

  test("a model saved with its InputLayer among `layers` (tfjs's Sequential, our code before) loads with it as the input", async () => {
    const lookup = layers.StringLookup({ vocabulary: ["a", "b"], name: "lookup" });
    const old = tf.sequential({ name: "old", layers: [tf.layers.inputLayer({ batchInputShape: [null, 1], dtype: "string", name: "words" }), lookup] });
    assert.deepEqual(old.layers.map((l) => l.name), ["words", "lookup"]);
    const loaded = await keras.models.modelFromJSON(old.toJSON(null, true) as string);
    assert.ok(loaded instanceof KerasSequential);
    assert.deepEqual(loaded.layers.map((l) => l.name), ["lookup"]);
    assert.equal(loaded.inputs[0]!.dtype, "string");
    assert.equal(loaded.inputs[0]!.sourceLayer.name, "words");
    assert.deepEqual((loaded.predict(tf.tensor([["b"], ["z"]], undefined, "string")) as tf.Tensor).arraySync(), [[2], [0]]);
  });

  test("pop and add keep the Input: the last layer popped, the Input next; a layer added after reconnects to it", () => {
    const model = Sequential([Input({ shape: [3], name: "in" }), layers.Dense(2, { name: "d1" })]);
    const d1 = model.pop();
    assert.equal(d1.name, "d1");
    assert.equal(model.layers.length, 0);
    model.add(layers.Dense(5, { name: "d2" }));
    assert.deepEqual(model.layers.map((l) => l.name), ["d2"]);
    assert.equal(model.inputs[0]!.sourceLayer.name, "in");
    assert.deepEqual((model.predict(tf.zeros([1, 3])) as tf.Tensor).shape, [1, 5]);
    model.pop();
    assert.equal(model.pop().name, "in");
    model.add(Input({ shape: [7] }));
    model.add(layers.Dense(1));
    assert.deepEqual(model.inputs[0]!.shape, [null, 7]);
  });

  test("summary lists the layers after the Input, as Keras's Sequential summary does", () => {
    const model = Sequential([Input({ shape: [784] }), layers.Dense(64, { name: "dense" }), layers.Dense(10, { name: "dense_1" })], { name: "sequential" });
    const lines = summaryLines(model);
    assert.equal(lines[0], 'Model: "sequential"');
    const rows = lines.filter((l) => l.startsWith("│")).map((l) => l.split("│")[1]!.trim());
    assert.deepEqual(rows, ["dense (Dense)", "dense_1 (Dense)"]);
    assert.ok(lines.includes(" Total params: 50,890 (198.79 KB)"), lines.join("\n"));
  });
});
