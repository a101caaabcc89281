/**
 * Port of Keras 3's keras/src/optimizers/optimizer_test.py (the base optimizer's behaviour), on
 * every backend. Keras's private state is read through ours: `_model_variables_moving_average`
 * is `baseStepsOf(o).movingAverage.variables`, `_accumulated_gradients` is
 * `baseStepsOf(o).accumulation.variables`, `_iterations` is `baseStepsOf(o).accumulation.calls`
 * and Keras's `iterations` is tfjs's `optimizer.iterations`.
 * test_constraints_are_applied runs through a layer: a tfjs variable carries no constraint, so
 * ours are applied after each training step to the layers' constrained weights
 * (models/weight_constraints.ts), where Keras's optimizer applies them.
 * Not ported: test_empty_gradients (tfjs's optimizers skip a missing gradient without Keras's
 * error or warning), test_get_method with a config dict, test_set_weights (tfjs's optimizers have no
 * `build`), test_tf_checkpointing, test_mixed_with_tf_variables (TensorFlow only),
 * test_callable_learning_rate, test_setting_lr_to_callable_untracks_lr_var (a learning rate is a
 * number or a keras.optimizers.schedules schedule — learning_rate_schedule_test.py — not a bare
 * function, which no config could save), test_overwrite_with_gradient* (no `overwrite_with_gradient`
 * variables), test_pickleable_optimizers and test_optimizer_auto_naming (no pickling, no names),
 * (every optimizer of test_gradient_accumulation_with_weigth_decay is ported).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as optimizers from "../../../../lib/keras/optimizers/index.js";
import { baseStepsOf } from "../../../../lib/keras/optimizers/base_optimizer.js";
import { keras } from "../../../../lib/index.js";
import { onBackends } from "../backends.js";
import { allClose, applyGradients } from "./optimizer_cases.js";

const close = (actual: tf.Tensor | number, expected: number[] | number, what: string, tol = 1e-6) =>
  allClose(typeof actual === "number" ? [actual] : actual.dataSync(), typeof expected === "number" ? [expected] : expected, tol, what);

/** A deterministic stand-in for numpy's random gradients: values in [0, 1). */
function pseudoRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

