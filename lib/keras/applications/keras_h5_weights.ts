/**
 * Loads Keras's legacy HDF5 weight files (`model.save_weights("x.h5")`, the files Keras ships
 * for keras.applications) into a tfjs model, the way Keras's
 * `legacy_h5_format.load_weights_from_hdf5_group` does: the root attribute `layer_names` lists
 * the layers in order, each layer group's `weight_names` attribute lists its datasets, and the
 * layers that hold weights are matched by position (not by name), with the weights of each in
 * Keras's order (kernel, bias; gamma, beta, moving_mean, moving_variance), which is tfjs's order too.
 */
import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";

type H5wasm = typeof import("h5wasm/node", { with: { "resolution-mode": "import" } });
type H5Group = import("h5wasm/node", { with: { "resolution-mode": "import" } }).Group;

let h5wasmModule: H5wasm | null = null;

/**
 * h5wasm is ESM-only and starts asynchronously; the application constructors are synchronous
 * like Keras's, so the kernel awaits this once at start-up and the constructors use it.
 */
export async function loadH5wasm(): Promise<void> {
  if (h5wasmModule !== null) return;
  const mod = (await import("h5wasm/node")) as H5wasm;
  await mod.ready;
  h5wasmModule = mod;
}

export function h5wasmLoaded(): boolean {
  return h5wasmModule !== null;
}

function requireH5wasm(): H5wasm {
  if (h5wasmModule === null) {
    throw new Error(
      "Reading Keras .h5 weight files needs h5wasm, which loads asynchronously: run " +
        "`await keras.applications.loadH5wasm()` once first (the tslab-keras kernel does this at start-up).",
    );
  }
  return h5wasmModule;
}

/** One layer's saved weights, in the file's order. */
export interface SavedLayerWeights {
  layerName: string;
  weightNames: string[];
  values: Array<{ shape: number[]; data: Float32Array }>;
}

/**
 * Reads every layer that has weights, in `layer_names` order. Accepts a weights-only file and a
 * whole-model `.h5` (weights under `model_weights`), as Keras's `load_weights` does.
 */
export function readKerasH5Weights(filePath: string): SavedLayerWeights[] {
  const h5 = requireH5wasm();
  if (!fs.existsSync(filePath)) throw new Error(`Keras weights file not found: ${filePath}`);
  if (!hasHdf5Signature(filePath)) {
    throw new Error(`${filePath} is not an HDF5 file (no HDF5 signature); Keras weight files are HDF5 (.h5).`);
  }
  let file: InstanceType<H5wasm["File"]>;
  try {
    file = new h5.File(filePath, "r");
  } catch (err) {
    throw new Error(`Could not open ${filePath} as an HDF5 file: ${(err as Error).message}`);
  }
  // h5wasm reports a failed open through a negative id rather than an exception.
  if (file.file_id < 0n) throw new Error(`Could not open ${filePath} as an HDF5 file (corrupt or truncated).`);
  try {
    let root: H5Group = file;
    if (!hasStringList(root, "layer_names")) {
      const modelWeights = file.get("model_weights");
      if (modelWeights instanceof h5.Group && hasStringList(modelWeights, "layer_names")) root = modelWeights;
      else {
        throw new Error(
          `${filePath} is not a Keras HDF5 weights file: it has no "layer_names" attribute ` +
            `(expected the layout of Keras's save_weights("*.h5"), as in the keras.applications weight files; ` +
            `Keras 3 ".weights.h5" files are a different format).`,
        );
      }
    }
    const layers: SavedLayerWeights[] = [];
    for (const layerName of readStringList(root, "layer_names")) {
      const group = root.get(layerName);
      if (!(group instanceof h5.Group)) {
        throw new Error(`${filePath}: "layer_names" lists ${layerName}, but the file has no group of that name.`);
      }
      const weightNames = readStringList(group, "weight_names");
      if (weightNames.length === 0) continue;
      const values = weightNames.map((weightName) => {
        const dataset = group.get(weightName);
        if (!(dataset instanceof h5.Dataset)) {
          throw new Error(`${filePath}: layer ${layerName} lists weight ${weightName}, but there is no such dataset.`);
        }
        const raw = dataset.value;
        if (!ArrayBuffer.isView(raw) || raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
          throw new Error(`${filePath}: weight ${layerName}/${weightName} is not a numeric array (dtype ${String(dataset.dtype)}).`);
        }
        const data = raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
        return { shape: [...(dataset.shape ?? [])], data };
      });
      layers.push({ layerName, weightNames, values });
    }
    return layers;
  } finally {
    file.close();
  }
}

