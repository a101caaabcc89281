/**
 * Keras's callbacks on tfjs's Callback base class (so `fit` runs them and `this.model` is set):
 * EarlyStopping with `restoreBestWeights` (tfjs's own throws on it), ModelCheckpoint (Keras's
 * `{epoch:02d}-{val_loss:.2f}` file names, saveBestOnly, saveWeightsOnly; written atomically),
 * ReduceLROnPlateau, CSVLogger (rewritten atomically each epoch), LearningRateScheduler,
 * TerminateOnNaN and LambdaCallback. History is tfjs's (`model.fit` returns it).
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { bool, checkOptions, num, oneOf, str } from "../layers/options.js";
import { getLearningRate, setLearningRate } from "../optimizers/optimizers.js";
import { writeFileAtomic } from "../../files/write_file_atomic.js";
import { initialBest, isImprovement, modeCheck, type MonitorMode } from "./monitor.js";

type Logs = tf.Logs | undefined;

/** tfjs hands tf.Callback subclasses batch logs as scalar tensors and epoch logs as numbers. */
function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof tf.Tensor && v.size === 1 && !v.isDisposed) return v.dataSync()[0];
  return undefined;
}

/** A copy of `logs` with every scalar as a number, as Keras's callbacks see them. */
function resolvedLogs(logs: Logs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(logs ?? {})) {
    const n = numberOf(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** Calls a user function with resolved logs, then copies back the numbers it set (Keras lets callbacks add logs). */
async function withResolvedLogs(logs: Logs, fn: (resolved: Record<string, number>) => void | Promise<void>): Promise<void> {
  const resolved = resolvedLogs(logs);
  const before = { ...resolved };
  await fn(resolved);
  if (logs) for (const [k, v] of Object.entries(resolved)) if (typeof v === "number" && before[k] !== v) logs[k] = v;
}

function optimizerOf(model: tf.LayersModel | undefined, who: string): tf.Optimizer {
  const optimizer = (model as any)?.optimizer as tf.Optimizer | undefined;
  if (optimizer === undefined) throw new Error(`${who}: the model has no optimizer; compile it first`);
  return optimizer;
}

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  baseline?: number | null;
  /** Put back the weights of the best epoch when training ends. */
  restoreBestWeights?: boolean;
  startFromEpoch?: number;
}

export class EarlyStopping extends tf.Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly better: (current: number, best: number) => boolean;
  private readonly mode: MonitorMode;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(options?: EarlyStoppingOptions) {
    super();
    const o = checkOptions("EarlyStopping", options, {
      monitor: str,
      minDelta: num(),
      patience: num(0, Infinity, { integer: true }),
      verbose: oneOf(0, 1),
      mode: modeCheck,
      baseline: (v, w) => (v === null ? null : num()(v, w)),
      restoreBestWeights: bool,
      startFromEpoch: num(0, Infinity, { integer: true }),
    });
    this.monitor = o.monitor ?? "val_loss";
    this.patience = o.patience ?? 0;
    this.verbose = o.verbose ?? 0;
    this.baseline = o.baseline ?? null;
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    this.startFromEpoch = o.startFromEpoch ?? 0;
    this.mode = o.mode ?? "auto";
    this.better = isImprovement(this.mode, this.monitor, o.minDelta ?? 0);
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = initialBest(this.mode, this.monitor);
    this.bestEpoch = 0;
    this.disposeBest();
  }

  private disposeBest(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const current = numberOf(logs?.[this.monitor]);
    if (typeof current !== "number") {
      console.warn(`EarlyStopping: metric "${this.monitor}" is not available; available: ${Object.keys(logs ?? {}).join(", ")}`);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    const model = this.model as tf.LayersModel;
    if (this.restoreBestWeights && this.bestWeights === null) {
      // Keras keeps the first epoch's weights as a fallback even if it beats no baseline.
      this.bestWeights = model.getWeights().map((w) => w.clone());
    }
    this.wait += 1;
    if (this.better(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.disposeBest();
        this.bestWeights = model.getWeights().map((w) => w.clone());
      }
      if (this.baseline === null || this.better(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      (this.model as tf.LayersModel).setWeights(this.bestWeights);
    }
    this.disposeBest();
  }
}

/** Python's `str.format` for Keras checkpoint names: `{epoch:02d}`, `{val_loss:.2f}`, `{loss}`. */
export function formatCheckpointPath(pattern: string, values: Record<string, number>): string {
  return pattern.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
    if (!(key in values)) throw new RangeError(`ModelCheckpoint: \`filepath\` uses {${key}}, which is not among ${Object.keys(values).join(", ")}`);
    const v = values[key];
    if (spec === undefined || spec === "") return String(v);
    const m = /^(0?)(\d*)(?:\.(\d+))?([dfe])$/.exec(spec);
    if (!m) throw new RangeError(`ModelCheckpoint: unsupported format spec "${whole}" (use d, .Nf or .Ne)`);
    const [, zero, width, precision, type] = m;
    let text = type === "d" ? String(Math.trunc(v)) : type === "f" ? v.toFixed(precision ? Number(precision) : 6) : v.toExponential(precision ? Number(precision) : 6);
    if (width) text = text.padStart(Number(width), zero ? "0" : " ");
    return text;
  });
}

export interface ModelCheckpointOptions {
  monitor?: string;
  verbose?: 0 | 1;
  saveBestOnly?: boolean;
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  initialValueThreshold?: number;
}

/** `ModelCheckpoint(filepath, { saveBestOnly, saveWeightsOnly, monitor })`: saves each epoch (or the best) into a folder. */
export class ModelCheckpoint extends tf.Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly verbose: number;
  best: number;
  private readonly better: (current: number, best: number) => boolean;

  constructor(filepath: string, options?: ModelCheckpointOptions) {
    super();
    if (typeof filepath !== "string" || filepath === "") throw new TypeError("ModelCheckpoint: `filepath` must be a non-empty folder path");
    const o = checkOptions("ModelCheckpoint", options, {
      monitor: str,
      verbose: oneOf(0, 1),
      saveBestOnly: bool,
      saveWeightsOnly: bool,
      mode: modeCheck,
      initialValueThreshold: num(),
    });
    this.filepath = filepath;
    this.monitor = o.monitor ?? "val_loss";
    this.saveBestOnly = o.saveBestOnly ?? false;
    this.saveWeightsOnly = o.saveWeightsOnly ?? false;
    this.verbose = o.verbose ?? 0;
    const mode: MonitorMode = o.mode ?? "auto";
    this.better = isImprovement(mode, this.monitor, 0);
    this.best = o.initialValueThreshold ?? initialBest(mode, this.monitor);
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const values: Record<string, number> = { epoch: epoch + 1, ...resolvedLogs(logs) };
    const target = formatCheckpointPath(this.filepath, values);
    if (this.saveBestOnly) {
      const current = numberOf(logs?.[this.monitor]);
      if (typeof current !== "number") {
        console.warn(`ModelCheckpoint: can save best model only with "${this.monitor}" available; skipping`);
        return;
      }
      if (!this.better(current, this.best)) {
        if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
        return;
      }
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${target}`);
      this.best = current;
    }
    const model = this.model as tf.LayersModel;
    if (this.saveWeightsOnly) await model.saveWeights(target);
    else await model.save(target);
  }
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
}

export class ReduceLROnPlateau extends tf.Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  private readonly better: (current: number, best: number) => boolean;
  private readonly mode: MonitorMode;
  best = Infinity;
  wait = 0;
  cooldownCounter = 0;

  constructor(options?: ReduceLROnPlateauOptions) {
    super();
    const o = checkOptions("ReduceLROnPlateau", options, {
      monitor: str,
      factor: num(0, 1, { minExclusive: true }),
      patience: num(0, Infinity, { integer: true }),
      verbose: oneOf(0, 1),
      mode: modeCheck,
      minDelta: num(),
      cooldown: num(0, Infinity, { integer: true }),
      minLr: num(0),
    });
    if (o.factor === 1) throw new RangeError("ReduceLROnPlateau: `factor` must be < 1 (it multiplies the learning rate)");
    this.monitor = o.monitor ?? "val_loss";
    this.factor = o.factor ?? 0.1;
    this.patience = o.patience ?? 10;
    this.cooldown = o.cooldown ?? 0;
    this.minLr = o.minLr ?? 0;
    this.verbose = o.verbose ?? 0;
    this.mode = o.mode ?? "auto";
    this.better = isImprovement(this.mode, this.monitor, o.minDelta ?? 1e-4);
  }

  override async onTrainBegin(): Promise<void> {
    this.best = initialBest(this.mode, this.monitor);
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const optimizer = optimizerOf(this.model as tf.LayersModel, "ReduceLROnPlateau");
    const current = numberOf(logs?.[this.monitor]);
    if (logs) logs.learning_rate = getLearningRate(optimizer);
    if (typeof current !== "number") {
      console.warn(`ReduceLROnPlateau: metric "${this.monitor}" is not available; available: ${Object.keys(logs ?? {}).join(", ")}`);
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.better(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = getLearningRate(optimizer);
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          setLearningRate(optimizer, lr);
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/** `LearningRateScheduler((epoch, lr) => newLr)`: sets the rate at the start of each epoch. */
export class LearningRateScheduler extends tf.Callback {
  constructor(
    readonly schedule: (epoch: number, lr: number) => number,
    options?: { verbose?: 0 | 1 },
  ) {
    super();
    if (typeof schedule !== "function") throw new TypeError("LearningRateScheduler: `schedule` must be a function (epoch, lr) => lr");
    this.verbose = checkOptions("LearningRateScheduler", options, { verbose: oneOf(0, 1) }).verbose ?? 0;
  }
  readonly verbose: number;

  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = optimizerOf(this.model as tf.LayersModel, "LearningRateScheduler");
    const lr = this.schedule(epoch, getLearningRate(optimizer));
    if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) {
      throw new RangeError(`LearningRateScheduler: \`schedule\` must return a positive finite number; got ${String(lr)} at epoch ${epoch}`);
    }
    setLearningRate(optimizer, lr);
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    if (logs) logs.learning_rate = getLearningRate(optimizerOf(this.model as tf.LayersModel, "LearningRateScheduler"));
  }
}