onBackends(() => {
  test("OptimizerTest.test_iterations_counter", () => {
    const v = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const grads = tf.ones([2, 2]);
    const optimizer = optimizers.Adam({ learningRate: 1 });
    assert.equal(optimizer.iterations, 0);
    applyGradients(optimizer, [[v, grads]]);
    assert.equal(optimizer.iterations, 1);
    applyGradients(optimizer, [[v, grads]]);
    assert.equal(optimizer.iterations, 2);
    tf.dispose([v, grads]);
  });

  test("OptimizerTest.test_clip_args", () => {
    assert.equal(optimizers.SGD({ learningRate: 1, clipnorm: 0.1 }).clipping.clipnorm, 0.1);
    assert.equal(optimizers.SGD({ learningRate: 1, clipvalue: 0.1 }).clipping.clipvalue, 0.1);
    assert.equal(optimizers.SGD({ learningRate: 1, globalClipnorm: 0.1 }).clipping.globalClipnorm, 0.1);
    assert.throws(() => optimizers.SGD({ learningRate: 1, clipnorm: 0.1, clipvalue: 0.1 }), /Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can/i);
    assert.throws(() => optimizers.SGD({ learningRate: 1, clipnorm: 0.1, globalClipnorm: 0.1 }), /Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can/i);
  });

  test("OptimizerTest.test_clip_norm", () => {
    close(optimizers.SGD({ clipnorm: 1 }).clipping.clipGradients([tf.tensor1d([100, 100])])[0]!, [2 ** 0.5 / 2, 2 ** 0.5 / 2], "clipped");
  });

  test("OptimizerTest.test_clip_value", () => {
    close(optimizers.SGD({ clipvalue: 1 }).clipping.clipGradients([tf.tensor1d([100, 100])])[0]!, [1, 1], "clipped");
  });

  test("OptimizerTest.test_global_clip_norm", () => {
    const norm = Math.hypot(50, 100);
    close(optimizers.SGD({ globalClipnorm: 1 }).clipping.clipGradients([tf.tensor1d([50, 100])])[0]!, [50 / norm, 100 / norm], "clipped");
  });

  test("OptimizerTest.test_ema", () => {
    const v = tf.variable(tf.tensor2d([[3, 4], [5, 6]]));
    const grads = tf.ones([2, 2]);
    const optimizer = optimizers.SGD({ learningRate: 1, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 3 });
    const average = () => baseStepsOf(optimizer).movingAverage.variables[0]!;
    applyGradients(optimizer, [[v, grads]]);
    close(v, [2, 3, 4, 5], "v after step 1");
    close(average(), [2, 3, 4, 5], "average initialized after the first step");
    applyGradients(optimizer, [[v, grads]]);
    close(v, [1, 2, 3, 4], "v after step 2");
    close(average(), [1.9, 2.9, 3.9, 4.9], "average after step 2");
    applyGradients(optimizer, [[v, grads]]);
    close(v, [1.71, 2.71, 3.71, 4.71], "v overwritten with the average");
    close(average(), [1.71, 2.71, 3.71, 4.71], "average after step 3");
    tf.dispose([v, grads]);
    optimizer.dispose();
  });

  test("OptimizerTest.test_ema_with_model_fit", async () => {
    const x = tf.ones([1, 1]);
    // Keras's y is zeros((1, 1)), broadcast by its mse against the [1, 2] output; tfjs wants the output's shape (the same loss).
    const y = tf.zeros([1, 2]);
    const optimizer = optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.9 });
    const model = keras.Sequential([keras.Input({ shape: [1] }), keras.layers.Dense(2, { kernelInitializer: "ones", useBias: false })]);
    model.compile({ loss: "mse", optimizer });
    await model.fit(x, y, { batchSize: 1, epochs: 2, verbose: 0 });
    close(baseStepsOf(optimizer).movingAverage.variables[0]!, [0.891, 0.891], "average", 1e-5);
    close(model.trainableWeights[0]!.read(), [0.891, 0.891], "kernel finalized to the average", 1e-5);
    tf.dispose([x, y]);
  });

  test("OptimizerTest.test_constraints_are_applied", async () => {
    const random = pseudoRandom(3);
    const kernel = Array.from({ length: 4 }, () => random() - 1);
    const model = keras.Sequential([keras.Input({ shape: [2] }), keras.layers.Dense(2, { useBias: false, kernelConstraint: "non_neg" })]);
    model.layers[0]!.setWeights([tf.tensor2d(kernel, [2, 2])]);
    assert.ok(Math.min(...model.layers[0]!.getWeights()[0]!.dataSync()) < 0, "setWeights keeps the negative start");
    model.compile({ optimizer: optimizers.SGD({ learningRate: 0.0001 }), loss: "mse" });
    const x = tf.zeros([1, 2]);
    await model.trainOnBatch(x, tf.zeros([1, 2]));
    assert.equal(Math.min(...model.layers[0]!.getWeights()[0]!.dataSync()), 0);
    x.dispose();
  });

  test("OptimizerTest.test_get_method", () => {
    assert.ok(optimizers.get("sgd") instanceof optimizers.KerasSGDOptimizer);
    assert.ok(optimizers.get("adamw") instanceof optimizers.AdamWOptimizer);
    assert.throws(() => optimizers.get("typo" as never), /unknown optimizer "typo"/);
  });

  test("OptimizerTest.test_static_loss_scaling", () => {
    const v = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const grads = tf.mul(tf.tensor2d([[1, 2], [3, 4]]), 1024);
    const optimizer = optimizers.SGD({ learningRate: 1, lossScaleFactor: 1024 });
    applyGradients(optimizer, [[v, grads]]);
    assert.equal(optimizer.scaleLoss(1), 1024);
    close(v, [0, 0, 0, 0], "v");
    tf.dispose([v, grads]);
  });

  test("OptimizerTest.test_gradient_accumulation", () => {
    const v = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const grads = tf.ones([2, 2]);
    const optimizer = optimizers.SGD({ learningRate: 1, gradientAccumulationSteps: 3 });
    assert.equal(optimizer.gradientAccumulationSteps, 3);
    const steps = baseStepsOf(optimizer).accumulation;
    const expectations: [number[], number[], number, number][] = [
      [[1, 2, 3, 4], [1, 1, 1, 1], 1, 0],
      [[1, 2, 3, 4], [2, 2, 2, 2], 2, 0],
      [[0, 1, 2, 3], [0, 0, 0, 0], 3, 1],
      [[0, 1, 2, 3], [1, 1, 1, 1], 4, 1],
    ];
    expectations.forEach(([value, accumulated, calls, iterations], i) => {
      applyGradients(optimizer, [[v, grads]]);
      close(v, value, `v after iteration ${i + 1}`);
      close(steps.variables[0]!, accumulated, `accumulator after iteration ${i + 1}`);
      assert.equal(steps.calls, calls, `_iterations after iteration ${i + 1}`);
      assert.equal(optimizer.iterations, iterations, `iterations after iteration ${i + 1}`);
    });
    tf.dispose([v, grads]);
    optimizer.dispose();
  });

  for (const name of ["adam", "sgd", "adamw", "adagrad", "rmsprop", "adadelta", "adamax", "lion", "nadam", "ftrl", "adafactor"] as const) {
    test(`OptimizerTest.test_gradient_accumulation_with_weigth_decay (${name})`, () => {
      const make = (extra: { gradientAccumulationSteps?: number }) => {
        const options = { weightDecay: 0.05, ...extra };
        switch (name) {
          case "adam": return optimizers.Adam(options);
          case "sgd": return optimizers.SGD(options);
          case "adamw": return optimizers.AdamW(options);
          case "adagrad": return optimizers.Adagrad(options);
          case "rmsprop": return optimizers.RMSprop(options);
          case "adadelta": return optimizers.Adadelta(options);
          case "adamax": return optimizers.Adamax(options);
          case "lion": return optimizers.Lion(options);
          case "nadam": return optimizers.Nadam(options);
          case "ftrl": return optimizers.Ftrl(options);
          case "adafactor": return optimizers.Adafactor(options);
        }
      };
      const optimizer1 = make({});
      const optimizer3 = make({ gradientAccumulationSteps: 3 });
      const variable1 = tf.variable(tf.tensor2d([[0.9], [0.5]]));
      const variable3 = tf.variable(tf.tensor2d([[0.9], [0.5]]));
      const random = pseudoRandom(7);
      for (let epoch = 0; epoch < 8; epoch++) {
        const grads3 = [0, 1, 2].map(() => [[random()], [random()]]);
        const mean = tf.mean(tf.tensor3d(grads3), 0);
        applyGradients(optimizer1, [[variable1, mean]]);
        for (const batch of grads3) {
          const g = tf.tensor2d(batch);
          applyGradients(optimizer3, [[variable3, g]]);
          g.dispose();
        }
        mean.dispose();
      }
      close(variable3, Array.from(variable1.dataSync()), "accumulated vs averaged", 1e-6);
      tf.dispose([variable1, variable3]);
      optimizer1.dispose();
      optimizer3.dispose();
    });
  }
});