/** Keras's by-position loading into `model`, with Keras's count and shape checks. */
export function loadKerasH5Weights(model: tf.LayersModel, filePath: string): void {
  let saved = readKerasH5Weights(filePath);
  const layersWithWeights = model.layers.filter((layer) => layer.weights.length > 0);
  if (saved.length === layersWithWeights.length) {
    // When the file names every layer of the model (Keras's explicitly named applications), pair
    // by name: the same pairing as Keras's by-position load when the orders agree, and still
    // right if a graph's topological order ever differs between Keras and tfjs.
    const byName = new Map(saved.map((entry) => [entry.layerName, entry]));
    if (byName.size === saved.length && layersWithWeights.every((layer) => byName.has(layer.name))) {
      saved = layersWithWeights.map((layer) => byName.get(layer.name)!);
    }
  }
  if (saved.length !== layersWithWeights.length) {
    throw new Error(
      `Layer count mismatch when loading weights from ${filePath}: model ${model.name} expected ` +
        `${layersWithWeights.length} layers with weights, found ${saved.length} saved layers.`,
    );
  }
  // Check everything before assigning anything, so a bad file leaves the model as it was.
  layersWithWeights.forEach((layer, k) => {
    const entry = saved[k]!;
    if (entry.values.length !== layer.weights.length) {
      throw new Error(
        `Weight count mismatch for layer #${k} (named ${layer.name} in the current model, ${entry.layerName} ` +
          `in ${filePath}): the layer expects ${layer.weights.length} weight(s), the file has ${entry.values.length}.`,
      );
    }
    layer.weights.forEach((variable, i) => {
      const got = entry.values[i]!.shape;
      const want = variable.shape;
      if (got.length !== want.length || got.some((d, j) => d !== want[j])) {
        throw new Error(
          `Shape mismatch in layer #${k} (named ${layer.name}) for weight ${variable.name}: the weight expects ` +
            `shape [${want.join(", ")}], ${filePath} has ${entry.layerName}/${entry.weightNames[i]} with shape [${got.join(", ")}].`,
        );
      }
    });
  });
  layersWithWeights.forEach((layer, k) => {
    const tensors = saved[k]!.values.map((v) => tf.tensor(v.data, v.shape, "float32"));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  });
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The HDF5 superblock signature sits at byte 0 or after a user block of 512, 1024, 2048, ... bytes. */
function hasHdf5Signature(filePath: string): boolean {
  const fd = fs.openSync(filePath, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      fs.readSync(fd, buf, 0, 8, offset);
      if (buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

function hasStringList(group: H5Group, name: string): boolean {
  const attrs = group.attrs;
  return name in attrs || `${name}0` in attrs;
}

/** Keras's `load_attributes_from_hdf5_group`: one attribute, or chunks `name0`, `name1`, ... when large. */
function readStringList(group: H5Group, name: string): string[] {
  const attrs = group.attrs;
  if (name in attrs) return toStrings(attrs[name]!.value);
  const out: string[] = [];
  for (let chunk = 0; `${name}${chunk}` in attrs; chunk++) out.push(...toStrings(attrs[`${name}${chunk}`]!.value));
  return out;
}

function toStrings(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return items.map((item) => (item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item)).replace(/\0+$/, ""));
}
