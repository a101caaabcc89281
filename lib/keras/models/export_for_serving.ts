/**
 * `keras.models.exportForServing(model, basePath, { version })`: writes `model` as one version of
 * a TF-Serving model base path, the layout `serve(basePath)` and `tslab-keras serve` load
 * (lib/serving) and Experiment exports:
 *
 *     <basePath>/<version>/model.json    tfjs Layers model (topology + weightsManifest)
 *     <basePath>/<version>/weights.bin   its weights, one shard (model_folder.ts's format)
 *
 * The version folder appears whole or not at all: the files are written (and fsynced) into a
 * temporary folder inside `basePath` whose name starts with "." (never a number, so a server
 * polling the base path ignores it), which is then renamed into place with one `renameSync`. A
 * failure part-way removes the temporary folder and leaves no version folder. An existing version
 * is never replaced: exporting it again is refused, naming the folder. Optimizer state is left
 * out (a server does not train).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { fsyncFolder, writeFileAtomic } from "../../files/write_file_atomic.js";
import { joinWeightData, MODEL_JSON, modelJsonOf, WEIGHTS_FILE } from "./model_folder.js";

export interface ExportForServingOptions {
  /** A positive integer; default: one more than the highest numbered folder in `basePath`, or 1. */
  version?: number;
}

/** What `exportForServing` wrote: the version number and the folder that now holds it. */
export interface ExportedVersion {
  version: number;
  path: string;
}

const WHAT = "exportForServing";

/** The numbered version folders under `basePath` (none when it does not exist yet). */
function existingVersions(basePath: string): number[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(basePath, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`${WHAT}: cannot list basePath ${basePath}: ${(e as Error).message}`);
  }
  return entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => Number(e.name));
}

/**
 * Exports `model` into `basePath/<version>/` for serving and returns `{ version, path }` (the
 * version written and its folder). `basePath` is created when missing.
 */
export async function exportForServing(model: tf.LayersModel, basePath: string, options: ExportForServingOptions = {}): Promise<ExportedVersion> {
  if (!(model instanceof tf.LayersModel)) {
    throw new TypeError(`${WHAT}: \`model\` must be a Keras model (keras.Sequential, keras.Model or any tf.LayersModel); got ${describe(model)}`);
  }
  if (typeof basePath !== "string" || basePath === "") {
    throw new TypeError(`${WHAT}: \`basePath\` must be the path of the model base folder (a non-empty string); got ${describe(basePath)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError(`${WHAT}: \`options\` must be an object like { version: 1 }; got ${describe(options)}`);
  const unknown = Object.keys(options).filter((k) => k !== "version");
  if (unknown.length > 0) throw new TypeError(`${WHAT}: unknown option(s) ${unknown.map((k) => `\`${k}\``).join(", ")}; the only option is \`version\``);
  const asked = options.version;
  if (asked !== undefined && !(typeof asked === "number" && Number.isSafeInteger(asked) && asked >= 1)) {
    throw new RangeError(`${WHAT}: \`version\` must be a positive integer (1, 2, ...); got ${describe(asked)}`);
  }

  const base = path.resolve(basePath);
  if (fs.existsSync(base) && !fs.statSync(base).isDirectory()) throw new Error(`${WHAT}: basePath ${base} exists and is not a folder`);
  const version = asked ?? Math.max(0, ...existingVersions(base)) + 1;
  const dir = path.join(base, String(version));
  const refuse = () => new Error(`${WHAT}: version ${version} already exists at ${dir}; export a new version (omit \`version\` to take the next one) or remove that folder first`);
  if (fs.existsSync(dir)) throw refuse();

  fs.mkdirSync(base, { recursive: true });
  const tmp = path.join(base, `.export-${version}-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  fs.mkdirSync(tmp);
  try {
    const handler: tf.io.IOHandler = {
      save: async (artifacts) => {
        const weights = joinWeightData(artifacts.weightData);
        // Weights first: model.json names them, so it is written last.
        writeFileAtomic(path.join(tmp, WEIGHTS_FILE), weights);
        writeFileAtomic(path.join(tmp, MODEL_JSON), JSON.stringify(modelJsonOf(artifacts)));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      },
    };
    await model.save(handler, { includeOptimizer: false });
    fsyncFolder(tmp);
    // Checked again: another export may have taken the version while this one was writing, and
    // rename would silently replace an empty folder.
    if (fs.existsSync(dir)) throw refuse();
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  fsyncFolder(base);
  return { version, path: dir };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "no class"})`;
  return typeof v;
}
