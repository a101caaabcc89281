import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../../../lib/keras/optimizers/optimizers.js";
import { onBackends, onCpuOnly } from "../backends.js";

onBackends(() => {
  test("AdamW decays weights (decoupled) on top of Adam's step", () => {
    const run = (opt: tf.Optimizer) => {
      const v = tf.variable(tf.tensor1d([2, -4]));
      // A zero gradient isolates the decay: Adam's step is 0, AdamW shrinks by lr·wd·v.
      opt.applyGradients({ [v.name]: tf.zeros([2]) });
      const out = Array.from(v.dataSync());
      v.dispose();
      return out;
    };
    assert.deepEqual(run(optimizers.Adam({ learningRate: 0.1 })), [2, -4]);
    const decayed = run(optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 }));
    assert.ok(Math.abs(decayed[0] - 2 * 0.95) < 1e-6 && Math.abs(decayed[1] + 4 * 0.95) < 1e-6, String(decayed));
    const config = optimizers.AdamW({ weightDecay: 0.01 }).getConfig();
    assert.equal(config.weightDecay, 0.01);
  });

  test("setLearningRate changes the step SGD takes", () => {
    const opt = optimizers.SGD({ learningRate: 1 });
    optimizers.setLearningRate(opt, 0.5);
    const v = tf.variable(tf.scalar(1));
    opt.applyGradients({ [v.name]: tf.scalar(1) });
    assert.equal(v.dataSync()[0], 0.5);
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("optimizers by name and object with Keras defaults", () => {
    assert.equal(optimizers.getLearningRate(optimizers.get("adam")), 0.001);
    assert.equal(optimizers.getLearningRate(optimizers.SGD()), 0.01);
    const nesterov = optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }) as any;
    assert.equal(nesterov.getClassName(), "Momentum");
    assert.equal(nesterov.useNesterov, true);
    assert.equal(optimizers.get("RMSprop" as "rmsprop").getClassName(), "RMSProp");
    assert.throws(() => optimizers.get("adamm" as any), /unknown optimizer "adamm"; accepted: sgd, adam, adamw, rmsprop, adagrad, adamax, nadam, adadelta, lion, ftrl, adafactor/);
    assert.equal(optimizers.SGD({ nesterov: true }).getClassName(), "SGD", "Keras: nesterov without momentum is plain SGD");
  });
});

onCpuOnly(() => {
  test("the learning rate is Keras's first positional argument: SGD(0.1), Adam(1e-3, {...})", () => {
    const cases: [string, (lr: number) => tf.Optimizer][] = [
      ["SGD", (lr) => optimizers.SGD(lr)],
      ["SGD with momentum", (lr) => optimizers.SGD(lr, { momentum: 0.9 })],
      ["Adam", (lr) => optimizers.Adam(lr, { beta1: 0.8 })],
      ["AdamW", (lr) => optimizers.AdamW(lr)],
      ["RMSprop", (lr) => optimizers.RMSprop(lr, { rho: 0.8 })],
      ["Adagrad", (lr) => optimizers.Adagrad(lr)],
    ];
    for (const [name, make] of cases) assert.equal(optimizers.getLearningRate(make(0.25)), 0.25, name);
    assert.equal((optimizers.SGD(0.1, { momentum: 0.9 }) as unknown as { momentum: number }).momentum, 0.9, "options after the rate are kept");
    assert.equal((optimizers.Adam(0.1, { beta1: 0.8 }).getConfig() as { beta1: number }).beta1, 0.8);
    assert.throws(() => optimizers.Adam(0.1, { learningRate: 0.2 }), /Adam: learningRate given twice/);
    assert.throws(() => optimizers.SGD(-1), /SGD.*learningRate/);
    assert.throws(() => optimizers.RMSprop({ rho: 0.5 }, { momentum: 0.1 } as never), /RMSprop: a second argument \(options\) needs a learning rate/);
  });
});
