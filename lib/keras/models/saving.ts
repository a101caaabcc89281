/**
 * Saving and loading in tfjs's layers format on disk (a folder with `model.json` and
 * `weights.bin`), written atomically, without tfjs-node: an IOHandler for plain paths, used by
 * `model.save(path)`, `keras.models.loadModel(path)`, and Keras's `saveWeights`/`loadWeights`.
 * Other tfjs URLs (`indexeddb://`, `http://`, IOHandlers) go to tfjs unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../../files/write_file_atomic.js";
import { joinWeightData, modelJsonOf, WEIGHTS_FILE } from "./model_folder.js";

const MODEL_FILE = "model.json";
const WEIGHTS_MANIFEST = "weights.json";

/** A plain path or a `file://` URL; anything else (other schemes, IOHandlers) is tfjs's. */
export function localPathOf(target: unknown): string | undefined {
  if (typeof target !== "string") return undefined;
  if (target.startsWith("file://")) return target.slice("file://".length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return undefined;
  return target;
}


function readJson(file: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`${what}: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what}: ${file} is not valid JSON (${(err as Error).message}); the file is corrupt or not a tfjs model`);
  }
}

function readWeights(dir: string, specs: tf.io.WeightsManifestEntry[], what: string): ArrayBuffer {
  const file = path.join(dir, WEIGHTS_FILE);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${what}: cannot read ${file}: ${(err as Error).message}`);
  }
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === "float32" || s.dtype === "int32" ? 4 : 1), 0);
  if (bytes.byteLength !== expected) {
    throw new Error(`${what}: ${file} holds ${bytes.byteLength} bytes but the model's weights need ${expected}; the file is truncated or belongs to another model`);
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** An IOHandler that saves a model into folder `dir` (model.json + weights.bin) atomically and loads it back. */
export function folderHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = joinWeightData(artifacts.weightData);
      const modelJson = modelJsonOf(artifacts);
      // Weights first: model.json appears (atomically) only once the weights it names are in place.
      writeFileAtomic(path.join(dir, WEIGHTS_FILE), weights);
      writeFileAtomic(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const what = "loadModel";
      const json = readJson(path.join(dir, MODEL_FILE), what);
      if (json === null || typeof json !== "object" || json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${what}: ${path.join(dir, MODEL_FILE)} is not a tfjs layers model (no modelTopology/weightsManifest)`);
      }
      const specs: tf.io.WeightsManifestEntry[] = json.weightsManifest.flatMap((g: any) => g.weights);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs,
        weightData: readWeights(dir, specs, what),
      };
    },
  };
}

/** Keras's `model.save_weights(path)`: the weights alone, in folder `dir` (weights.json + weights.bin). */
export async function saveWeights(model: tf.LayersModel, dir: string): Promise<void> {
  const named = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const { data, specs } = await tf.io.encodeWeights(named);
  writeFileAtomic(path.join(dir, WEIGHTS_FILE), new Uint8Array(data));
  writeFileAtomic(path.join(dir, WEIGHTS_MANIFEST), JSON.stringify({ format: "tslab-keras-weights", weights: specs }));
}

/** Keras's `model.load_weights(path)`: matches weights by name and checks every shape. */
export function loadWeights(model: tf.LayersModel, dir: string): void {
  const what = "loadWeights";
  const manifest = readJson(path.join(dir, WEIGHTS_MANIFEST), what);
  const specs: tf.io.WeightsManifestEntry[] = manifest?.weights;
  if (!Array.isArray(specs)) throw new Error(`${what}: ${path.join(dir, WEIGHTS_MANIFEST)} has no weights list`);
  const tensors = tf.io.decodeWeights(readWeights(dir, specs, what), specs);
  try {
    // Matched by position (Keras's load_weights follows the model's structure, not layer names,
    // so a rebuilt model with fresh automatic names loads), with every shape checked.
    if (specs.length !== model.weights.length) {
      throw new Error(`${what}: the file holds ${specs.length} weights but the model has ${model.weights.length}`);
    }
    const values = model.weights.map((w, i) => {
      const t = tensors[specs[i].name];
      if (!tf.util.arraysEqual(t.shape, w.shape as number[])) {
        throw new Error(`${what}: weight ${i} (${w.originalName}) has shape [${w.shape}] in the model but [${t.shape}] in the file (${specs[i].name})`);
      }
      return t;
    });
    model.setWeights(values);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** `keras.models.loadModel(path)`: a model saved by `model.save(path)` (or any tfjs URL/IOHandler). */
export async function loadModel(pathOrHandler: string | tf.io.IOHandler): Promise<tf.LayersModel> {
  const local = localPathOf(pathOrHandler);
  if (local !== undefined) {
    if (!fs.existsSync(path.join(local, MODEL_FILE))) {
      throw new Error(`loadModel: ${path.join(local, MODEL_FILE)} does not exist; pass the folder that model.save() wrote`);
    }
    return tf.loadLayersModel(folderHandler(local));
  }
  return tf.loadLayersModel(pathOrHandler as tf.io.IOHandler);
}

/** `keras.models.modelFromJSON(json)`: a model (fresh weights) from `model.toJSON()`'s text or object. */
export async function modelFromJSON(json: string | object): Promise<tf.LayersModel> {
  let parsed: any = json;
  if (typeof json === "string") {
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new TypeError(`modelFromJSON: \`json\` is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (parsed === null || typeof parsed !== "object") throw new TypeError("modelFromJSON: `json` must be model.toJSON()'s string or object");
  const topology = parsed.modelTopology ?? parsed;
  return tf.models.modelFromJSON({ modelTopology: topology } as any);
}
