/**
 * `keras.models.saveKerasH5` / `loadKerasH5`: a whole model in Keras 2's HDF5 format — the file
 * `model.save("model.h5")` writes and `keras.models.load_model("model.h5")` reads (Keras's
 * `saving/legacy/hdf5_format.py`): root attributes `model_config` (the architecture JSON),
 * `training_config` (loss, metrics, optimizer), `keras_version`, `backend`; and a group
 * `model_weights` with `layer_names`, one group per layer with `weight_names`, and each weight
 * as a dataset at `model_weights/<layer>/<weight name>:0`. This is how a model trained here is
 * handed to Python Keras (e.g. to train on with a tf.distribute strategy), and back.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { optimizerConfigToKeras, optimizerConfigToTfjs, stripKerasWrappers, type Json } from "./keras_config.js";
import { lossFromIdentifiers } from "./training_config.js";

type H5wasm = typeof import("h5wasm/node", { with: { "resolution-mode": "import" } });
type H5Group = import("h5wasm/node", { with: { "resolution-mode": "import" } }).Group;

/**
 * Keras reads `keras_version` to decide whether to convert Keras-1 weights; the layout written
 * here is Keras 2's, so it declares a Keras 2 version. Our own version goes in `tslab_keras_version`.
 */
const declaredKerasVersion = "2.15.0";

let h5wasmPromise: Promise<H5wasm> | undefined;
function loadH5wasm(): Promise<H5wasm> {
  h5wasmPromise ??= (async () => {
    const mod = (await import("h5wasm/node")) as H5wasm;
    await mod.ready;
    return mod;
  })();
  return h5wasmPromise;
}

export interface SaveKerasH5Options {
  /** Write `training_config` (default true when the model is compiled), as Keras's `include_optimizer`. */
  includeOptimizer?: boolean;
}

/** Writes `model` as a Keras 2 `.h5` file, atomically (temp file beside it, fsync, rename). */
export async function saveKerasH5(model: tf.LayersModel, filePath: string, options: SaveKerasH5Options = {}): Promise<void> {
  if (!(model instanceof tf.LayersModel)) throw new Error("saveKerasH5: model must be a tf.LayersModel (a keras.Sequential or keras.Model)");
  if (typeof filePath !== "string" || filePath === "") throw new Error(`saveKerasH5: path must be a file path, got ${JSON.stringify(filePath)}`);
  const h5 = await loadH5wasm();
  const target = path.resolve(filePath);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const topology = model.toJSON(null, false) as unknown as { class_name: string; config: Json };
  const file = new h5.File(tmp, "w");
  try {
    file.create_attribute("keras_version", declaredKerasVersion);
    file.create_attribute("tslab_keras_version", `tslab-keras with tfjs-layers ${tf.version_layers}`);
    file.create_attribute("backend", "tensorflow");
    file.create_attribute("model_config", JSON.stringify({ class_name: topology.class_name, config: topology.config }));
    const compiled = (model as unknown as { optimizer?: tf.Optimizer }).optimizer != null && model.loss != null;
    if (compiled && options.includeOptimizer !== false) file.create_attribute("training_config", JSON.stringify(trainingConfig(model)));
    const weightsGroup = file.create_group("model_weights");
    const layerNames = model.layers.map((l) => l.name);
    setStringList(weightsGroup, "layer_names", layerNames);
    weightsGroup.create_attribute("backend", "tensorflow");
    weightsGroup.create_attribute("keras_version", declaredKerasVersion);
    for (const layer of model.layers) {
      const layerGroup = weightsGroup.create_group(layer.name);
      const names: string[] = [];
      for (const weight of layer.weights) {
        const name = kerasWeightName(layer.name, weight.originalName ?? weight.name);
        names.push(name);
        // "dense/kernel:0" is stored as group "dense" holding dataset "kernel:0", as h5py does for a path.
        const parts = name.split("/");
        let g: H5Group = layerGroup;
        for (const part of parts.slice(0, -1)) g = (g.get(part) as H5Group | null) ?? g.create_group(part);
        const value = weight.read();
        g.create_dataset({ name: parts.at(-1)!, data: value.dataSync() as Float32Array, shape: value.shape, dtype: "<f" });
      }
      setStringList(layerGroup, "weight_names", names);
    }
  } catch (e) {
    file.close();
    fs.rmSync(tmp, { force: true });
    throw new Error(`saveKerasH5: writing ${filePath} failed: ${(e as Error).message}`);
  }
  file.close();
  const fd = fs.openSync(tmp, "r+");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
}

export interface LoadKerasH5Options {
  /** Compile with the saved `training_config` (default true), as Keras's `load_model(compile=True)`. */
  compile?: boolean;
}

