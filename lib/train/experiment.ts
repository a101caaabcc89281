import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { removeTempLeftovers, writeFileAtomic } from "./atomic_files.js";
import { readSavedWeights, saveModelDir } from "./model_files.js";

type Batch = { xs: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor }; ys?: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor } };
/** An input function: each call returns a fresh dataset of `{ xs, ys }` batches (pandasInputFn's). */
export type ExperimentInputFn = () => tf.data.Dataset<tf.TensorContainer>;

export interface ExperimentOptions {
  trainInputFn: ExperimentInputFn;
  evalInputFn: ExperimentInputFn;
  /** Global step to train up to (TF `max_steps`); undefined: until the train input runs out. */
  trainSteps?: number;
  /** Batches per evaluation, default 100; `null`: until the eval input runs out. */
  evalSteps?: number | null;
  /** trainAndEvaluate evaluates every this many steps (after a checkpoint), as TF's ValidationMonitor. */
  minEvalFrequency?: number;
  /** Folder of checkpoints, eval metrics and exports. Required. */
  modelDir: string;
  /** Export the model to `modelDir/export/<version>/` whenever an evaluation is the best so far. */
  exportBest?: boolean;
  /** Metric deciding "best" (lower is better unless it is an accuracy), default "loss". */
  bestMetric?: string;
  /** Steps between checkpoints while training, default minEvalFrequency ?? 1000. */
  saveCheckpointsSteps?: number;
  /** Checkpoints kept (TF Saver's max_to_keep), default 5. */
  keepCheckpointMax?: number;
}

/** `modelDir/checkpoint`: which checkpoint is the latest (TF's CheckpointState, as JSON). */
export interface CheckpointState {
  modelCheckpointPath: string;
  allModelCheckpointPaths: string[];
  globalStep: number;
}

export interface EvalResult {
  globalStep: number;
  checkpoint: string | null;
  metrics: { [name: string]: number };
}

/**
 * `tf.contrib.learn.Experiment` for a compiled `tf.LayersModel`. Steps are counted globally
 * across calls and processes: `train()` trains until the global step reaches `trainSteps`
 * (nothing when it already has), checkpointing to `modelDir` every `saveCheckpointsSteps` and at
 * the end; `evaluate()` evaluates the latest checkpoint on `evalSteps` batches and keeps the
 * metrics as `modelDir/eval/ckpt-<step>.json`; `trainAndEvaluate()` evaluates every
 * `minEvalFrequency` steps while training and once at the end. A new Experiment on the same
 * modelDir (after a kernel restart or a killed process) restores the latest checkpoint's weights,
 * optimizer state and global step before doing anything.
 *
 * Layout of modelDir:
 * - `checkpoint`: JSON CheckpointState naming the latest checkpoint folder.
 * - `ckpt-<step>/model.json`, `ckpt-<step>/weights.bin`: a tfjs Layers model with optimizer
 *   weights, each folder written to a temp folder and renamed.
 * - `eval/ckpt-<step>.json`: `{ globalStep, checkpoint, metrics }`.
 * - `export/<version>/model.json` + `weights.bin` when exportBest: see `exportModel`; the
 *   metric value and version of the best export are kept in `export_best.json`.
 */
export class Experiment {
  readonly model: tf.LayersModel;
  readonly modelDir: string;
  private readonly options: ExperimentOptions;
  private step = 0;
  private restored = false;
  private lastCheckpointStep = -1;
  private lastEvalStep = -1;

  constructor(model: tf.LayersModel, options: ExperimentOptions) {
    if (!(model instanceof tf.LayersModel)) throw new TypeError(`Experiment: model must be a tf.LayersModel, got ${describe(model)}`);
    if (options === null || typeof options !== "object") throw new TypeError("Experiment: options { trainInputFn, evalInputFn, modelDir, ... } are required");
    if (typeof options.trainInputFn !== "function") throw new TypeError("Experiment: trainInputFn must be a function returning a tf.data.Dataset");
    if (typeof options.evalInputFn !== "function") throw new TypeError("Experiment: evalInputFn must be a function returning a tf.data.Dataset");
    if (typeof options.modelDir !== "string" || options.modelDir === "") throw new TypeError("Experiment: modelDir must be a non-empty string (a folder path)");
    positiveInt("trainSteps", options.trainSteps, true);
    if (options.evalSteps !== null) positiveInt("evalSteps", options.evalSteps, true);
    positiveInt("minEvalFrequency", options.minEvalFrequency, true);
    positiveInt("saveCheckpointsSteps", options.saveCheckpointsSteps, true);
    positiveInt("keepCheckpointMax", options.keepCheckpointMax, true);
    if (options.exportBest !== undefined && typeof options.exportBest !== "boolean") throw new TypeError("Experiment: exportBest must be a boolean");
    if (options.bestMetric !== undefined && typeof options.bestMetric !== "string") throw new TypeError("Experiment: bestMetric must be a metric name");
    this.model = model;
    this.modelDir = path.resolve(options.modelDir);
    this.options = options;
  }

  /** The global step: training steps taken in this modelDir, across runs. */
  get globalStep(): number {
    return this.step;
  }

