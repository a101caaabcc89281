import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeDirAtomic, writeSynced } from "./atomic_files.js";
import { joinWeightData, MODEL_JSON, modelJsonOf, WEIGHTS_FILE } from "../keras/models/model_folder.js";

/**
 * Saves `model` as a tfjs Layers model folder (`model.json` + `weights.bin`, the layout
 * `tf.loadLayersModel` and the serving loader read), written atomically.
 */
export async function saveModelDir(model: tf.LayersModel, dir: string, includeOptimizer: boolean): Promise<void> {
  await writeDirAtomic(dir, async (tmp) => {
    const handler: tf.io.IOHandler = {
      save: async (artifacts) => {
        const weights = joinWeightData(artifacts.weightData);
        const json = modelJsonOf(artifacts);
        await writeSynced(path.join(tmp, WEIGHTS_FILE), weights);
        await writeSynced(path.join(tmp, MODEL_JSON), JSON.stringify(json));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength } };
      },
    };
    await model.save(handler, { includeOptimizer });
  });
}

/** A saved weight and its name. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** The weights a model folder holds, split into the model's and the optimizer's, in saved order. */
export async function readSavedWeights(dir: string): Promise<{ model: NamedTensor[]; optimizer: NamedTensor[] }> {
  const json = JSON.parse(await fs.readFile(path.join(dir, "model.json"), "utf8")) as {
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(await fs.readFile(path.join(dir, p)));
    specs.push(...group.weights);
  }
  const joined = Buffer.concat(buffers);
  const data = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  const named = tf.io.decodeWeights(data, specs);
  const model: NamedTensor[] = [];
  const optimizer: NamedTensor[] = [];
  for (const s of specs) (s.group === "optimizer" ? optimizer : model).push({ name: s.name, tensor: named[s.name] });
  return { model, optimizer };
}

