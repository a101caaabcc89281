/**
 * Port of Keras 3's keras/src/optimizers/schedules/learning_rate_schedule_test.py. Keras calls a
 * schedule as `schedule(step)`; ours is `schedule.call(step)`, on the host (no kernel decides a
 * schedule's value, so those cases run once), and `TestFitLRSchedulesFlow` trains on every
 * backend. `run_class_serialization_test` is getConfig → fromConfig → the same config, and
 * serialize → deserialize → the same config.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

const { schedules } = keras.optimizers;

function close(actual: number, expected: number, what: string, rtol = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6 + rtol * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

function classSerializationTest(schedule: InstanceType<typeof schedules.LearningRateSchedule>): void {
  const config = schedule.getConfig();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[schedule.getClassName()]!;
  const revived = fromConfig(cls, config) as InstanceType<typeof schedules.LearningRateSchedule>;
  assert.deepEqual(revived.getConfig(), config);
  assert.equal(revived.constructor, schedule.constructor);
  const again = schedules.deserialize(schedules.serialize(schedule));
  assert.deepEqual(again.getConfig(), config);
  for (const step of [0, 1, 7, 50]) assert.equal(again.call(step), schedule.call(step), `step ${step}`);
}

onBackends(() => {
  test("TestFitLRSchedulesFlow.test_fit_lr_correctness", async () => {
    const model = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(2, { kernelInitializer: "ones", biasInitializer: "ones" })]);
    const optimizer = keras.optimizers.Adam({ learningRate: new schedules.ExponentialDecay(0.05, 1, 0.9) });
    assert.equal(optimizer.iterations, 0);
    model.compile({ optimizer, loss: "mse" });
    const x = tf.tensor2d(Array.from({ length: 32 }, (_, i) => i), [16, 2]);
    const history = await model.fit(x, x, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    assert.equal(optimizer.iterations, 4 * 3);
    const expected = [230.79457092285156, 128.30319213867188, 79.33648681640625];
    (history.history.loss as number[]).forEach((loss, i) => close(loss, expected[i]!, `epoch ${i} loss`, 5e-5));
    x.dispose();
  });
});

onCpuOnly(() => {
  test("ExponentialDecayTest.test_config", () => classSerializationTest(new schedules.ExponentialDecay(0.05, 10, 0.96, { staircase: true, name: "my_ed" })));
  test("ExponentialDecayTest.test_continuous", () => close(new schedules.ExponentialDecay(0.05, 10, 0.96).call(5), 0.05 * 0.96 ** (5.0 / 10.0), "lr"));
  test("ExponentialDecayTest.test_staircase / test_variables", () => {
    const decayed = new schedules.ExponentialDecay(0.1, 3, 0.96, { staircase: true });
    close(decayed.call(1), 0.1, "step 1");
    close(decayed.call(2), 0.1, "step 2");
    close(decayed.call(100), 0.1 * 0.96 ** Math.floor(100 / 3), "step 100");
  });

  test("PiecewiseConstantDecayTest.test_config", () => classSerializationTest(new schedules.PiecewiseConstantDecay([10, 20], [1, 2, 3], { name: "my_pcd" })));
  test("PiecewiseConstantDecayTest.test_piecewise_values", () => {
    const decayed = new schedules.PiecewiseConstantDecay([100, 110, 120], [1.0, 0.1, 0.01, 0.001]);
    for (const [step, lr] of [[-999, 1.0], [100, 1.0], [105, 0.1], [110, 0.1], [120, 0.01], [999, 0.001]] as const) close(decayed.call(step), lr, `step ${step}`);
  });
  test("PiecewiseConstantDecayTest.test_boundary_values", () => {
    const decayed = new schedules.PiecewiseConstantDecay([1, 2, 3], [0.4, 0.5, 0.6, 0.7]);
    for (const [step, lr] of [[0, 0.4], [1, 0.4], [2, 0.5], [3, 0.6], [4, 0.7]] as const) close(decayed.call(step), lr, `step ${step}`);
  });

  test("LinearDecayTest.test_config", () =>
    classSerializationTest(new schedules.PolynomialDecay(0.1, 100, { endLearningRate: 0.005, power: 1.0, cycle: false, name: "my_ld" })));
  test("LinearDecayTest.test_halfway", () => close(new schedules.PolynomialDecay(0.05, 10, 0.0).call(5), 0.05 * 0.5, "lr"));
  test("LinearDecayTest.test_end", () => close(new schedules.PolynomialDecay(0.05, 10, 0.001).call(10), 0.001, "lr"));
  test("LinearDecayTest.test_halfway_with_end", () => close(new schedules.PolynomialDecay(0.05, 10, 0.001).call(5), (0.05 + 0.001) * 0.5, "lr"));
  test("LinearDecayTest.test_beyond_end", () => close(new schedules.PolynomialDecay(0.05, 10, 0.001).call(15), 0.001, "lr"));
  test("LinearDecayTest.test_beyond_end_with_cycle", () =>
    close(new schedules.PolynomialDecay(0.05, 10, 0.001, { cycle: true }).call(15), (0.05 - 0.001) * 0.25 + 0.001, "lr"));

  const power = 0.5;
  test("SqrtDecayTest.test_halfway", () => close(new schedules.PolynomialDecay(0.05, 10, 0.0, { power }).call(5), 0.05 * 0.5 ** power, "lr"));
  test("SqrtDecayTest.test_end", () => close(new schedules.PolynomialDecay(0.05, 10, 0.001, { power }).call(10), 0.001, "lr"));
  test("SqrtDecayTest.test_halfway_with_end", () =>
    close(new schedules.PolynomialDecay(0.05, 10, 0.001, { power }).call(5), (0.05 - 0.001) * 0.5 ** power + 0.001, "lr"));
  test("SqrtDecayTest.test_beyond_end", () => close(new schedules.PolynomialDecay(0.05, 10, 0.001, { power }).call(15), 0.001, "lr"));
  test("SqrtDecayTest.test_beyond_end_with_cycle", () =>
    close(new schedules.PolynomialDecay(0.05, 10, 0.001, { power, cycle: true }).call(15), (0.05 - 0.001) * 0.25 ** power + 0.001, "lr"));
  test("SqrtDecayTest.test_begin_with_cycle", () => close(new schedules.PolynomialDecay(0.001, 10, { cycle: true }).call(0), 0.001, "lr"));

  test("InverseTimeDecayTest.test_config", () =>
    classSerializationTest(new schedules.InverseTimeDecay(0.05, 10, 0.96, { staircase: true, name: "my_itd" })));
  test("InverseTimeDecayTest.test_decay", () => {
    const decayed = new schedules.InverseTimeDecay(0.1, 10, 0.96);
    for (let i = 0; i <= 10; i++) close(decayed.call(i), 0.1 / (1 + (i / 10) * 0.96), `step ${i}`);
  });
  test("InverseTimeDecayTest.test_staircase", () => {
    const decayed = new schedules.InverseTimeDecay(0.1, 10, 0.96, { staircase: true });
    for (let i = 0; i <= 10; i++) close(decayed.call(i), 0.1 / (1 + 0.96 * Math.floor(i / 10)), `step ${i}`);
  });

  const npCosineDecay = (step: number, decaySteps: number, alpha = 0) => {
    const decay = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
    return (1 - alpha) * decay + alpha;
  };
  const linearWarmup = (step: number, warmupSteps: number, initialLr: number, targetLr: number) => (step / warmupSteps) * (targetLr - initialLr);
  const steps = (end: number) => Array.from({ length: end / 250 }, (_, i) => i * 250);
  test("CosineDecayTest.test_config", () =>
    classSerializationTest(new schedules.CosineDecay(0.05, 10, { alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2, name: "my_cd" })));
  test("CosineDecayTest.test_decay / test_float64", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecay(1.0, 1000).call(step), npCosineDecay(step, 1000), `step ${step}`);
  });
  test("CosineDecayTest.test_warmup", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecay(0.0, 10, { warmupTarget: 10.0, warmupSteps: 1500 }).call(step), linearWarmup(step, 1500, 0, 10), `step ${step}`);
  });
  test("CosineDecayTest.test_alpha", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecay(1.0, 1000, 0.1).call(step), npCosineDecay(step, 1000, 0.1), `step ${step}`);
  });
  test("CosineDecayTest.test_warmup_decay", () => {
    for (const step of steps(3000)) {
      const lr = new schedules.CosineDecay(0.0, 1000, { warmupTarget: 10.0, warmupSteps: 2000 });
      const expected = step < 2001 ? linearWarmup(step, 2000, 0, 10) : 10 * npCosineDecay(step - 2000, 1000);
      close(lr.call(step), expected, `step ${step}`);
    }
  });

  const npCosineDecayRestarts = (step: number, decaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0) => {
    let fac = 1.0;
    while (step >= decaySteps) {
      step -= decaySteps;
      decaySteps *= tMul;
      fac *= mMul;
    }
    const decay = fac * 0.5 * (1.0 + Math.cos((Math.PI * step) / decaySteps));
    return (1.0 - alpha) * decay + alpha;
  };
  test("CosineDecayRestartsTest.test_config", () =>
    classSerializationTest(new schedules.CosineDecayRestarts(0.05, 10, { alpha: 0.1, tMul: 3.0, mMul: 4.0, name: "my_cdr" })));
  test("CosineDecayRestartsTest.test_decay / test_float64", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecayRestarts(1.0, 1000).call(step), npCosineDecayRestarts(step, 1000), `step ${step}`);
  });
  test("CosineDecayRestartsTest.test_alpha", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecayRestarts(1.0, 1000, { alpha: 0.1 }).call(step), npCosineDecayRestarts(step, 1000, 2, 1, 0.1), `step ${step}`);
  });
  test("CosineDecayRestartsTest.test_mmul", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecayRestarts(1.0, 1000, { mMul: 0.9 }).call(step), npCosineDecayRestarts(step, 1000, 2, 0.9), `step ${step}`);
  });
  test("CosineDecayRestartsTest.test_tmul", () => {
    for (const step of steps(1500)) close(new schedules.CosineDecayRestarts(1.0, 1000, { tMul: 1.0 }).call(step), npCosineDecayRestarts(step, 1000, 1.0), `step ${step}`);
  });
});