  /** Trains until the global step reaches trainSteps (or the train input runs out). Returns the global step. */
  async train(): Promise<number> {
    await this.restore();
    await this.trainLoop(undefined);
    return this.step;
  }

  /** Evaluates the latest checkpoint (the current model when none was written yet). */
  async evaluate(): Promise<EvalResult> {
    await this.restore();
    return this.evaluateNow();
  }

  /**
   * TF's train_and_evaluate: trains, evaluating every minEvalFrequency steps, then evaluates
   * once more at the end. Returns the final evaluation and, with exportBest, the export folder
   * of the best model so far.
   */
  async trainAndEvaluate(): Promise<{ evalResult: EvalResult; exportDir: string | null }> {
    await this.restore();
    await this.trainLoop(this.options.minEvalFrequency);
    const evalResult = this.lastEvalStep === this.step && this.lastResult ? this.lastResult : await this.evaluateNow();
    return { evalResult, exportDir: this.bestExportDir };
  }

  private lastResult: EvalResult | null = null;
  private bestExportDir: string | null = null;

  private async trainLoop(evalEvery: number | undefined): Promise<void> {
    const { trainSteps } = this.options;
    if (trainSteps !== undefined && this.step >= trainSteps) return;
    if (this.model.optimizer == null) throw new Error("Experiment: the model must be compiled (model.compile({ optimizer, loss, metrics })) before training");
    const saveEvery = this.options.saveCheckpointsSteps ?? evalEvery ?? 1000;
    const iterator = await this.options.trainInputFn().iterator();
    for (;;) {
      if (trainSteps !== undefined && this.step >= trainSteps) break;
      const next = await iterator.next();
      if (next.done) break;
      const batch = next.value as Batch;
      try {
        if (batch.ys === undefined) throw new Error("Experiment: the train input yields no targets (ys); give pandasInputFn a y or a targetColumn");
        await this.model.trainOnBatch(batch.xs, batch.ys);
      } finally {
        tf.dispose(batch as unknown as tf.TensorContainer);
      }
      this.step++;
      const evalDue = evalEvery !== undefined && this.step % evalEvery === 0;
      if (this.step % saveEvery === 0 || evalDue) await this.checkpoint();
      if (evalDue) await this.evaluateNow();
    }
    await this.checkpoint();
  }

  private async evaluateNow(): Promise<EvalResult> {
    const evalSteps = this.options.evalSteps === undefined ? 100 : this.options.evalSteps;
    const names = this.model.metricsNames;
    const sums = new Array<number>(names.length).fill(0);
    let rows = 0;
    let batches = 0;
    const iterator = await this.options.evalInputFn().iterator();
    while (evalSteps === null || batches < evalSteps) {
      const next = await iterator.next();
      if (next.done) break;
      const batch = next.value as Batch;
      try {
        if (batch.ys === undefined) throw new Error("Experiment: the eval input yields no targets (ys)");
        const n = firstTensor(batch.xs).shape[0];
        const out = this.model.evaluate(byName(batch.xs, this.model.inputNames, "input"), byName(batch.ys, this.model.outputNames, "output"), { batchSize: n, verbose: 0 });
        const values = (Array.isArray(out) ? out : [out]).map((t) => t.dataSync()[0]);
        tf.dispose(out);
        values.forEach((v, i) => (sums[i] += v * n));
        rows += n;
        batches++;
      } finally {
        tf.dispose(batch as unknown as tf.TensorContainer);
      }
    }
    if (rows === 0) throw new Error("Experiment: the eval input yielded no batches");
    const metrics: { [name: string]: number } = {};
    names.forEach((name, i) => (metrics[name] = sums[i] / rows));
    const checkpoint = this.lastCheckpointStep === this.step ? `ckpt-${this.step}` : null;
    const result: EvalResult = { globalStep: this.step, checkpoint, metrics };
    const evalDir = path.join(this.modelDir, "eval");
    await fs.mkdir(evalDir, { recursive: true });
    await writeFileAtomic(path.join(evalDir, `ckpt-${this.step}.json`), JSON.stringify(result, null, 2) + "\n");
    this.lastEvalStep = this.step;
    this.lastResult = result;
    if (this.options.exportBest) await this.exportIfBest(result);
    return result;
  }

  private async exportIfBest(result: EvalResult): Promise<void> {
    const metric = this.options.bestMetric ?? "loss";
    const value = result.metrics[metric];
    if (value === undefined) throw new Error(`Experiment: bestMetric '${metric}' is not among the model's metrics: ${Object.keys(result.metrics).join(", ")}`);
    const higherIsBetter = /acc/i.test(metric);
    // Kept outside export/, whose entries a TF-Serving-style loader expects to be versions only.
    const bestFile = path.join(this.modelDir, "export_best.json");
    let best: { value: number; version: number } | null = null;
    try {
      best = JSON.parse(await fs.readFile(bestFile, "utf8"));
    } catch {
      best = null;
    }
    const better = best === null || (higherIsBetter ? value > best.value : value < best.value);
    if (!better) return;
    const dir = await exportModel(this.model, path.join(this.modelDir, "export"), this.step);
    await writeFileAtomic(bestFile, JSON.stringify({ metric, value, version: this.step, globalStep: this.step }) + "\n");
    this.bestExportDir = dir;
  }