/** Reads a Keras 2 `.h5` model (ours, or one saved by Python Keras) into a tfjs LayersModel. */
export async function loadKerasH5(filePath: string, options: LoadKerasH5Options = {}): Promise<tf.LayersModel> {
  if (typeof filePath !== "string" || filePath === "") throw new Error(`loadKerasH5: path must be a file path, got ${JSON.stringify(filePath)}`);
  if (!fs.existsSync(filePath)) throw new Error(`loadKerasH5: file not found: ${filePath}`);
  const signature = Buffer.alloc(8);
  const fd = fs.openSync(filePath, "r");
  fs.readSync(fd, signature, 0, 8, 0);
  fs.closeSync(fd);
  if (!signature.equals(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new Error(`loadKerasH5: ${filePath} is not an HDF5 file (no HDF5 signature)`);
  }
  const h5 = await loadH5wasm();
  const file = new h5.File(filePath, "r");
  if (file.file_id < 0n) throw new Error(`loadKerasH5: could not open ${filePath} as HDF5 (corrupt or truncated)`);
  try {
    const configText = readString(file, "model_config");
    if (configText === undefined) {
      throw new Error(`loadKerasH5: ${filePath} has no model_config attribute: it holds weights only (Keras's save_weights); build the model in code and load the weights into it`);
    }
    let config: { class_name: string; config: Json };
    try {
      config = JSON.parse(configText);
    } catch (e) {
      throw new Error(`loadKerasH5: ${filePath}: model_config is not valid JSON: ${(e as Error).message}`);
    }
    let model: tf.LayersModel;
    try {
      model = await tf.models.modelFromJSON({ modelTopology: stripKerasWrappers(config as unknown as Json) as unknown as tf.io.ModelJSON["modelTopology"] } as tf.io.ModelJSON);
    } catch (e) {
      throw new Error(`loadKerasH5: ${filePath}: tfjs cannot build this architecture (${config.class_name}): ${(e as Error).message}`);
    }
    const weightsRoot = file.get("model_weights");
    if (!(weightsRoot instanceof h5.Group)) throw new Error(`loadKerasH5: ${filePath} has no model_weights group`);
    loadWeights(h5, weightsRoot, model, filePath);
    const training = readString(file, "training_config");
    if (training !== undefined && options.compile !== false) compileFromTrainingConfig(model, JSON.parse(training));
    return model;
  } finally {
    file.close();
  }
}

function loadWeights(h5: H5wasm, root: H5Group, model: tf.LayersModel, filePath: string): void {
  const layerNames = readStringList(root, "layer_names");
  if (layerNames === undefined) throw new Error(`loadKerasH5: ${filePath}: model_weights has no layer_names attribute`);
  // Keras's legacy loader matches layers that have weights by position; names match too in
  // a file of the same architecture, and a name mismatch is reported instead of silently mixed.
  const saved = layerNames
    .map((name) => {
      const group = root.get(name);
      if (!(group instanceof h5.Group)) throw new Error(`loadKerasH5: ${filePath}: model_weights/${name} is missing`);
      const weightNames = readStringList(group, "weight_names") ?? [];
      const values = weightNames.map((w) => {
        const ds = group.get(w);
        if (!(ds instanceof h5.Dataset)) throw new Error(`loadKerasH5: ${filePath}: dataset model_weights/${name}/${w} is missing`);
        return tf.tensor(Float32Array.from(ds.value as ArrayLike<number>), ds.shape ?? []);
      });
      return { name, values };
    })
    .filter((l) => l.values.length > 0);
  const layers = model.layers.filter((l) => l.weights.length > 0);
  try {
    if (saved.length !== layers.length) {
      throw new Error(`loadKerasH5: ${filePath} holds weights for ${saved.length} layers but the model has ${layers.length} layers with weights`);
    }
    layers.forEach((layer, i) => {
      const s = saved[i];
      if (s.values.length !== layer.weights.length) {
        throw new Error(`loadKerasH5: layer '${layer.name}' has ${layer.weights.length} weights but the file holds ${s.values.length} for '${s.name}'`);
      }
      layer.weights.forEach((w, j) => {
        if (!tf.util.arraysEqual(w.shape as number[], s.values[j].shape)) {
          throw new Error(`loadKerasH5: layer '${layer.name}' weight ${j} (${w.originalName}) has shape [${w.shape}] but the file holds [${s.values[j].shape}]`);
        }
      });
      layer.setWeights(s.values);
    });
  } finally {
    for (const s of saved) for (const t of s.values) t.dispose();
  }
}

function trainingConfig(model: tf.LayersModel): Record<string, unknown> {
  const base = (model as unknown as { getTrainingConfig(): { loss: unknown; metrics: unknown; loss_weights?: unknown; optimizer_config: { class_name: string; config: Record<string, unknown> } } }).getTrainingConfig();
  return {
    // Keras's identifiers as compile recorded them (training_config.ts); tfjs's names otherwise.
    loss: hasLoss(base.loss) ? base.loss : lossIdentifier(model.loss),
    metrics: base.metrics ?? null,
    weighted_metrics: null,
    loss_weights: base.loss_weights ?? null,
    sample_weight_mode: null,
    optimizer_config: optimizerConfigToKeras(base.optimizer_config.class_name, base.optimizer_config.config),
  };
}

const hasLoss = (saved: unknown) => saved !== undefined && saved !== null && !(typeof saved === "object" && !Array.isArray(saved) && Object.keys(saved).length === 0);

/**
 * Keras's name of a loss: a tfjs string ("binaryCrossentropy" → "binary_crossentropy"), a
 * keras-namespace loss function (its `kerasName`), per output as a list or an object.
 */
function lossIdentifier(loss: unknown): unknown {
  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (typeof loss === "string") return snake(loss);
  if (typeof loss === "function") {
    const named = loss as { kerasName?: unknown; name?: string };
    return typeof named.kerasName === "string" ? named.kerasName : named.name ? snake(named.name) : undefined;
  }
  if (Array.isArray(loss)) return loss.map(lossIdentifier);
  if (loss !== null && typeof loss === "object") return Object.fromEntries(Object.entries(loss).map(([k, v]) => [k, lossIdentifier(v)]));
  return undefined;
}

function compileFromTrainingConfig(model: tf.LayersModel, config: { loss?: unknown; metrics?: unknown; loss_weights?: unknown; optimizer_config?: { class_name?: string; config?: Record<string, unknown> } }): void {
  const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const rebuilt = lossFromIdentifiers(config.loss);
  if ("missing" in rebuilt || !config.optimizer_config) {
    console.warn(`loadKerasH5: training_config has a loss or optimizer tfjs cannot rebuild${"missing" in rebuilt ? ` (${rebuilt.missing})` : ""}; the model is returned uncompiled — call model.compile()`);
    return;
  }
  const { className, config: optConfig } = optimizerConfigToTfjs(config.optimizer_config);
  let optimizer: tf.Optimizer;
  try {
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className];
    optimizer = fromConfig(cls, optConfig as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  } catch {
    console.warn(`loadKerasH5: optimizer ${config.optimizer_config.class_name} is not available in tfjs; the model is returned uncompiled — call model.compile()`);
    return;
  }
  const rawMetrics = Array.isArray(config.metrics) ? config.metrics.filter((m): m is string => typeof m === "string") : [];
  // tfjs's own compile takes camelCase names; the keras namespace's compile takes Keras's
  // snake_case ones. Try Keras's spelling first, then tfjs's.
  const camelNames = (l: unknown): unknown =>
    typeof l === "string" ? camel(l) : Array.isArray(l) ? l.map(camelNames) : l !== null && typeof l === "object" ? Object.fromEntries(Object.entries(l).map(([k, v]) => [k, camelNames(v)])) : l;
  const loss = rebuilt.loss as Parameters<tf.LayersModel["compile"]>[0]["loss"];
  // Keras's `loss_weights`, which our compile takes as `lossWeights` (tfjs's own compile ignores it).
  const weights = config.loss_weights == null ? {} : { lossWeights: config.loss_weights };
  try {
    model.compile({ optimizer, loss, metrics: rawMetrics.map((m) => (m === "acc" ? "accuracy" : m)), ...weights } as Parameters<tf.LayersModel["compile"]>[0]);
  } catch {
    model.compile({ optimizer, loss: camelNames(loss) as typeof loss, metrics: rawMetrics.map((m) => (m === "acc" ? "accuracy" : camel(m))), ...weights } as Parameters<tf.LayersModel["compile"]>[0]);
  }
}

/** Keras names a weight `<layer>/<weight>:0`; tfjs's originalName is `<layer>/<weight>` (or nested for wrappers). */
function kerasWeightName(layerName: string, tfjsName: string): string {
  let name = tfjsName.includes("/") ? tfjsName : `${layerName}/${tfjsName}`;
  if (!/:\d+$/.test(name)) name += ":0";
  return name;
}

function setStringList(group: H5Group, name: string, values: string[]): void {
  // HDF5 cannot hold an empty string array attribute portably; Keras writes an empty float array.
  if (values.length === 0) group.create_attribute(name, new Float64Array(0), [0], "<d");
  else group.create_attribute(name, values, [values.length]);
}

function readString(group: H5Group, name: string): string | undefined {
  if (!group.attrs[name]) return undefined;
  const v = group.get_attribute(name, true) as unknown;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && typeof v[0] === "string") return v[0];
  return undefined;
}

function readStringList(group: H5Group, name: string): string[] | undefined {
  if (!group.attrs[name]) return undefined;
  const v = group.get_attribute(name, true) as unknown;
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.map((x) => String(x));
  return [];
}
