import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../../lib/index.js";
import { onBackends, onCpuOnly } from "../../backends.js";
import { configRoundTrip } from "../../keras_suite/optimizer_cases.js";

const { optimizers } = keras;
const { schedules } = optimizers;

/** Keras's example of a user's schedule: lr / (step + 1). */
class InverseStep extends schedules.LearningRateSchedule {
  static readonly className = "InverseStep";
  constructor(readonly initial: number) {
    super();
  }
  override call(step: number): number {
    return this.initial / (step + 1);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { initial: this.initial };
  }
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new (cls as unknown as typeof InverseStep)(config.initial as number) as unknown as T;
  }
}
tf.serialization.registerClass(InverseStep);

onBackends(() => {
  test("each update steps with the schedule's rate at the steps taken so far", () => {
    // SGD with a unit gradient moves the variable by exactly the rate: 1, 1/2, 1/3.
    const optimizer = optimizers.SGD(new InverseStep(1));
    const v = tf.variable(tf.scalar(10));
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push(optimizers.getLearningRate(optimizer));
      const before = v.dataSync()[0]!;
      optimizer.applyGradients({ [v.name]: tf.scalar(1) });
      assert.ok(Math.abs(before - v.dataSync()[0]! - 1 / (i + 1)) < 1e-6, `step ${i}: moved ${before - v.dataSync()[0]!}`);
    }
    assert.deepEqual(seen, [1, 1 / 2, 1 / 3], "getLearningRate is Keras's optimizer.learning_rate");
    v.dispose();
  });

  test("with gradient accumulation the schedule sees every call, as Keras's _iterations", () => {
    const optimizer = optimizers.SGD(new InverseStep(1), { gradientAccumulationSteps: 2 });
    const v = tf.variable(tf.scalar(0));
    for (let i = 0; i < 4; i++) optimizer.applyGradients({ [v.name]: tf.scalar(1) });
    // Updates at calls 2 and 4 (raw counts 1 and 3 before them): rates 1/2 and 1/4.
    assert.ok(Math.abs(v.dataSync()[0]! + (1 / 2 + 1 / 4)) < 1e-6, String(v.dataSync()[0]));
    v.dispose();
  });

  test("Adam, AdamW, RMSprop and Adagrad follow a schedule too (weight decay included)", () => {
    const run = (make: (lr: number | InstanceType<typeof schedules.LearningRateSchedule>) => tf.Optimizer) => {
      const v = tf.variable(tf.tensor1d([1, -2]));
      const optimizer = make(new schedules.PiecewiseConstantDecay([0], [0.1, 0.01]));
      const constant = make(0.1);
      const w = tf.variable(tf.tensor1d([1, -2]));
      optimizer.applyGradients({ [v.name]: tf.tensor1d([0.5, 0.5]) });
      constant.applyGradients({ [w.name]: tf.tensor1d([0.5, 0.5]) });
      assert.deepEqual(Array.from(v.dataSync()), Array.from(w.dataSync()), "step 0 uses values[0]");
      tf.dispose([v, w]);
    };
    run((lr) => optimizers.Adam(lr));
    run((lr) => optimizers.AdamW(lr, { weightDecay: 0.1 }));
    run((lr) => optimizers.RMSprop(lr));
    run((lr) => optimizers.Adagrad(lr));
    const adam = optimizers.Adam(new schedules.PiecewiseConstantDecay([0], [0.1, 0.01]));
    const v = tf.variable(tf.scalar(1));
    (adam as tf.Optimizer).applyGradients({ [v.name]: tf.scalar(1) });
    assert.equal(optimizers.getLearningRate(adam), 0.01, "step 1 uses values[1]");
    v.dispose();
  });
});

