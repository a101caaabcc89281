/** Shared by the keras.applications tests: Keras-layout .h5 files written by Debian's python3-h5py. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { repoRoot } from "../../../helpers/paths.js";

const SCRIPT = path.join(repoRoot, "test", "fixtures", "keras_applications", "write_keras_h5_weights.py");

export interface ManifestEntry {
  layer: string;
  weight: string;
  shape: number[];
  sum: number;
  first: number;
}

/** Writes `mode` (see the script's docstring) to `outPath`; returns the script's manifest of what it wrote. */
export function writeKerasH5(mode: string, outPath: string): ManifestEntry[] {
  try {
    execFileSync("/usr/bin/python3", [SCRIPT, mode, outPath], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`writing the ${mode} fixture needs /usr/bin/python3 with Debian's python3-h5py: ${stderr || (err as Error).message}`);
  }
  return JSON.parse(fs.readFileSync(`${outPath}.json`, "utf8")) as ManifestEntry[];
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tslab-keras-${prefix}-`));
}

/** Checks every weight of `layers` (in the manifest's order) against what the Python script wrote. */
export function assertWeightsMatch(layers: tf.layers.Layer[], manifest: ManifestEntry[]): number {
  const variables = layers.flatMap((layer) => layer.weights);
  if (variables.length !== manifest.length) throw new Error(`expected ${manifest.length} weights, the layers have ${variables.length}`);
  variables.forEach((variable, i) => {
    const want = manifest[i]!;
    const data = variable.read().dataSync();
    let sum = 0;
    for (let j = 0; j < data.length; j++) sum += data[j]!;
    if (variable.shape.join(",") !== want.shape.join(",")) throw new Error(`${variable.name}: shape ${variable.shape} != ${want.shape}`);
    if (Math.abs(data[0]! - want.first) > 1e-7) throw new Error(`${variable.name}: first value ${data[0]} != ${want.first} (${want.weight})`);
    if (Math.abs(sum - want.sum) > 1e-3 + 1e-5 * Math.abs(want.sum)) throw new Error(`${variable.name}: sum ${sum} != ${want.sum} (${want.weight})`);
  });
  return variables.length;
}
