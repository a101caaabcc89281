import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { KerasRNN, KerasStackedRNNCells, RNN, StackedRNNCells } from "../../../../lib/keras/layers/rnn.js";
import { GRUCell, LSTMCell, SimpleRNNCell } from "../../../../lib/keras/layers/rnn_cells.js";

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;

test("RNN takes a cell or a list of cells (stacked); anything else is refused", () => {
  assert.ok(RNN(SimpleRNNCell(2)) instanceof KerasRNN);
  const stacked = RNN([SimpleRNNCell(2), LSTMCell(3)]);
  assert.ok(stacked.cell instanceof KerasStackedRNNCells);
  assert.equal(stacked.getClassName(), "RNN");
  assert.match(stacked.name, /^rnn(_\d+)?$/);
  assert.throws(() => RNN(layers.Dense(2)), /stateSize/);
  assert.throws(() => RNN("lstm" as never), /cell/);
  assert.throws(() => RNN(SimpleRNNCell(2), { returnSequence: true } as never), /returnSequence/);
  assert.throws(() => StackedRNNCells([]), /non-empty/);
});

test("a model with RNN(cell) and RNN([cells]) saves and loads under Keras's class names, with the same outputs", async () => {
  const input = layers.Input({ shape: [4, 3] });
  let h = RNN(GRUCell(5), { returnSequences: true }).apply(input) as tf.SymbolicTensor;
  h = RNN([LSTMCell(4), SimpleRNNCell(3), GRUCell(2, { resetAfter: false })], { goBackwards: true }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: h });
  const json = JSON.stringify(model.toJSON(null, false));
  for (const name of ['"RNN"', '"StackedRNNCells"', '"GRUCell"', '"LSTMCell"', '"SimpleRNNCell"']) assert.ok(json.includes(`"class_name":${name}`), name);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  const x = tf.randomUniform([2, 4, 3], -1, 1, "float32", 5);
  assert.ok(maxDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor) < 1e-6);
  const rnn = loaded.layers[1] as tf.layers.RNN;
  assert.ok(rnn instanceof KerasRNN);
  assert.equal(rnn.cell.getClassName(), "GRUCell");
  assert.equal(rnn.cell.getConfig().resetAfter, true);
  const stack = (loaded.layers[2] as tf.layers.RNN).cell as unknown as KerasStackedRNNCells;
  assert.deepEqual(stack.cells.map((c) => c.getClassName()), ["LSTMCell", "SimpleRNNCell", "GRUCell"]);
  assert.equal(stack.cells[2]!.getConfig().resetAfter, false);
  assert.equal((loaded.layers[2] as tf.layers.RNN).goBackwards, true);
});

test("each training call draws fresh dropout masks (tfjs's RNN kept the first call's)", () => {
  const x = tf.ones([4, 3, 5]);
  for (const cell of [SimpleRNNCell(6, { dropout: 0.5 }), LSTMCell(6, { recurrentDropout: 0.5 })]) {
    const layer = RNN(cell);
    const first = layer.apply(x, { training: true }) as tf.Tensor;
    const second = layer.apply(x, { training: true }) as tf.Tensor;
    assert.ok(maxDiff(first, second) > 1e-4, `${cell.getClassName()}: a second call gave the same dropout`);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x) as tf.Tensor;
    assert.ok(maxDiff(a, b) === 0, "inference has no dropout");
  }
});

test("zeroOutputForMask and activityRegularizer are kept and saved", () => {
  const layer = RNN(SimpleRNNCell(2), { returnSequences: true, zeroOutputForMask: true, activityRegularizer: tf.regularizers.l2({ l2: 0.1 }) });
  const config = layer.getConfig();
  assert.equal(config.zeroOutputForMask, true);
  assert.ok(config.activityRegularizer);
  const mask = tf.tensor2d([[1, 0, 1]], undefined, "bool");
  const out = layer.apply(tf.ones([1, 3, 4]), { mask }) as tf.Tensor;
  assert.deepEqual(Array.from(tf.slice(out, [0, 1, 0], [1, 1, 2]).dataSync(), Math.abs), [0, 0]);
});

test("Bidirectional wraps RNN(cell) (tfjs's RNN.fromConfig spent the config it was given)", () => {
  const b = layers.Bidirectional(RNN(GRUCell(3)));
  const y = b.apply(tf.ones([2, 4, 5])) as tf.Tensor;
  assert.deepEqual(y.shape, [2, 6]);
  const backward = (b as unknown as { backwardLayer: tf.layers.RNN }).backwardLayer;
  assert.ok(backward instanceof KerasRNN);
  assert.equal(backward.goBackwards, true);
  assert.equal(backward.cell.getClassName(), "GRUCell");
});

test("a Keras 3 model JSON with RNN(LSTMCell) loads (module, registered_name and seed as Keras writes them)", async () => {
  const init = (className: string, config: object) => ({ module: "keras.initializers", class_name: className, config, registered_name: null });
  const topology = {
    class_name: "Sequential",
    config: {
      name: "s",
      layers: [
        { module: "keras.layers", class_name: "InputLayer", config: { batch_input_shape: [null, 3, 4], dtype: "float32", name: "input_layer" } },
        {
          module: "keras.layers",
          class_name: "RNN",
          config: {
            name: "rnn", trainable: true, dtype: "float32", return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false,
            cell: {
              module: "keras.layers", class_name: "LSTMCell", registered_name: null,
              config: {
                name: "lstm_cell", trainable: true, dtype: "float32", units: 2, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true,
                kernel_initializer: init("GlorotUniform", { seed: null }), recurrent_initializer: init("Orthogonal", { gain: 1.0, seed: null }), bias_initializer: init("Zeros", {}),
                unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
                dropout: 0.0, recurrent_dropout: 0.0, seed: null,
              },
            },
          },
        },
      ],
    },
  };
  const model = await tf.models.modelFromJSON({ modelTopology: topology as never });
  const rnn = model.layers[model.layers.length - 1] as tf.layers.RNN;
  assert.ok(rnn instanceof KerasRNN);
  assert.equal(rnn.cell.getClassName(), "LSTMCell");
  assert.equal(rnn.cell.getConfig().recurrentActivation, "sigmoid");
  assert.deepEqual((model.predict(tf.ones([1, 3, 4])) as tf.Tensor).shape, [1, 2]);
});