onCpuOnly(() => {
  test("an optimizer's config keeps the schedule as Keras serializes it, and fromConfig restores it", () => {
    for (const [scheduleName, make] of [
      ["ExponentialDecay", () => optimizers.SGD(new schedules.ExponentialDecay(0.1, 10, 0.5))],
      ["ExponentialDecay", () => optimizers.SGD(new schedules.ExponentialDecay(0.1, 10, 0.5), { momentum: 0.9 })],
      ["CosineDecay", () => optimizers.Adam({ learningRate: new schedules.CosineDecay(0.1, 100, { warmupTarget: 0.5, warmupSteps: 10 }) })],
      ["PolynomialDecay", () => optimizers.AdamW(new schedules.PolynomialDecay(0.1, 10))],
      ["InverseTimeDecay", () => optimizers.RMSprop(new schedules.InverseTimeDecay(0.1, 10, 0.5))],
      ["InverseStep", () => optimizers.Adagrad(new InverseStep(0.3))],
    ] as const) {
      const optimizer: tf.Optimizer = make();
      const config = configRoundTrip(optimizer);
      const lr = config.learningRate as unknown as { module: string; class_name: string; config: object };
      assert.equal(lr.module, "keras.optimizers.schedules");
      assert.equal(lr.class_name, scheduleName);
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[optimizer.getClassName()]!;
      const revived = fromConfig(cls, config) as tf.Optimizer;
      assert.equal(optimizers.getLearningRate(revived), optimizers.getLearningRate(optimizer), optimizer.getClassName());
      assert.throws(() => optimizers.setLearningRate(revived, 0.1), /created with a `LearningRateSchedule`/);
    }
    assert.deepEqual(schedules.serialize(new schedules.ExponentialDecay(0.1, 10, 0.5)), {
      module: "keras.optimizers.schedules",
      class_name: "ExponentialDecay",
      config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false, name: "ExponentialDecay" },
      registered_name: null,
    });
    assert.equal(schedules.serialize(new InverseStep(1)).registered_name, "InverseStep");
    assert.throws(() => schedules.deserialize({ module: "keras.optimizers.schedules", class_name: "Nope", config: {}, registered_name: null }), /unknown learning rate schedule "Nope"/);
  });

  test("setLearningRate, ReduceLROnPlateau and LearningRateScheduler are refused on a scheduled optimizer, as in Keras", async () => {
    const optimizer = optimizers.SGD(new schedules.ExponentialDecay(0.1, 10, 0.5));
    assert.throws(() => optimizers.setLearningRate(optimizer, 0.5), /SGD: This optimizer was created with a `LearningRateSchedule` object/);
    const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(1)]);
    model.compile({ optimizer, loss: "mse" });
    const x = tf.ones([2, 1]);
    await assert.rejects(
      model.fit(x, x, { epochs: 1, verbose: 0, callbacks: [new keras.callbacks.LearningRateScheduler((_epoch, lr) => lr)] }),
      /not settable/,
    );
    x.dispose();
  });

  test("bad schedule arguments name the argument", () => {
    assert.throws(() => new schedules.ExponentialDecay(0.1, 0, 0.5), /ExponentialDecay: Argument `decaySteps` must be > 0. Received: decaySteps=0/);
    assert.throws(() => new schedules.CosineDecayRestarts(0.1, -1), /Argument `firstDecaySteps` must be > 0/);
    assert.throws(() => new schedules.PiecewiseConstantDecay([1, 2], [1, 2]), /The length of boundaries should be 1 less than the length of values/);
    assert.throws(() => new schedules.PiecewiseConstantDecay([2, 1], [1, 2, 3]), /strictly increasing/);
    assert.throws(() => new schedules.PolynomialDecay(0.1, 10, { cycles: true } as never), /PolynomialDecay: unknown argument `cycles`/);
    assert.throws(() => new schedules.CosineDecay("0.1" as never, 10), /CosineDecay: `initialLearningRate` must be a finite number/);
    assert.throws(() => optimizers.Adam({ learningRate: "0.1" as never }), /Adam: `learningRate`/);
  });
});
