import { before, describe, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { LSTM_SEQUENCE, registerLstmSequenceKernels } from "../../../../lib/backend/kernels/lstm_sequence.js";
import { nativeBlas } from "../../../../lib/backend/native/native_blas.js";
import { FusedLSTM } from "../../../../lib/keras/layers/fused_lstm.js";
import { keras } from "../../../../lib/keras/index.js";
import * as layers from "../../../../lib/keras/layers/index.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends, tempDirPerSuite } from "../backends.js";

function uniform(seed: number, shape: number[], scale = 1): tf.Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale), shape);
}

function assertClose(actual: tf.Tensor, expected: tf.Tensor, tolerance: number, label: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  e.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) <= tolerance * (1 + Math.abs(v)), `${label}[${i}]: ${a[i]} vs ${v}`));
}

/** The kernels `body` runs, one entry per run (tf.profile), to tell which path a layer took. */
async function kernelsRun(body: () => tf.Tensor | tf.Tensor[]): Promise<string[]> {
  const info = await tf.profile(() => body());
  return info.kernels.map((kernel) => kernel.name);
}

interface Case {
  label: string;
  units: number;
  batch: number;
  steps: number;
  inputDim: number;
  options?: Record<string, unknown>;
  mask?: boolean;
  initialState?: boolean;
}

const cases: Case[] = [
  { label: "last output", units: 4, batch: 3, steps: 5, inputDim: 3 },
  { label: "returnSequences", units: 4, batch: 3, steps: 5, inputDim: 3, options: { returnSequences: true } },
  { label: "returnState + returnSequences", units: 3, batch: 2, steps: 4, inputDim: 2, options: { returnSequences: true, returnState: true } },
  { label: "masked", units: 4, batch: 4, steps: 6, inputDim: 3, options: { returnSequences: true, returnState: true }, mask: true },
  { label: "masked, goBackwards", units: 4, batch: 4, steps: 6, inputDim: 3, options: { returnSequences: true, goBackwards: true }, mask: true },
  { label: "goBackwards, last output", units: 3, batch: 2, steps: 5, inputDim: 2, options: { goBackwards: true } },
  { label: "initial state", units: 3, batch: 2, steps: 4, inputDim: 2, options: { returnState: true }, initialState: true },
  { label: "no bias", units: 3, batch: 2, steps: 4, inputDim: 2, options: { useBias: false, returnSequences: true }, mask: true },
  { label: "batch 1, units 1", units: 1, batch: 1, steps: 3, inputDim: 2, options: { returnSequences: true } },
];

/** Keras's LSTM through tfjs's own class (the unfused per-step path) with the same options. */
function unfused(units: number, options: Record<string, unknown> = {}): tf.layers.RNN {
  return tf.layers.lstm({ units, recurrentActivation: "sigmoid", ...options } as any);
}

