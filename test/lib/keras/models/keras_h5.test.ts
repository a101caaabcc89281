import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { onBackends, onCpuOnly } from "../backends.js";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { baseStepsOf } from "../../../../lib/keras/optimizers/base_optimizer.js";

// Debian's h5py (python3-h5py) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";

function h5py(script: string, ...args: string[]): string {
  return execFileSync(python, ["-c", script, ...args], { encoding: "utf8" });
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "keras-h5-test-"));
}

function assertSamePredictions(a: tf.LayersModel, b: tf.LayersModel, x: tf.Tensor): void {
  const pa = (a.predict(x) as tf.Tensor).dataSync();
  const pb = (b.predict(x) as tf.Tensor).dataSync();
  assert.equal(pa.length, pb.length);
  for (let i = 0; i < pa.length; i++) assert.equal(pb[i], pa[i], `prediction ${i}`);
}

onBackends(() => {
  test("an Embedding + Bidirectional(LSTM) functional model round-trips exactly", async () => {
    const dir = tmpdir();
    try {
      const tokens = tf.input({ shape: [6], name: "tokens" });
      const embedded = tf.layers.embedding({ inputDim: 20, outputDim: 4, name: "embed" }).apply(tokens);
      const encoded = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as tf.RNN, name: "bilstm" }).apply(embedded);
      const out = tf.layers.dense({ units: 1, activation: "sigmoid", name: "spam" }).apply(encoded) as tf.SymbolicTensor;
      const model = tf.model({ inputs: tokens, outputs: out });
      const file = path.join(dir, "bilstm.h5");
      await saveKerasH5(model, file);
      const loaded = await loadKerasH5(file);
      assertSamePredictions(model, loaded, tf.tensor2d([[1, 2, 3, 0, 0, 0], [19, 4, 4, 7, 1, 2]]));
      const names = JSON.parse(h5py(`import h5py, json, sys; f = h5py.File(sys.argv[1], "r"); print(json.dumps([n if isinstance(n, str) else n.decode() for n in f["model_weights/bilstm"].attrs["weight_names"]]))`, file));
      assert.equal(names.length, 6, "forward and backward kernel, recurrent_kernel, bias");
      assert.ok(names.every((n: string) => n.endsWith(":0")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("loads a file with the layout Python Keras 2 writes (fixed-length byte attributes, InputLayer, module fields)", async () => {
    const dir = tmpdir();
    try {
      const file = path.join(dir, "keras_saved.h5");
      // model_config as Keras 2.13+ writes it for a functional model (keras.io "Serialization and
      // saving" sample shape): InputLayer with batch_input_shape/sparse/ragged, nested objects with
      // module/registered_name, build_config; attributes as fixed-length bytes (np.bytes_), as h5py
      // stores Keras's `.encode("utf8")` values.
      h5py(
        `
import h5py, json, sys
import numpy as np
cfg = {"class_name": "Functional", "config": {"name": "model", "trainable": True,
  "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "dtype": "float32", "sparse": False, "ragged": False, "name": "input_1"}, "registered_name": None, "name": "input_1", "inbound_nodes": []},
    {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": True, "dtype": "float32", "units": 2, "activation": "tanh", "use_bias": True,
      "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}, "registered_name": None},
      "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
      "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None},
      "registered_name": None, "build_config": {"input_shape": [None, 3]}, "name": "dense", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
    {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": True, "dtype": "float32", "units": 1, "activation": "linear", "use_bias": True,
      "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}, "registered_name": None},
      "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
      "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None},
      "registered_name": None, "build_config": {"input_shape": [None, 2]}, "name": "dense_1", "inbound_nodes": [[["dense", 0, 0, {}]]]}],
  "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}
training = {"loss": "mean_squared_error", "metrics": None, "weighted_metrics": None, "loss_weights": None,
  "optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05, "momentum": 0.0, "nesterov": False, "is_legacy_optimizer": False}}}
f = h5py.File(sys.argv[1], "w")
f.attrs["backend"] = "tensorflow".encode("utf8")
f.attrs["keras_version"] = "2.13.1".encode("utf8")
f.attrs["model_config"] = json.dumps(cfg).encode("utf8")
f.attrs["training_config"] = json.dumps(training).encode("utf8")
mw = f.create_group("model_weights")
mw.attrs["layer_names"] = np.array([b"input_1", b"dense", b"dense_1"])
mw.attrs["backend"] = b"tensorflow"
mw.attrs["keras_version"] = b"2.13.1"
g = mw.create_group("input_1"); g.attrs["weight_names"] = np.array([], dtype="S")
k = np.array([[1, 0], [0, 1], [1, 1]], dtype="f4"); b = np.array([0.5, -0.5], dtype="f4")
g = mw.create_group("dense"); g.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
g["dense/kernel:0"] = k; g["dense/bias:0"] = b
g = mw.create_group("dense_1"); g.attrs["weight_names"] = np.array([b"dense_1/kernel:0", b"dense_1/bias:0"])
g["dense_1/kernel:0"] = np.array([[2], [-1]], dtype="f4"); g["dense_1/bias:0"] = np.array([0.25], dtype="f4")
f.close()
`,
        file,
      );
      const model = await loadKerasH5(file);
      assert.equal(model.optimizer.getClassName(), "SGD");
      const x = [[1, 2, 3], [-1, 0, 0.5]];
      const got = (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
      // y = 2·tanh(x0 + x2 + 0.5) − tanh(x1 + x2 − 0.5) + 0.25, computed here independently.
      x.forEach((r, i) => {
        const want = 2 * Math.tanh(r[0] + r[2] + 0.5) - Math.tanh(r[1] + r[2] - 0.5) + 0.25;
        assert.ok(Math.abs(got[i][0] - want) < 1e-5, `${got[i][0]} vs ${want}`);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("save → load gives identical predictions and Keras's HDF5 layout (checked with h5py)", async () => {
    const dir = tmpdir();
    try {
      const model = tf.sequential();
      model.add(tf.layers.dense({ units: 8, inputShape: [5], activation: "relu", name: "hidden" }));
      model.add(tf.layers.dropout({ rate: 0.2, name: "drop" }));
      model.add(tf.layers.dense({ units: 3, activation: "softmax", name: "probs" }));
      model.compile({ optimizer: tf.train.adam(0.003), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      const file = path.join(dir, "model.h5");
      await saveKerasH5(model, file);
      assert.deepEqual(fs.readdirSync(dir), ["model.h5"], "no temp file left behind");

      const loaded = await loadKerasH5(file);
      assertSamePredictions(model, loaded, tf.randomNormal([4, 5], 0, 1, "float32", 7));
      assert.equal(loaded.optimizer.getClassName(), "Adam");
      assert.equal(loaded.loss, "categoricalCrossentropy");

      const layout = JSON.parse(
        h5py(
          `
import h5py, json, sys
f = h5py.File(sys.argv[1], "r")
s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
cfg = json.loads(s(f.attrs["model_config"]))
mw = f["model_weights"]
out = {
  "root_attrs": sorted(f.attrs.keys()),
  "keras_version": s(f.attrs["keras_version"]), "backend": s(f.attrs["backend"]),
  "class_name": cfg["class_name"], "layers": [(l["class_name"], l["config"]["name"]) for l in cfg["config"]["layers"]],
  "training": json.loads(s(f.attrs["training_config"])),
  "layer_names": [s(n) for n in mw.attrs["layer_names"]],
  "weight_names": {s(n): [s(w) for w in mw[s(n)].attrs["weight_names"]] for n in mw.attrs["layer_names"]},
  "kernel": [list(mw["hidden/hidden/kernel:0"].shape), str(mw["hidden/hidden/kernel:0"].dtype)],
}
print(json.dumps(out))
`,
          file,
        ),
      );
      assert.deepEqual(layout.root_attrs, ["backend", "keras_version", "model_config", "training_config", "tslab_keras_version"]);
      assert.match(layout.keras_version, /^2\./);
      assert.equal(layout.backend, "tensorflow");
      assert.equal(layout.class_name, "Sequential");
      assert.deepEqual(layout.layers, [["Dense", "hidden"], ["Dropout", "drop"], ["Dense", "probs"]]);
      assert.equal(layout.training.loss, "categorical_crossentropy");
      assert.equal(layout.training.optimizer_config.class_name, "Adam");
      assert.ok(Math.abs(layout.training.optimizer_config.config.learning_rate - 0.003) < 1e-9);
      assert.deepEqual(layout.layer_names, ["hidden", "drop", "probs"]);
      assert.deepEqual(layout.weight_names, { hidden: ["hidden/kernel:0", "hidden/bias:0"], drop: [], probs: ["probs/kernel:0", "probs/bias:0"] });
      assert.deepEqual(layout.kernel, [[5, 8], "float32"]);
      // The stored values are the model's weights.
      const stored = JSON.parse(h5py(`import h5py, json, sys; print(json.dumps(h5py.File(sys.argv[1], "r")["model_weights/probs/probs/bias:0"][()].tolist()))`, file));
      const bias = Array.from(model.getLayer("probs").getWeights()[1].dataSync());
      stored.forEach((v: number, i: number) => assert.ok(Math.abs(v - bias[i]) < 1e-7));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("optimizer options are saved under Keras's snake_case keys and come back (Nadam with weight decay, clipping, EMA)", async () => {
    const dir = tmpdir();
    try {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      model.compile({ optimizer: optimizers.Nadam(0.01, { beta1: 0.8, weightDecay: 0.004, globalClipnorm: 1, useEma: true, emaMomentum: 0.9 }), loss: "meanSquaredError" });
      const file = path.join(dir, "model.h5");
      await saveKerasH5(model, file);
      const saved = JSON.parse(
        h5py(`import h5py, json, sys; s = h5py.File(sys.argv[1], "r").attrs["training_config"]; print(json.dumps(json.loads(s.decode() if isinstance(s, bytes) else s)["optimizer_config"]))`, file),
      );
      assert.equal(saved.class_name, "Nadam");
      assert.equal(saved.config.beta_1, 0.8);
      assert.equal(saved.config.weight_decay, 0.004);
      assert.equal(saved.config.global_clipnorm, 1);
      assert.equal(saved.config.use_ema, true);
      assert.equal(saved.config.ema_momentum, 0.9);
      assert.ok(!Object.keys(saved.config).some((k) => /[A-Z]/.test(k)), `no camelCase key: ${Object.keys(saved.config).join(", ")}`);
      const loaded = await loadKerasH5(file);
      const config = loaded.optimizer.getConfig();
      assert.equal(loaded.optimizer.getClassName(), "Nadam");
      assert.deepEqual([config.beta1, config.weightDecay, config.globalClipnorm, config.useEma, config.emaMomentum], [0.8, 0.004, 1, true, 0.9]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an optimizer's learning-rate schedule is saved as Keras writes it and comes back", async () => {
    const dir = tmpdir();
    try {
      // tfjs's own model and compile: this file tests the h5 format without the keras namespace's extensions.
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      model.compile({ optimizer: optimizers.SGD(new optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, { staircase: true })), loss: "meanSquaredError" });
      const file = path.join(dir, "model.h5");
      await saveKerasH5(model, file);
      const lr = JSON.parse(
        h5py(`import h5py, json, sys; s = h5py.File(sys.argv[1], "r").attrs["training_config"]; print(json.dumps(json.loads(s.decode() if isinstance(s, bytes) else s)["optimizer_config"]["config"]["learning_rate"]))`, file),
      );
      assert.deepEqual(lr, {
        module: "keras.optimizers.schedules",
        class_name: "ExponentialDecay",
        config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5, staircase: true, name: "ExponentialDecay" },
        registered_name: null,
      });
      const loaded = await loadKerasH5(file);
      const schedule = baseStepsOf(loaded.optimizer).learningRateSchedule;
      assert.ok(schedule instanceof optimizers.schedules.ExponentialDecay);
      assert.deepEqual(schedule.getConfig(), { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true, name: "ExponentialDecay" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("clear errors for a missing file, a non-HDF5 file and a weights-only file", async () => {
    const dir = tmpdir();
    try {
      await assert.rejects(loadKerasH5(path.join(dir, "nope.h5")), /file not found/);
      fs.writeFileSync(path.join(dir, "text.h5"), "not hdf5 at all");
      await assert.rejects(loadKerasH5(path.join(dir, "text.h5")), /not an HDF5 file/);
      h5py(`import h5py, sys; f = h5py.File(sys.argv[1], "w"); f.attrs["layer_names"] = [b"dense"]; f.close()`, path.join(dir, "weights.h5"));
      await assert.rejects(loadKerasH5(path.join(dir, "weights.h5")), /no model_config.*weights only/);
      await assert.rejects(saveKerasH5({} as tf.LayersModel, path.join(dir, "x.h5")), /must be a tf.LayersModel/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
