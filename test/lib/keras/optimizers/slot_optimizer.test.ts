/**
 * The optimizers on SlotOptimizer (Adamax, Nadam, Adadelta, Ftrl, Adafactor, Lion): their state saves and
 * restores (optimizer weights, and a model saved with its optimizer) so training resumes with the
 * same numbers as an uninterrupted run; they resolve by Keras name; bad state is refused by name.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import * as optimizers from "../../../../lib/keras/optimizers/optimizers.js";
import { onBackends, onCpuOnly, tempDirPerSuite } from "../backends.js";

const MAKERS: [string, () => tf.Optimizer][] = [
  ["Adamax", () => optimizers.Adamax(0.1, { beta1: 0.8 })],
  ["Nadam", () => optimizers.Nadam(0.1, { weightDecay: 0.01 })],
  ["Adadelta", () => optimizers.Adadelta(1.0, { rho: 0.8 })],
  ["Ftrl", () => optimizers.Ftrl(0.1, { l1RegularizationStrength: 0.01, beta: 0.1 })],
  ["Adafactor", () => optimizers.Adafactor(0.1, { relativeStep: false })],
  ["Lion", () => optimizers.Lion(0.05, { beta1: 0.99, beta2: 0.5 })], // a momentum that outweighs the gradient, so its restore shows
];

// A matrix, so Adafactor's factored second moment (r, c) is saved and restored too.
const grad = (step: number) => tf.tensor2d([[0.3 * step - 0.5, (step % 2 === 0 ? 1 : -1) / (step + 1), -0.2], [0.1, -0.4 * step, 0.05 * step]]);
const start = () => tf.variable(tf.tensor2d([[1, -2, 3], [0.5, 2, -1]]));

function steps(optimizer: tf.Optimizer, v: tf.Variable, from: number, to: number): void {
  for (let s = from; s < to; s++) {
    const g = grad(s);
    optimizer.applyGradients([{ name: v.name, tensor: g }]);
    g.dispose();
  }
}

onBackends(() => {
  test("optimizer weights restore a run: 3 steps, getWeights, setWeights on a new one, 3 more = 6 straight", async () => {
    for (const [name, make] of MAKERS) {
      const straight = start();
      steps(make(), straight, 0, 6);

      const resumed = start();
      const first = make();
      steps(first, resumed, 0, 3);
      const weights = await first.getWeights();
      assert.equal(weights[0]!.name, "iter", `${name}: tfjs's iterations first`);
      const second = make();
      await second.setWeights(weights);
      assert.equal(second.iterations, 3, name);
      steps(second, resumed, 3, 6);
      const [a, b] = [straight.dataSync(), resumed.dataSync()];
      for (let i = 0; i < 6; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6, `${name}[${i}]: ${a[i]} vs ${b[i]}`);
      // A fresh optimizer (no restored slots) gives other numbers: the restore is what made them equal.
      const cold = start();
      steps(make(), cold, 0, 3);
      steps(make(), cold, 3, 6);
      assert.ok(Array.from(cold.dataSync()).some((x, i) => Math.abs(x - a[i]!) > 1e-4), `${name}: a cold restart differs`);
      tf.dispose([straight, resumed, cold]);
    }
  });
});

onCpuOnly(() => {
  test("by Keras name, with Keras's defaults", () => {
    const adamax = optimizers.get("adamax").getConfig();
    assert.deepEqual([adamax.learningRate, adamax.beta1, adamax.beta2, adamax.epsilon], [0.001, 0.9, 0.999, 1e-7]);
    assert.equal(optimizers.get("Nadam" as "nadam").getClassName(), "Nadam");
    const adadelta = optimizers.get("adadelta").getConfig();
    assert.deepEqual([adadelta.learningRate, adadelta.rho, adadelta.epsilon], [0.001, 0.95, 1e-7]);
    const lion = optimizers.get("lion").getConfig();
    assert.deepEqual([lion.learningRate, lion.beta1, lion.beta2], [0.001, 0.9, 0.99]);
    assert.equal(optimizers.getLearningRate(optimizers.Lion(0.25)), 0.25);
  });

  test("options are checked naming them", () => {
    assert.throws(() => optimizers.Adamax({ beta2: 2 }), /Adamax.*beta2/);
    assert.throws(() => optimizers.Nadam({ epsilon: -1 }), /Nadam.*epsilon/);
    assert.throws(() => optimizers.Adadelta({ rho: 1.5 }), /Adadelta.*rho/);
    assert.throws(() => optimizers.Lion({ beta: 0.5 } as never), /Lion: unknown argument `beta`/);
  });

  test("setWeights refuses values that do not divide among the slot kinds", async () => {
    const optimizer = optimizers.Nadam();
    await assert.rejects(
      optimizer.setWeights([{ name: "iter", tensor: tf.scalar(1) }, { name: "w/momentum", tensor: tf.zeros([2]) }]),
      /Nadam\.setWeights: 1 slot values do not divide among its 2 slot kinds \(momentum, velocity\)/,
    );
  });
});

onCpuOnly(() => {
  let dir = "";
  tempDirPerSuite("tk-slot-optimizer-", (d) => (dir = d));
  test("a model saved with its Nadam optimizer resumes training with the same numbers", async () => {
    const x = tf.tensor2d([[1], [2], [3]]);
    const y = tf.tensor2d([[2, 0], [4, 1], [6, 2]]);
    const make = () => {
      const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(2, { kernelInitializer: "ones", useBias: false })]);
      model.compile({ loss: "meanSquaredError", optimizer: optimizers.Nadam(0.05) });
      return model;
    };
    const straight = make();
    await straight.fit(x, y, { epochs: 4, verbose: 0, shuffle: false });
    const first = make();
    await first.fit(x, y, { epochs: 2, verbose: 0, shuffle: false });
    const folder = path.join(dir, "nadam");
    await first.save(folder, { includeOptimizer: true });
    const loaded = await keras.models.loadModel(folder);
    assert.equal(loaded.optimizer.getClassName(), "Nadam");
    assert.equal(loaded.optimizer.iterations, 2);
    loaded.compile({ loss: "mse", optimizer: loaded.optimizer });
    await loaded.fit(x, y, { epochs: 2, verbose: 0, shuffle: false });
    const [a, b] = [straight.getWeights()[0]!.dataSync(), loaded.getWeights()[0]!.dataSync()];
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6, `[${i}]: ${a[i]} vs ${b[i]}`);
    tf.dispose([x, y]);
  });
});
