/**
 * A training process for experiment.test.ts to kill and resume:
 *   node experiment_child.js <modelDir> <trainSteps> <train|inspect>
 * Run without arguments (as `node --test` does with every file under test/) it does nothing.
 */
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";
import { pandasInputFn } from "../../../lib/data/pandas_input_fn.js";
import { Experiment } from "../../../lib/train/experiment.js";

export function makeModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 8, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

export function makeFrame(): dfd.DataFrame {
  const n = 512;
  const a = Array.from({ length: n }, (_, i) => Math.sin(i));
  const b = Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
  return new dfd.DataFrame({ a, b, label: a.map((v, i) => (v + b[i] > 0 ? 1 : 0)) });
}

export function makeExperiment(modelDir: string, trainSteps: number, model = makeModel()): Experiment {
  const df = makeFrame();
  return new Experiment(model, {
    trainInputFn: pandasInputFn(df, undefined, { batchSize: 32, shuffle: true, numEpochs: null, targetColumn: "label", concatFeatures: true, seed: 3 }),
    evalInputFn: pandasInputFn(df, undefined, { batchSize: 128, shuffle: false, targetColumn: "label", concatFeatures: true }),
    trainSteps,
    evalSteps: 2,
    saveCheckpointsSteps: 5,
    modelDir,
  });
}

async function main(): Promise<void> {
  const [modelDir, steps, mode] = process.argv.slice(2);
  const experiment = makeExperiment(modelDir, Number(steps));
  if (mode === "inspect") {
    await experiment.train(); // trainSteps <= the restored step: restores, trains nothing
  } else {
    await experiment.train();
  }
  const weights = experiment.model.getWeights().map((w) => Array.from(w.dataSync()));
  process.stdout.write(JSON.stringify({ globalStep: experiment.globalStep, weights }) + "\n");
}

if (require.main === module && process.argv.length > 2) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + "\n");
    process.exit(1);
  });
}
