import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { GRUCell, LSTMCell, SimpleRNNCell, KerasLSTMCell, KerasSimpleRNNCell } from "../../../../lib/keras/layers/rnn_cells.js";
import { ResetAfterGRUCell, ResetBeforeGRUCell } from "../../../../lib/keras/layers/gru_cell.js";

const className = (v: unknown) => (v as { className: string }).className;
/** glorot_uniform, as tfjs writes it: VarianceScaling(1, fanAvg, uniform). */
const isGlorotUniform = (v: unknown) => {
  const { className, config } = v as { className: string; config: Record<string, unknown> };
  return className === "VarianceScaling" && config.mode === "fanAvg" && config.distribution === "uniform" && config.scale === 1;
};
const fromRegistry = (className: string, config: tf.serialization.ConfigDict) => {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className]!;
  return fromConfig(cls, config) as tf.layers.Layer;
};

test("the cells take Keras 3's defaults where tfjs's differ", () => {
  const simple = SimpleRNNCell(3).getConfig();
  assert.ok(isGlorotUniform(simple.kernelInitializer));
  assert.equal(className(simple.recurrentInitializer), "Orthogonal");
  assert.equal(simple.activation, "tanh");
  const lstm = LSTMCell(3).getConfig();
  assert.equal(lstm.recurrentActivation, "sigmoid");
  assert.equal(lstm.unitForgetBias, true);
  assert.ok(isGlorotUniform(lstm.kernelInitializer));
  assert.equal(className(lstm.recurrentInitializer), "Orthogonal");
  const gru = GRUCell(3);
  assert.ok(gru instanceof ResetAfterGRUCell);
  assert.equal(gru.getClassName(), "GRUCell");
  assert.equal(gru.getConfig().resetAfter, true);
  assert.equal(gru.getConfig().recurrentActivation, "sigmoid");
  const before = GRUCell(3, { resetAfter: false });
  assert.ok(before instanceof ResetBeforeGRUCell && !(before instanceof ResetAfterGRUCell));
  assert.equal(before.getConfig().resetAfter, false);
  assert.equal(before.getConfig().recurrentActivation, "sigmoid");
  assert.ok(isGlorotUniform(before.getConfig().kernelInitializer));
});

test("Keras's automatic names: simple_rnn_cell, lstm_cell, gru_cell", () => {
  assert.match(SimpleRNNCell(2).name, /^simple_rnn_cell(_\d+)?$/);
  assert.match(LSTMCell(2).name, /^lstm_cell(_\d+)?$/);
  assert.match(GRUCell(2).name, /^gru_cell(_\d+)?$/);
});

test("LSTMCell's unit forget bias starts the forget gate's bias at 1; GRUCell's reset-after bias is [2, 3u]", () => {
  const lstm = LSTMCell(2);
  lstm.build([null, 3]);
  const bias = Array.from(lstm.getWeights()[2]!.dataSync());
  assert.deepEqual(bias, [0, 0, 1, 1, 0, 0, 0, 0]);
  const noUnit = LSTMCell(2, { unitForgetBias: false });
  noUnit.build([null, 3]);
  assert.deepEqual(Array.from(noUnit.getWeights()[2]!.dataSync()), new Array(8).fill(0));
  const gru = GRUCell(2);
  gru.build([null, 3]);
  assert.deepEqual(gru.getWeights().map((w) => w.shape), [[3, 6], [2, 6], [2, 6]]);
  const before = GRUCell(2, { resetAfter: false });
  before.build([null, 3]);
  assert.deepEqual(before.getWeights().map((w) => w.shape), [[3, 6], [2, 6], [6]]);
});

test("options are checked by name", () => {
  assert.throws(() => SimpleRNNCell(0), /units/);
  assert.throws(() => LSTMCell(2, { dropout: 1.5 }), /dropout/);
  assert.throws(() => GRUCell(2, { seed: 1 } as never), /seed/);
  assert.throws(() => SimpleRNNCell(2, { returnSequences: true } as never), /returnSequences/);
});

test("configs load under Keras's class names, Keras's `seed` included; GRUCell picks its form from resetAfter", () => {
  for (const [name, cell] of [["SimpleRNNCell", SimpleRNNCell(3)], ["LSTMCell", LSTMCell(3)], ["GRUCell", GRUCell(3)], ["GRUCell", GRUCell(3, { resetAfter: false })]] as const) {
    // Compared as JSON: tfjs's deserialization writes `customObjects` into the nested configs it reads.
    const json = JSON.stringify(cell.getConfig());
    const again = fromRegistry(name, { ...JSON.parse(json), seed: 7 });
    assert.equal(again.getClassName(), name);
    assert.equal(JSON.stringify(again.getConfig()), json);
  }
  assert.ok(fromRegistry("SimpleRNNCell", { units: 2 }) instanceof KerasSimpleRNNCell);
  assert.ok(fromRegistry("LSTMCell", { units: 2 }) instanceof KerasLSTMCell);
  // Keras's default is reset_after=True: a config without the field is the reset-after cell.
  assert.ok(fromRegistry("GRUCell", { units: 2 }) instanceof ResetAfterGRUCell);
  assert.ok(!(fromRegistry("GRUCell", { units: 2, resetAfter: false }) instanceof ResetAfterGRUCell));
  assert.ok(fromRegistry("ResetAfterGRUCell", { units: 2, resetAfter: true }) instanceof ResetAfterGRUCell);
});
