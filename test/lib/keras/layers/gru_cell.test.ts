import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { GRULayer, ResetAfterGRUCell } from "../../../../lib/keras/layers/gru_cell.js";
import { Model } from "../../../../lib/keras/models/functional.js";
import { loadKerasH5, saveKerasH5 } from "../../../../lib/keras/models/keras_h5.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends } from "../backends.js";

// Debian's torch (python3-torch) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";


function uniform(seed: number, shape: number[], scale = 1): tf.Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale), shape);
}

type Values = tf.Tensor | number[] | number[][] | number[][][];
function maxDiff(a: Values, b: Values): number {
  const t = (v: Values) => (v instanceof tf.Tensor ? v : tf.tensor(v as number[]));
  return tf.tidy(() => tf.max(tf.abs(tf.sub(t(a), t(b)))).dataSync()[0]);
}

/**
 * torch.nn.GRU computes the reset-after form; its gate order is (r, z, n) and its weights are
 * [3u, in], so Keras's kernel [in, 3u] in (z, r, h) order is transposed and permuted here.
 * Computed in float64. Returns the whole sequence and the final state.
 */
function torchGRU(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor, goBackwards = false): { seq: number[][][]; last: number[][] } {
  const script = `
import json, sys, torch
a = json.load(sys.stdin)
x = torch.tensor(a["x"], dtype=torch.float64)
k = torch.tensor(a["kernel"], dtype=torch.float64)
rk = torch.tensor(a["rk"], dtype=torch.float64)
b = torch.tensor(a["bias"], dtype=torch.float64)
u = rk.shape[0]
def perm(w):  # columns (z, r, h) -> rows (r, z, n)
    z, r, h = w[..., :u], w[..., u:2*u], w[..., 2*u:]
    return torch.cat([r, z, h], dim=-1)
gru = torch.nn.GRU(x.shape[2], u, batch_first=True).double()
with torch.no_grad():
    gru.weight_ih_l0.copy_(perm(k).T)
    gru.weight_hh_l0.copy_(perm(rk).T)
    gru.bias_ih_l0.copy_(perm(b[0]))
    gru.bias_hh_l0.copy_(perm(b[1]))
    if a["back"]:
        x = torch.flip(x, [1])
    seq, h = gru(x)
print(json.dumps({"seq": seq.tolist(), "last": h[0].tolist()}))
`;
  const input = JSON.stringify({ x: x.arraySync(), kernel: kernel.arraySync(), rk: recurrentKernel.arraySync(), bias: bias.arraySync(), back: goBackwards });
  return JSON.parse(execFileSync(python, ["-c", script], { input, encoding: "utf8" }));
}

function builtGRU(units: number, inputDim: number, options: Parameters<typeof layers.GRU>[1] = {}, seed = 1): { gru: GRULayer; weights: tf.Tensor[] } {
  const gru = layers.GRU(units, options);
  gru.apply(layers.Input({ shape: [null, inputDim] }));
  const bias = options.resetAfter === false ? [3 * units] : [2, 3 * units];
  const weights = [uniform(seed, [inputDim, 3 * units], 0.6), uniform(seed + 1, [units, 3 * units], 0.6), uniform(seed + 2, bias, 0.3)];
  gru.setWeights(weights);
  return { gru, weights };
}

