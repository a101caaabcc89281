import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as layers from "../../../../lib/keras/layers/index.js";
import { Adam, SGD } from "../../../../lib/keras/optimizers/optimizers.js";
import { SparseCategoricalCrossentropy } from "../../../../lib/keras/losses/losses.js";
import { onCpuOnly } from "../backends.js";

// Edit-time checks: tsc fails the build if any of these lines stops being an error.
function editTimeRejections(): void {
  // @ts-expect-error unknown option name
  layers.Dense(4, { activaton: "relu" });
  // @ts-expect-error unknown activation
  layers.Dense(4, { activation: "rleu" });
  // @ts-expect-error Python's snake_case is not the option name
  layers.Embedding(10, 4, { mask_zero: true });
  // @ts-expect-error returnSequence is misspelt
  layers.LSTM(8, { returnSequence: true });
  // @ts-expect-error padding takes "valid" | "same"
  layers.Conv2D(8, 3, { padding: "full" });
  // @ts-expect-error from_logits is Python's spelling
  SparseCategoricalCrossentropy({ from_logits: true });
  // @ts-expect-error Adam has no momentum
  Adam({ momentum: 0.9 });
  // @ts-expect-error units must be a number
  layers.Dense("4");
}
void editTimeRejections;

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("an unknown option name throws naming it and the accepted names", () => {
    assert.throws(() => layers.Dense(4, { activaton: "relu" } as any), /Dense: unknown argument `activaton`; accepted: .*activation.*units|Dense: unknown argument `activaton`; accepted: .*activation/);
    assert.throws(() => layers.LSTM(8, { return_sequences: true } as any), /LSTM: unknown argument `return_sequences`/);
    assert.throws(() => SGD({ lr: 0.1 } as any), /SGD: unknown argument `lr`; accepted: clipnorm, clipvalue, emaMomentum, emaOverwriteFrequency, globalClipnorm, gradientAccumulationSteps, learningRate, lossScaleFactor, momentum, nesterov, useEma, weightDecay/);
  });

  test("a bad value throws naming the argument and what is accepted", () => {
    assert.throws(() => layers.Dense(0), /Dense: received an invalid value for `units`, expected a positive integer\. Received: units=0/);
    assert.throws(() => layers.Dense(4, { activation: "rleu" as any }), /Dense: `activation` must be null, a function of a tensor or one of .*"relu"/);
    assert.throws(() => layers.Dropout(1.5), /Dropout: invalid value received for argument `rate`\. Expected a float value between 0 and 1\. Received: rate=1\.5/);
    assert.throws(() => layers.Conv2D(8, [3, 0] as any), /Conv2D: `kernelSize` must be an integer ≥ 1 or 2 such integers/);
    assert.throws(() => layers.Conv2D(8, 3, { padding: "full" as any }), /Conv2D: `padding` must be one of "valid", "same"; got "full"/);
    assert.throws(() => layers.GRU(4, { resetAfter: "yes" as any }), /GRU: `resetAfter` must be true or false/);
    assert.throws(() => layers.Reshape([2, -1, -1]), /Reshape: `targetShape`/);
    assert.throws(() => layers.Input({ shape: [3], batchShape: [null, 3] }), /exactly one of `shape`/);
  });

  test("every regularizer and constraint option takes Keras's names, as its type says", () => {
    const rnn = layers.LSTM(2, { recurrentRegularizer: "l2", recurrentConstraint: "non_neg" }) as any;
    assert.equal(rnn.cell.recurrentRegularizer.getConfig().l2, 0.01);
    assert.equal(rnn.cell.recurrentConstraint.getClassName(), "NonNeg");
    const dw = layers.DepthwiseConv2D(2, { depthwiseRegularizer: "l1", depthwiseConstraint: "unit_norm" }) as any;
    assert.equal(dw.depthwiseRegularizer.getConfig().l1, 0.01);
    assert.equal(dw.depthwiseConstraint.getClassName(), "UnitNorm");
  });

  test("layers get Keras's automatic names", () => {
    const a = layers.Dense(2);
    const b = layers.Dense(2);
    assert.match(a.name, /^dense(_\d+)?$/);
    assert.match(b.name, /^dense_\d+$/);
    assert.notEqual(a.name, b.name);
    assert.equal(layers.Dense(2, { name: "head" }).name, "head");
  });
});
