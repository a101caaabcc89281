/**
 * A small search shared by the tuner tests and the child process they interrupt: a
 * two-feature classification problem and a build function with three hyperparameters.
 */
import * as tf from "@tensorflow/tfjs";
import { HyperParameters, RandomSearch } from "../../../../lib/keras/tuner/index.js";

export function makeData(): { x: tf.Tensor2D; y: tf.Tensor2D; xVal: tf.Tensor2D; yVal: tf.Tensor2D } {
  const points = (n: number, seed: number) => {
    const x = tf.randomUniform([n, 2], -1, 1, "float32", seed) as tf.Tensor2D;
    // Inside the circle of radius 0.7 → 1: not linearly separable, so hidden units matter.
    const y = tf.cast(tf.less(tf.sum(tf.square(x), 1, true), 0.49), "float32") as tf.Tensor2D;
    return { x, y };
  };
  const train = points(128, 1);
  const val = points(64, 2);
  return { x: train.x, y: train.y, xVal: val.x, yVal: val.y };
}

export function buildModel(hp: HyperParameters): tf.LayersModel {
  const units = hp.Int("units", 2, 16, { step: 2 });
  const activation = hp.Choice("activation", ["relu", "tanh"]);
  const lr = hp.Float("learning_rate", 1e-3, 1e-1, { sampling: "log" });
  const model = tf.sequential();
  model.add(tf.layers.dense({ units, activation, inputShape: [2] }));
  model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
  model.compile({ optimizer: tf.train.adam(lr), loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

export function randomSearch(directory: string, build = buildModel, overwrite = false): RandomSearch {
  return new RandomSearch(build, { objective: "val_loss", maxTrials: 4, directory, projectName: "circle", seed: 7, overwrite });
}

// Run as a child (`node search_fixture.js --child DIR`): search until the third trial starts,
// report it, and hang there until killed — an interruption in the middle of a trial.
if (require.main === module && process.argv[2] === "--child") {
  const directory = process.argv[3];
  let builds = 0;
  const build = (hp: HyperParameters) => {
    builds++;
    // Build 1 discovers the space; builds 2 and 3 are trials 0 and 1; build 4 is trial 2.
    if (builds === 4) {
      process.send!("stuck");
      return new Promise<tf.LayersModel>(() => {});
    }
    return buildModel(hp);
  };
  const { x, y, xVal, yVal } = makeData();
  void randomSearch(directory, build as never).search(x, y, { epochs: 5, validationData: [xVal, yVal], verbose: 0 });
}