onBackends(() => {
  test("GRU's default is Keras 3's reset_after=True, and it matches torch.nn.GRU within 1e-5", () => {
    const x = uniform(7, [2, 5, 3]);
    const { gru, weights } = builtGRU(4, 3, { returnSequences: true, returnState: true });
    assert.ok(gru.cell instanceof ResetAfterGRUCell);
    assert.deepEqual(weights[2].shape, [2, 12]);
    const [seq, state] = gru.apply(x) as unknown as tf.Tensor[];
    const want = torchGRU(x, weights[0], weights[1], weights[2]);
    assert.ok(maxDiff(seq, want.seq) < 1e-5, `sequence differs by ${maxDiff(seq, want.seq)}`);
    assert.ok(maxDiff(state, want.last) < 1e-5, `state differs by ${maxDiff(state, want.last)}`);
    // The check can fail: a reset-before GRU on the same kernels gives a different answer.
    const before = layers.GRU(4, { resetAfter: false, returnSequences: true });
    before.apply(layers.Input({ shape: [null, 3] }));
    before.setWeights([weights[0], weights[1], tf.sum(weights[2], 0)]);
    assert.ok(maxDiff(before.apply(x) as tf.Tensor, want.seq) > 1e-3);
  });

  test("goBackwards processes the sequence reversed, as torch does on the flipped input", () => {
    const x = uniform(8, [2, 4, 3]);
    const { gru, weights } = builtGRU(5, 3, { returnSequences: true, goBackwards: true }, 11);
    const want = torchGRU(x, weights[0], weights[1], weights[2], true);
    assert.ok(maxDiff(gru.apply(x) as tf.Tensor, want.seq) < 1e-5);
  });

  test("useBias false has no bias weight and matches torch with zero biases", () => {
    const x = uniform(9, [1, 3, 2]);
    const gru = layers.GRU(3, { useBias: false });
    gru.apply(layers.Input({ shape: [null, 2] }));
    assert.equal(gru.getWeights().length, 2);
    const k = uniform(1, [2, 9], 0.5), rk = uniform(2, [3, 9], 0.5);
    gru.setWeights([k, rk]);
    const want = torchGRU(x, k, rk, tf.zeros([2, 9]));
    assert.ok(maxDiff(gru.apply(x) as tf.Tensor, want.last) < 1e-5);
  });

  test("parameter counts are Keras's: 3(du + u² + 2u) reset after, 3(du + u² + u) reset before", () => {
    const count = (layer: tf.layers.Layer, shape: number[]) => {
      layer.apply(layers.Input({ shape }));
      return layer.countParams();
    };
    assert.equal(count(layers.GRU(6), [5, 3]), 3 * (3 * 6 + 6 * 6 + 2 * 6));
    assert.equal(count(layers.GRU(6, { resetAfter: false }), [5, 3]), 3 * (3 * 6 + 6 * 6 + 6));
    assert.equal(count(layers.Bidirectional(layers.GRU(4)), [5, 3]), 2 * 3 * (3 * 4 + 4 * 4 + 2 * 4));
  });

  test("output shapes with returnSequences / returnState, and Bidirectional", () => {
    const shape = (layer: tf.layers.Layer) => {
      const out = layer.apply(layers.Input({ shape: [5, 3] })) as tf.SymbolicTensor | tf.SymbolicTensor[];
      return Array.isArray(out) ? out.map((o) => o.shape) : out.shape;
    };
    assert.deepEqual(shape(layers.GRU(6)), [null, 6]);
    assert.deepEqual(shape(layers.GRU(6, { returnSequences: true, returnState: true })), [[null, 5, 6], [null, 6]]);
    assert.deepEqual(shape(layers.Bidirectional(layers.GRU(4, { returnSequences: true }))), [null, 5, 8]);
  });

  test("Bidirectional(GRU): the backward half is a reset-after GRU run with goBackwards", () => {
    const x = uniform(3, [2, 4, 3]);
    const bi = layers.Bidirectional(layers.GRU(3), { mergeMode: "concat" });
    bi.apply(layers.Input({ shape: [4, 3] }));
    const w = bi.getWeights();
    assert.deepEqual(w.map((t) => t.shape), [[3, 9], [3, 9], [2, 9], [3, 9], [3, 9], [2, 9]]);
    const randomized = w.map((t, i) => uniform(100 + i, t.shape, 0.5));
    bi.setWeights(randomized);
    const out = bi.apply(x) as tf.Tensor;
    const fwd = torchGRU(x, randomized[0], randomized[1], randomized[2]);
    const back = torchGRU(x, randomized[3], randomized[4], randomized[5], true);
    assert.ok(maxDiff(out, tf.concat([tf.tensor(fwd.last), tf.tensor(back.last)], -1)) < 1e-5);
  });

  test("Embedding(maskZero) → GRU: trailing padding changes nothing; masked steps repeat the last output", () => {
    const input = layers.Input({ shape: [null], dtype: "int32" });
    const embedding = layers.Embedding(20, 3, { maskZero: true });
    const gru = layers.GRU(4, { returnSequences: true });
    const model = Model(input, gru.apply(embedding.apply(input)) as tf.SymbolicTensor);
    const short = model.predict(tf.tensor2d([[3, 7, 5]], undefined, "int32")) as tf.Tensor;
    const padded = model.predict(tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32")) as tf.Tensor;
    assert.ok(maxDiff(short, tf.slice(padded, [0, 0, 0], [1, 3, 4])) < 1e-6);
    assert.ok(maxDiff(tf.slice(padded, [0, 4, 0], [1, 1, 4]), tf.slice(short, [0, 2, 0], [1, 1, 4])) < 1e-6);
    const unmasked = Model(input, layers.GRU(4).apply(layers.Embedding(20, 3).apply(input)) as tf.SymbolicTensor);
    const a = unmasked.predict(tf.tensor2d([[3, 7, 5]], undefined, "int32")) as tf.Tensor;
    const b = unmasked.predict(tf.tensor2d([[3, 7, 5, 0, 0]], undefined, "int32")) as tf.Tensor;
    assert.ok(maxDiff(a, b) > 1e-6, "without maskZero the padding changes the output");
  });

  test("gradients of the reset-after GRU agree with central finite differences", () => {
    const x = uniform(21, [2, 3, 2]);
    const { gru, weights } = builtGRU(3, 2, { returnSequences: true }, 31);
    const probe = uniform(41, [2, 3, 3]);
    const loss = (w: tf.Tensor[]) => {
      gru.setWeights(w);
      return tf.sum(tf.mul(gru.apply(x) as tf.Tensor, probe));
    };
    const vars = gru.trainableWeights.map((v) => (v as any).val as tf.Variable);
    gru.setWeights(weights);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(gru.apply(x) as tf.Tensor, probe)) as tf.Scalar, vars);
    const analytic = vars.map((v) => grads[v.name].dataSync());
    const eps = 1e-2;
    let worst = 0;
    weights.forEach((w, wi) => {
      const base = w.dataSync();
      for (let i = 0; i < base.length; i++) {
        const at = (d: number) => {
          const copy = Float32Array.from(base);
          copy[i] += d;
          const ws = weights.map((t, j) => (j === wi ? tf.tensor(copy, t.shape) : t));
          return loss(ws).dataSync()[0];
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        worst = Math.max(worst, Math.abs(numeric - analytic[wi][i]));
      }
    });
    assert.ok(worst < 2e-3, `largest gradient error ${worst}`);
    gru.setWeights(weights);
  });

  test("dropout and recurrentDropout act only in training, one mask per sequence", () => {
    const x = uniform(5, [4, 6, 3]);
    const { gru } = builtGRU(5, 3, { dropout: 0.5, recurrentDropout: 0.5, returnSequences: true }, 51);
    const plain = builtGRU(5, 3, { returnSequences: true }, 51).gru;
    const inference = gru.apply(x) as tf.Tensor;
    assert.ok(maxDiff(inference, plain.apply(x) as tf.Tensor) < 1e-6, "inference ignores dropout");
    const trained = gru.apply(x, { training: true }) as tf.Tensor;
    assert.ok(maxDiff(trained, inference) > 1e-3, "training applies dropout");
    // Input dropout only: a zeroed feature is zero at every step (one mask for the sequence), so
    // the output equals the plain GRU on the input with those features zeroed, rescaled by 2.
    const inOnly = builtGRU(5, 3, { dropout: 0.5, returnSequences: true }, 51).gru;
    const y = inOnly.apply(x, { training: true }) as tf.Tensor;
    const mask = (inOnly.cell as any).dropoutMask as tf.Tensor;
    assert.deepEqual(mask.shape, [4, 3]);
    const masked = tf.mul(x, tf.expandDims(mask, 1));
    assert.ok(maxDiff(y, plain.apply(masked) as tf.Tensor) < 1e-5);
  });

  test("a model with dropout trains (fit) and its loss falls", async () => {
    const input = layers.Input({ shape: [4, 2] });
    const out = layers.Dense(1).apply(layers.GRU(8, { dropout: 0.1, recurrentDropout: 0.1 }).apply(input)) as tf.SymbolicTensor;
    const model = Model(input, out);
    model.compile({ optimizer: tf.train.adam(0.05), loss: "meanSquaredError" });
    const x = uniform(61, [32, 4, 2]);
    const y = tf.sum(x, [1, 2]).reshape([32, 1]);
    const h = await model.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    const losses = h.history.loss as number[];
    assert.ok(losses[losses.length - 1] < losses[0] * 0.7, `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  });

  test("getConfig/fromConfig and model JSON round trips keep the form and the outputs", async () => {
    const x = uniform(71, [2, 4, 3]);
    for (const resetAfter of [true, false]) {
      const input = layers.Input({ shape: [4, 3] });
      const gruLayer = layers.GRU(5, { resetAfter, returnSequences: true, recurrentActivation: "hard_sigmoid" });
      const bi = layers.Bidirectional(layers.GRU(3, { resetAfter }));
      const model = Model(input, bi.apply(gruLayer.apply(input)) as tf.SymbolicTensor);
      model.setWeights(model.getWeights().map((w, i) => uniform(200 + i, w.shape, 0.5)));
      const config = gruLayer.getConfig();
      assert.equal(config.resetAfter, resetAfter);
      assert.equal(config.recurrentActivation, "hardSigmoid");
      const clone = GRULayer.fromConfig(GRULayer, config) as GRULayer;
      assert.equal(clone.cell instanceof ResetAfterGRUCell, resetAfter);

      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
      const json = JSON.stringify(saved!.modelTopology);
      assert.match(json, /"class_name":"GRU"/);
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      assert.equal(((loaded.layers[1] as GRULayer).cell instanceof ResetAfterGRUCell), resetAfter);
      const backward = (loaded.layers[2] as any).backwardLayer as GRULayer;
      assert.ok(backward instanceof GRULayer && backward.goBackwards);
      assert.equal(backward.cell instanceof ResetAfterGRUCell, resetAfter);
      assert.equal(maxDiff(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor), 0, `resetAfter ${resetAfter}`);
    }
  });

  test("a tfjs GRU saved before (tf.layers.gru, reset-before) still loads as reset-before", async () => {
    const model = tf.sequential({ layers: [tf.layers.gru({ units: 3, inputShape: [2, 2] })] });
    const loaded = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as any);
    assert.ok(!((loaded.layers[0] as GRULayer).cell instanceof ResetAfterGRUCell));
    assert.deepEqual(loaded.getWeights().map((w) => w.shape), [[2, 9], [3, 9], [9]]);
  });

  test("options are validated and named", () => {
    assert.throws(() => layers.GRU(4, { resetAfter: "yes" as any }), /GRU: `resetAfter` must be true or false/);
    assert.throws(() => layers.GRU(0), /GRU: `units` must be an integer ≥ 1/);
  });

  test("loadKerasH5 reads a Keras 2 .h5 with a reset-after GRU (bias [2, 3u]) and computes torch's output", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gru-h5-test-"));
    try {
      const file = path.join(dir, "gru.h5");
      const k = uniform(81, [3, 6], 0.5), rk = uniform(82, [2, 6], 0.5), b = uniform(83, [2, 6], 0.3);
      const script = `
import h5py, json, sys
import numpy as np
w = json.loads(sys.argv[2])
init = lambda name: {"module": "keras.initializers", "class_name": name, "config": {"seed": None} if name != "Zeros" else {}, "registered_name": None}
cfg = {"class_name": "Functional", "config": {"name": "model", "trainable": True, "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_input_shape": [None, 4, 3], "dtype": "float32", "sparse": False, "ragged": False, "name": "input_1"}, "registered_name": None, "name": "input_1", "inbound_nodes": []},
  {"module": "keras.layers", "class_name": "GRU", "config": {"name": "gru", "trainable": True, "dtype": "float32", "return_sequences": True, "return_state": False,
    "go_backwards": False, "stateful": False, "unroll": False, "time_major": False, "units": 2, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
    "kernel_initializer": init("GlorotUniform"), "recurrent_initializer": init("Orthogonal"), "bias_initializer": init("Zeros"),
    "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
    "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2, "reset_after": True},
    "registered_name": None, "build_config": {"input_shape": [None, 4, 3]}, "name": "gru", "inbound_nodes": [[["input_1", 0, 0, {}]]]}],
  "input_layers": [["input_1", 0, 0]], "output_layers": [["gru", 0, 0]]}}
f = h5py.File(sys.argv[1], "w")
f.attrs["backend"] = b"tensorflow"
f.attrs["keras_version"] = b"2.13.1"
f.attrs["model_config"] = json.dumps(cfg).encode("utf8")
mw = f.create_group("model_weights")
mw.attrs["layer_names"] = np.array([b"input_1", b"gru"])
mw.attrs["backend"] = b"tensorflow"
mw.attrs["keras_version"] = b"2.13.1"
g = mw.create_group("input_1"); g.attrs["weight_names"] = np.array([], dtype="S")
names = [b"gru/gru_cell/kernel:0", b"gru/gru_cell/recurrent_kernel:0", b"gru/gru_cell/bias:0"]
g = mw.create_group("gru"); g.attrs["weight_names"] = np.array(names)
for n, v in zip(names, [w["k"], w["rk"], w["b"]]):
    g[n.decode()] = np.array(v, dtype="f4")
f.close()
`;
      execFileSync(python, ["-c", script, file, JSON.stringify({ k: k.arraySync(), rk: rk.arraySync(), b: b.arraySync() })]);
      const model = await loadKerasH5(file);
      assert.ok((model.layers[1] as GRULayer).cell instanceof ResetAfterGRUCell);
      const x = uniform(84, [2, 4, 3]);
      const want = torchGRU(x, k, rk, b);
      assert.ok(maxDiff(model.predict(x) as tf.Tensor, want.seq) < 1e-5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("saveKerasH5 → loadKerasH5 keeps the reset-after GRU; the file has Keras's reset_after and bias [2, 3u] (h5py)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gru-h5-test-"));
    try {
      const input = layers.Input({ shape: [5, 4] });
      const model = Model(input, layers.Bidirectional(layers.GRU(3, { name: "enc" })).apply(input) as tf.SymbolicTensor);
      model.setWeights(model.getWeights().map((w, i) => uniform(300 + i, w.shape, 0.5)));
      const file = path.join(dir, "m.h5");
      await saveKerasH5(model, file);
      const loaded = await loadKerasH5(file);
      const x = uniform(301, [2, 5, 4]);
      assert.equal(maxDiff(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor), 0);
      const report = execFileSync(python, ["-c", `
import h5py, json, sys
f = h5py.File(sys.argv[1], "r")
cfg = json.loads(f.attrs["model_config"])
layer = [l for l in cfg["config"]["layers"] if l["class_name"] == "Bidirectional"][0]
shapes = []
f["model_weights"].visititems(lambda n, o: shapes.append(list(o.shape)) if isinstance(o, h5py.Dataset) else None)
print(json.dumps({"reset_after": layer["config"]["layer"]["config"]["reset_after"], "shapes": shapes}))
`, file], { encoding: "utf8" });
      const { reset_after, shapes } = JSON.parse(report);
      assert.equal(reset_after, true);
      assert.equal(shapes.filter((s: number[]) => s.length === 2 && s[0] === 2 && s[1] === 9).length, 2, JSON.stringify(shapes));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
