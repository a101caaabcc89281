import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as optimizers from "../../../../lib/keras/optimizers/optimizers.js";
import { baseStepsOf } from "../../../../lib/keras/optimizers/base_optimizer.js";
import { MovingAverage } from "../../../../lib/keras/optimizers/moving_average.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

const values = (t: tf.Tensor) => Array.from(t.dataSync());
const near = (a: number[], b: number[], what: string, tol = 1e-6) => {
  assert.equal(a.length, b.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= tol, `${what}: ${a} vs ${b}`));
};

/** Dense(2) without bias on x = 1, y = 0: each SGD step multiplies the kernel by 1 − lr. */
function tinyModel(optimizer: tf.Optimizer, loss = "mse"): tf.LayersModel {
  const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(2, { kernelInitializer: "ones", useBias: false })]);
  model.compile({ loss, optimizer });
  return model;
}

onCpuOnly(() => {
  test("the base-optimizer options are checked by every factory, naming the option", () => {
    assert.throws(() => optimizers.SGD({ useEma: true, emaMomentum: 1.5 }), /SGD: `emaMomentum` must be a number ≥ 0 and ≤ 1; got 1.5/);
    assert.throws(() => optimizers.Adam({ useEma: true, emaOverwriteFrequency: 0 }), /Adam: `emaOverwriteFrequency` must be an integer ≥ 1; got 0/);
    assert.throws(() => optimizers.RMSprop({ useEma: true, emaOverwriteFrequency: 2.5 }), /RMSprop: `emaOverwriteFrequency` must be an integer/);
    assert.throws(() => optimizers.Adagrad({ useEma: "yes" as never }), /Adagrad: `useEma` must be true or false/);
    assert.throws(() => optimizers.AdamW({ gradientAccumulationSteps: 1 }), /AdamW: `gradientAccumulationSteps` must be an integer ≥ 2; got 1/);
    assert.throws(() => optimizers.SGD({ lossScaleFactor: 0 }), /SGD: `lossScaleFactor` must be a number > 0/);
    assert.throws(() => optimizers.SGD({ emaDecay: 0.9 } as never), /SGD: unknown argument `emaDecay`/);
    // null is Keras's None for the frequency and the accumulation.
    const o = optimizers.SGD({ useEma: true, emaOverwriteFrequency: null, gradientAccumulationSteps: null });
    assert.equal(o.emaOverwriteFrequency, null);
    assert.equal(o.gradientAccumulationSteps, null);
  });

  test("MovingAverage checks its options itself (fromConfig and direct construction)", () => {
    assert.throws(() => new MovingAverage("Adam", { useEma: true, emaMomentum: -0.1 }), /Adam: `emaMomentum` must be in the range \[0, 1\]; got -0.1/);
    assert.throws(() => new MovingAverage("Adam", { emaOverwriteFrequency: 3.5 }), /Adam: `emaOverwriteFrequency` must be an integer >= 1 or null; got 3.5/);
    const defaults = optimizers.Adam();
    assert.deepEqual([defaults.useEma, defaults.emaMomentum, defaults.emaOverwriteFrequency], [false, 0.99, null]);
  });

  test("finalizeVariableValues refuses a list of another length than the optimizer was built on, as Keras", () => {
    const optimizer = optimizers.SGD({ useEma: true });
    const v = tf.variable(tf.tensor1d([1]));
    const other = tf.variable(tf.tensor1d([1]));
    optimizer.applyGradients([{ name: v.name, tensor: tf.tensor1d([1]) }]);
    assert.throws(() => optimizer.finalizeVariableValues([]), /The length of model variables \(0\) to override does not match the length of model variables stored in the optimizer \(1\)/);
    assert.throws(() => optimizer.finalizeVariableValues([v, other]), /The length of model variables \(2\)/);
    tf.dispose([v, other]);
  });
});