/** Stops training as soon as a batch's loss is NaN or infinite. */
export class TerminateOnNaN extends tf.Callback {
  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    const loss = numberOf(logs?.loss);
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      (this.model as tf.LayersModel).stopTraining = true;
    }
  }
}

export interface CSVLoggerOptions {
  separator?: string;
  append?: boolean;
}

/** `CSVLogger(filename, { separator, append })`: one row per epoch; the file is rewritten atomically each epoch. */
export class CSVLogger extends tf.Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private lines: string[] = [];
  private keys: string[] | null = null;

  constructor(filename: string, options?: CSVLoggerOptions) {
    super();
    if (typeof filename !== "string" || filename === "") throw new TypeError("CSVLogger: `filename` must be a non-empty path");
    const o = checkOptions("CSVLogger", options, { separator: str, append: bool });
    this.filename = filename;
    this.separator = o.separator ?? ",";
    this.append = o.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.lines = [];
    this.keys = null;
    if (this.append && fs.existsSync(this.filename)) {
      const text = fs.readFileSync(this.filename, "utf8");
      this.lines = text.split("\n").filter((l) => l !== "");
      if (this.lines.length > 0) this.keys = this.lines[0].split(this.separator).slice(1);
    }
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const values = resolvedLogs(logs);
    if (this.keys === null) {
      this.keys = Object.keys(values).sort();
      this.lines.push(["epoch", ...this.keys].join(this.separator));
    }
    this.lines.push([String(epoch), ...this.keys.map((k) => (k in values ? String(values[k]) : "NA"))].join(this.separator));
    writeFileAtomic(this.filename, this.lines.join("\n") + "\n");
  }
}

