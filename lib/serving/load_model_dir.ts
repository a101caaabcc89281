import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

/**
 * Loads a tfjs Layers model saved as `model.json` + weight shards in one folder. The pure-JS tfjs
 * package registers no `file://` handler in Node, so the shards are read and concatenated here
 * in manifest order, which is the order `weightSpecs` describes them.
 */
export async function loadModelDir(dir: string): Promise<tf.LayersModel> {
  const jsonPath = path.join(dir, "model.json");
  let artifacts: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    artifacts = JSON.parse(await fs.readFile(jsonPath, "utf8"));
  } catch (e) {
    throw new Error(`cannot read model ${jsonPath}: ${(e as Error).message}`);
  }
  if (artifacts.modelTopology == null) throw new Error(`${jsonPath} has no modelTopology: not a tfjs Layers model`);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of artifacts.weightsManifest ?? []) {
    for (const p of group.paths) buffers.push(await fs.readFile(path.join(dir, p)));
    weightSpecs.push(...group.weights);
  }
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: artifacts.modelTopology as tf.io.ModelJSON["modelTopology"], weightSpecs, weightData }),
  );
}

/** True when `dir/model.json` exists and every weight shard it names is present (a complete export). */
export async function isCompleteModelDir(dir: string): Promise<boolean> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(dir, "model.json"), "utf8"));
    for (const group of json.weightsManifest ?? []) {
      for (const p of group.paths) await fs.access(path.join(dir, p));
    }
    return true;
  } catch {
    return false;
  }
}