onBackends((backendName) => {
  let dir = "";
  tempDirPerSuite(`ema-${backendName}-`, (d) => (dir = d));

  test("fit ends with finalizeVariableValues: the kernel is its average; without useEma it is the last step's", async () => {
    const x = tf.ones([1, 1]);
    const y = tf.zeros([1, 2]);
    const withEma = tinyModel(optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 }));
    await withEma.fit(x, y, { epochs: 3, verbose: 0 });
    // Steps give 0.9, 0.81, 0.729; the average: 0.9, then 0.5·0.9 + 0.5·0.81 = 0.855, then 0.5·0.855 + 0.5·0.729 = 0.792.
    near(values(withEma.getWeights()[0]!), [0.792, 0.792], "finalized kernel");
    const plain = tinyModel(optimizers.SGD({ learningRate: 0.1 }));
    await plain.fit(x, y, { epochs: 3, verbose: 0 });
    near(values(plain.getWeights()[0]!), [0.729, 0.729], "last step's kernel");
    tf.dispose([x, y]);
  });

  test("training with useEma, accumulation and loss scaling leaks no tensor after the first fit", async () => {
    const x = tf.ones([4, 1]);
    const y = tf.zeros([4, 2]);
    const model = tinyModel(optimizers.Adam({ useEma: true, emaOverwriteFrequency: 2, gradientAccumulationSteps: 2, lossScaleFactor: 8, clipnorm: 1 }));
    await model.fit(x, y, { epochs: 1, batchSize: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 3, batchSize: 1, verbose: 0 });
    assert.ok(tf.memory().numTensors <= before + 2, `tensors ${before} → ${tf.memory().numTensors}`);
    assert.equal(model.optimizer.iterations, 8, "16 calls, one update every 2");
    tf.dispose([x, y]);
  });

  test("fitDataset finalizes too", async () => {
    const model = tinyModel(optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 }));
    const data = tf.data.array([{ xs: tf.ones([1, 1]), ys: tf.zeros([1, 2]) }]);
    await model.fitDataset(data, { epochs: 3, verbose: 0 });
    near(values(model.getWeights()[0]!), [0.792, 0.792], "finalized kernel");
  });

  test("lossScaleFactor in fit: the same training and the same logged loss as without it", async () => {
    const x = tf.ones([1, 1]);
    const y = tf.zeros([1, 2]);
    const scaled = tinyModel(optimizers.SGD({ learningRate: 0.1, lossScaleFactor: 1024 }));
    const history = await scaled.fit(x, y, { epochs: 2, verbose: 0 });
    near(values(scaled.getWeights()[0]!), [0.81, 0.81], "kernel");
    // The losses before each step: mean(1²) and mean(0.9²), not 1024 times them.
    near(history.history.loss as number[], [1, 0.81], "logged loss", 1e-5);
    tf.dispose([x, y]);
  });

  test("the averages are optimizer weights: a saved model resumes the same moving average", async () => {
    const x = tf.ones([1, 1]);
    const y = tf.zeros([1, 2]);
    // tfjs's own loss name, which its loader compiles the loaded model with.
    const make = () => tinyModel(optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 4 }), "meanSquaredError");
    const straight = make();
    await straight.fit(x, y, { epochs: 5, verbose: 0 });

    const first = make();
    await first.fit(x, y, { epochs: 2, verbose: 0 });
    const weights = await first.optimizer.getWeights();
    assert.deepEqual(weights.map((w) => w.name.endsWith("/average")), [false, true], "iterations, then one average");
    const folder = path.join(dir, "model");
    await first.save(folder, { includeOptimizer: true });
    const loaded = await keras.models.loadModel(folder);
    assert.equal((loaded.optimizer as optimizers.SGDOptions & tf.Optimizer).useEma, true);
    assert.equal(loaded.optimizer.iterations, 2);
    near(values(baseStepsOf(loaded.optimizer).movingAverage.variables[0]!), values(baseStepsOf(first.optimizer).movingAverage.variables[0]!), "the saved average");
    // The loaded model's compiled loss is tfjs's concern; compiled again with the loaded optimizer, whose state stays.
    loaded.compile({ loss: "mse", optimizer: loaded.optimizer });
    // fit's finalization made the kernel its average; the average goes on from the saved one.
    await loaded.fit(x, y, { epochs: 3, verbose: 0 });
    const resumed = values(loaded.getWeights()[0]!);
    near(resumed, values(baseStepsOf(loaded.optimizer).movingAverage.variables[0]!), "finalized to the resumed average");
    // A reference in float64 of the same run: 2 epochs, finalize, save, 3 epochs, finalize (the overwrite is at iteration 4).
    let w = 1, average = 0;
    for (let i = 0; i < 5; i++) {
      w *= 0.9;
      average = i === 0 ? w : 0.5 * average + 0.5 * w;
      if (i === 1) w = average;
      if ((i + 1) % 4 === 0) w = average;
    }
    near(resumed, [average, average], "reference", 1e-5);
    assert.ok(Math.abs(resumed[0]! - values(straight.getWeights()[0]!)[0]!) > 1e-4, "the first fit's finalization moved the kernel, so the runs differ");
    tf.dispose([x, y]);
  });

  test("gradient accumulation state is saved: a resumed optimizer applies on the same call", async () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const g = tf.tensor1d([1, 1]);
    const first = optimizers.SGD({ learningRate: 1, gradientAccumulationSteps: 3 });
    first.applyGradients([{ name: v.name, tensor: g }]);
    first.applyGradients([{ name: v.name, tensor: g }]);
    const weights = await first.getWeights();
    assert.deepEqual(weights.map((w) => w.name), ["iter", "gradient_accumulation_iterations", `${v.name}/gradient_accumulator`]);
    const second = optimizers.SGD({ learningRate: 1, gradientAccumulationSteps: 3 });
    await second.setWeights(weights);
    second.applyGradients([{ name: v.name, tensor: g }]);
    near(values(v), [0, 1], "the third call applies the mean of three");
    assert.equal(second.iterations, 1);
    tf.dispose([v, g]);
  });
});