type EpochFn = (epoch: number, logs?: Logs) => void | Promise<void>;
type BatchFn = (batch: number, logs?: Logs) => void | Promise<void>;
type TrainFn = (logs?: Logs) => void | Promise<void>;

export interface LambdaCallbackOptions {
  onEpochBegin?: EpochFn;
  onEpochEnd?: EpochFn;
  onBatchBegin?: BatchFn;
  onBatchEnd?: BatchFn;
  onTrainBegin?: TrainFn;
  onTrainEnd?: TrainFn;
}

/** `LambdaCallback({ onEpochEnd: (epoch, logs) => ... })`. */
export class LambdaCallback extends tf.Callback {
  private readonly fns: LambdaCallbackOptions;
  constructor(options: LambdaCallbackOptions) {
    super();
    const fn = (v: unknown, w: string) => {
      if (typeof v !== "function") throw new TypeError(`${w} must be a function`);
      return v;
    };
    this.fns = checkOptions("LambdaCallback", options, {
      onEpochBegin: fn,
      onEpochEnd: fn,
      onBatchBegin: fn,
      onBatchEnd: fn,
      onTrainBegin: fn,
      onTrainEnd: fn,
    });
  }
  override async onEpochBegin(epoch: number, logs?: Logs) {
    const fn = this.fns.onEpochBegin;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(epoch, resolved));
  }
  override async onEpochEnd(epoch: number, logs?: Logs) {
    const fn = this.fns.onEpochEnd;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(epoch, resolved));
  }
  override async onBatchBegin(batch: number, logs?: Logs) {
    const fn = this.fns.onBatchBegin;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(batch, resolved));
  }
  override async onBatchEnd(batch: number, logs?: Logs) {
    const fn = this.fns.onBatchEnd;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(batch, resolved));
  }
  override async onTrainBegin(logs?: Logs) {
    const fn = this.fns.onTrainBegin;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(resolved));
  }
  override async onTrainEnd(logs?: Logs) {
    const fn = this.fns.onTrainEnd;
    if (fn) await withResolvedLogs(logs, (resolved) => fn(resolved));
  }
}

/** tfjs's History: `model.fit` returns it (`history.history.loss`, `history.epoch`). */
export const History = tf.History;