onBackends((name) => {
  before(() => registerLstmSequenceKernels());
  // wasm takes the fused kernel only with the native addon (else tfjs's path is faster there).
  const fused = name === "cpu" || nativeBlas() !== null;

  describe("the fused LSTM equals tfjs's per-step LSTM", () => {
    for (const c of cases) {
      test(`${c.label}: outputs within 1e-5, gradients of every weight, input and initial state within 1e-4`, async () => {
        const layer = layers.LSTM(c.units, c.options as any);
        const reference = unfused(c.units, c.options);
        const x = uniform(1, [c.batch, c.steps, c.inputDim]);
        // Holes in the middle and at both ends, a row fully taken and (batch ≥ 4) a row fully masked.
        const mask = c.mask
          ? tf.tensor(Array.from({ length: c.batch * c.steps }, (_, i) => (Math.floor(i / c.steps) === 3 ? false : i < c.steps || (i * 7) % 5 !== 1)), [c.batch, c.steps], "bool")
          : undefined;
        const states = c.initialState ? [uniform(5, [c.batch, c.units], 0.5), uniform(6, [c.batch, c.units], 0.5)] : undefined;
        const kwargs = () => ({ ...(mask ? { mask } : {}), ...(states ? { initialState: states } : {}) });
        layer.apply(x, kwargs());
        reference.apply(x, kwargs());
        reference.setWeights([uniform(2, [c.inputDim, 4 * c.units], 0.7), uniform(3, [c.units, 4 * c.units], 0.7), ...(c.options?.useBias === false ? [] : [uniform(4, [4 * c.units], 0.5)])]);
        layer.setWeights(reference.getWeights());

        const outputs = (layer: tf.layers.Layer) => {
          const out = layer.apply(x, kwargs()) as tf.Tensor | tf.Tensor[];
          return Array.isArray(out) ? out : [out];
        };
        const ran = await kernelsRun(() => outputs(layer));
        assert.equal(ran.includes(LSTM_SEQUENCE), fused, `fused path on ${name}: ${ran.join(",")}`);
        assert.ok(!(await kernelsRun(() => outputs(reference))).includes(LSTM_SEQUENCE));
        const ours = outputs(layer);
        const theirs = outputs(reference);
        assert.equal(ours.length, theirs.length);
        ours.forEach((o, i) => assertClose(o, theirs[i]!, 1e-5, `${c.label} output ${i}`));

        const gradients = (layer: tf.layers.RNN) => {
          const weights = layer.trainableWeights.map((w) => w.read());
          const loss = () => tf.addN(outputs(layer).map((o, i) => tf.sum(tf.mul(o, uniform(10 + i, o.shape))))) as tf.Scalar;
          return tf.grads((...xs: tf.Tensor[]) => {
            void xs;
            return loss();
          })([...weights, x, ...(states ?? [])]);
        };
        const ourGrads = gradients(layer);
        const theirGrads = gradients(reference);
        const gradNames = [...layer.trainableWeights.map((w) => w.name), "x", "h0", "c0"];
        ourGrads.forEach((g, i) => assertClose(g, theirGrads[i]!, 1e-4, `${c.label} d${gradNames[i]}`));
      });
    }
  });

  test("Bidirectional(LSTM) with a mask runs the fused layer both ways and equals tfjs's per-step LSTMs", async () => {
    const x = uniform(1, [3, 5, 2]);
    const mask = tf.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 1, 1, 0]], [3, 5], "bool");
    const bidirectional = layers.Bidirectional(layers.LSTM(3, { returnSequences: true }));
    const out = bidirectional.apply(x, { mask }) as tf.Tensor;
    const ran = await kernelsRun(() => bidirectional.apply(x, { mask }) as tf.Tensor);
    assert.equal(ran.filter((k) => k === LSTM_SEQUENCE).length, fused ? 2 : 0, ran.join(","));
    const weights = bidirectional.getWeights();
    const forward = unfused(3, { returnSequences: true });
    const backward = unfused(3, { returnSequences: true, goBackwards: true });
    forward.apply(x);
    backward.apply(x);
    forward.setWeights(weights.slice(0, 3));
    backward.setWeights(weights.slice(3));
    // tfjs's Bidirectional reverses the backward layer's sequence back into input time order.
    const expected = tf.concat([forward.apply(x, { mask }) as tf.Tensor, tf.reverse(backward.apply(x, { mask }) as tf.Tensor, 1)], -1);
    assertClose(out, expected, 1e-5, "bidirectional");
  });

  test("model.fit gives the same loss trajectory on the fused and the per-step path (Embedding maskZero, Adam)", async () => {
    const build = (recurrent: tf.layers.Layer) => {
      const model = tf.sequential({
        layers: [layers.Embedding(30, 8, { maskZero: true, inputShape: [7] } as any), recurrent, layers.Dense(1, { activation: "sigmoid" })],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy" });
      return model;
    };
    const fusedModel = build(layers.LSTM(6));
    const referenceModel = build(unfused(6));
    referenceModel.setWeights(fusedModel.getWeights());
    // Trailing zeros (padding) of different lengths per row.
    const rand = mulberry32(9);
    const ids = tf.tensor2d(Array.from({ length: 16 }, () => {
      const length = 2 + Math.floor(rand() * 6);
      return Array.from({ length: 7 }, (_, t) => (t < length ? 1 + Math.floor(rand() * 29) : 0));
    }), [16, 7], "int32");
    const labels = tf.tensor2d(Array.from({ length: 16 }, (_, i) => [i % 2]));
    const fit = async (model: tf.LayersModel) => (await model.fit(ids, labels, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 })).history.loss as number[];
    const ours = await fit(fusedModel);
    const theirs = await fit(referenceModel);
    ours.forEach((loss, i) => assert.ok(Math.abs(loss - theirs[i]!) <= 1e-4, `epoch ${i}: ${loss} vs ${theirs[i]}`));
    assert.ok(ours[3]! < ours[0]!, `the loss falls: ${ours}`);
    assert.equal((await kernelsRun(() => fusedModel.predict(ids) as tf.Tensor)).includes(LSTM_SEQUENCE), fused);
  });

  test("the per-step path runs where Keras would not use cuDNN: dropout while training, hard sigmoid, stateful", async () => {
    const x = uniform(1, [2, 3, 2]);
    const withDropout = layers.LSTM(3, { dropout: 0.5 });
    withDropout.apply(x);
    assert.equal(withDropout.usesFusedKernel({ training: true }), false);
    assert.equal(withDropout.usesFusedKernel({ training: false }), fused);
    assert.equal(layers.LSTM(3, { recurrentDropout: 0.3 }).usesFusedKernel({ training: true }), false);
    assert.equal(layers.LSTM(3, { recurrentActivation: "hard_sigmoid" }).usesFusedKernel({}), false);
    assert.equal(layers.LSTM(3, { activation: "relu" }).usesFusedKernel({}), false);
    assert.equal(layers.LSTM(3, { stateful: true, batchSize: 2, inputShape: [3, 2] } as any).usesFusedKernel({}), false);
    assert.equal(layers.LSTM(3).usesFusedKernel({ training: true }), fused);
    // Dropout in training really takes tfjs's path (and still runs).
    const ran = await kernelsRun(() => withDropout.apply(x, { training: true }) as tf.Tensor);
    assert.ok(!ran.includes(LSTM_SEQUENCE), ran.join(","));
  });

  describe("saving", () => {
    let dir = "";
    tempDirPerSuite("fused-lstm-", (d) => (dir = d));

    test("a saved model loads with the fused layer, same config and predictions; a tfjs LSTM model loads into it too", async () => {
      const input = tf.input({ shape: [5, 3] });
      const model = tf.model({ inputs: input, outputs: layers.LSTM(4, { returnSequences: true, name: "lstm_a" }).apply(input) as tf.SymbolicTensor });
      const x = uniform(7, [2, 5, 3]);
      await model.save(path.join(dir, "fused"));
      const loaded = await keras.models.loadModel(path.join(dir, "fused"));
      assert.ok(loaded.getLayer("lstm_a") instanceof FusedLSTM);
      // tfjs's own config, under tfjs's class name (implementation: unset is written and read back as null, by tfjs).
      const config = (m: tf.LayersModel) => ({ ...m.getLayer("lstm_a").getConfig(), implementation: null });
      assert.deepEqual(config(loaded), config(model));
      const saved = JSON.parse(fs.readFileSync(path.join(dir, "fused", "model.json"), "utf8"));
      assert.ok(JSON.stringify(saved.modelTopology).includes('"class_name":"LSTM"'));
      assertClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, 0, "reloaded");

      // A model made with tfjs's own LSTM class (the per-step path) loads as the fused layer, same values.
      const plain = tf.sequential({ layers: [tf.layers.lstm({ units: 4, recurrentActivation: "sigmoid", inputShape: [5, 3], name: "lstm_b" })] });
      await plain.save(path.join(dir, "plain"));
      const plainLoaded = await keras.models.loadModel(path.join(dir, "plain"));
      assert.ok(plainLoaded.getLayer("lstm_b") instanceof FusedLSTM);
      assertClose(plainLoaded.predict(x) as tf.Tensor, plain.predict(x) as tf.Tensor, 1e-5, "tfjs model through the fused layer");
    });
  });
});