  private async checkpoint(): Promise<void> {
    if (this.lastCheckpointStep === this.step) return;
    await fs.mkdir(this.modelDir, { recursive: true });
    const name = `ckpt-${this.step}`;
    try {
      await saveModelDir(this.model, path.join(this.modelDir, name), true);
    } catch {
      // Custom optimizers may not serialize; the weights alone still make a usable checkpoint
      // (a resume then restarts the optimizer's moments).
      await saveModelDir(this.model, path.join(this.modelDir, name), false);
    }
    const previous = await this.readState();
    const keep = this.options.keepCheckpointMax ?? 5;
    const all = [...(previous?.allModelCheckpointPaths ?? []).filter((p) => p !== name), name];
    const dropped = all.splice(0, Math.max(0, all.length - keep));
    const state: CheckpointState = { modelCheckpointPath: name, allModelCheckpointPaths: all, globalStep: this.step };
    // The state file is what makes a checkpoint current, so it is written after the folder.
    await writeFileAtomic(path.join(this.modelDir, "checkpoint"), JSON.stringify(state, null, 2) + "\n");
    for (const d of dropped) await fs.rm(path.join(this.modelDir, d), { recursive: true, force: true });
    this.lastCheckpointStep = this.step;
  }

  private async readState(): Promise<CheckpointState | null> {
    let text: string;
    try {
      text = await fs.readFile(path.join(this.modelDir, "checkpoint"), "utf8");
    } catch {
      return null;
    }
    try {
      return JSON.parse(text) as CheckpointState;
    } catch (e) {
      throw new Error(`Experiment: ${path.join(this.modelDir, "checkpoint")} is not valid JSON: ${(e as Error).message}`);
    }
  }

  private async restore(): Promise<void> {
    if (this.restored) return;
    await removeTempLeftovers(this.modelDir);
    await removeTempLeftovers(path.join(this.modelDir, "export"));
    await removeTempLeftovers(path.join(this.modelDir, "eval"));
    const state = await this.readState();
    if (state) {
      const dir = path.join(this.modelDir, state.modelCheckpointPath);
      const saved = await readSavedWeights(dir);
      const weights = this.model.weights;
      if (saved.model.length !== weights.length) {
        throw new Error(`Experiment: checkpoint ${dir} holds ${saved.model.length} weights but the model has ${weights.length}: not the same architecture`);
      }
      saved.model.forEach((w, i) => {
        if (!tf.util.arraysEqual(w.tensor.shape, weights[i].shape as number[])) {
          throw new Error(`Experiment: checkpoint ${dir} weight '${w.name}' has shape [${w.tensor.shape}] but the model's '${weights[i].name}' is [${weights[i].shape}]`);
        }
      });
      this.model.setWeights(saved.model.map((w) => w.tensor));
      if (saved.optimizer.length > 0 && this.model.optimizer != null) await this.model.optimizer.setWeights(saved.optimizer);
      tf.dispose(saved.model.map((w) => w.tensor));
      this.step = state.globalStep;
      this.lastCheckpointStep = state.globalStep;
    }
    this.restored = true;
  }
}

/**
 * Exports `model` for serving in TF-Serving's numbered-version layout and returns the folder:
 *
 *     <exportBase>/<version>/model.json     tfjs Layers model (topology + weightsManifest)
 *     <exportBase>/<version>/weights.bin    its weights, one shard
 *
 * `version` is a positive integer (Experiment uses the global step, so later exports have higher
 * numbers); a server serves the highest complete version. Each version folder is written to a
 * temp folder and renamed, so a server never sees a half-written version. Optimizer state is
 * left out.
 */
export async function exportModel(model: tf.LayersModel, exportBase: string, version: number): Promise<string> {
  if (!Number.isInteger(version) || version < 0) throw new TypeError(`exportModel: version must be a non-negative integer, got ${String(version)}`);
  const dir = path.join(exportBase, String(version));
  await saveModelDir(model, dir, false);
  return dir;
}

// model.evaluate takes arrays only; a dict batch is ordered by the model's input/output names.
function byName(x: NonNullable<Batch["xs"]>, names: string[], what: string): tf.Tensor | tf.Tensor[] {
  if (x instanceof tf.Tensor || Array.isArray(x)) return x;
  return names.map((n) => {
    const t = x[n];
    if (t === undefined) throw new Error(`Experiment: the batch has no '${n}' for the model's ${what} '${n}'; it has ${Object.keys(x).join(", ")}`);
    return t;
  });
}

function firstTensor(x: Batch["xs"]): tf.Tensor {
  if (x instanceof tf.Tensor) return x;
  if (Array.isArray(x)) return x[0];
  return Object.values(x)[0];
}

function positiveInt(name: string, v: unknown, optional: boolean): void {
  if (v === undefined && optional) return;
  if (!Number.isInteger(v) || (v as number) < 1) throw new TypeError(`Experiment: ${name} must be a positive integer, got ${String(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return (v as object).constructor?.name ?? "object";
}
