import * as tf from "@tensorflow/tfjs";
import { display, DisplayHandle } from "../../display/display.js";
import { HyperParameters, type HpSpec, type HpValue } from "./hyperparameters.js";
import { Objective } from "./objective.js";
import { TrialStore, type TrialRecord } from "./trial_store.js";
import { parallelCoordinates, trialsTable } from "./trials_view.js";
import type { Figure } from "../../display/plotly.js";

export type BuildModel = (hp: HyperParameters) => tf.LayersModel | Promise<tf.LayersModel>;

export interface TunerOptions {
  /** The metric to optimise, e.g. "val_accuracy" (maximised) or "val_loss" (minimised), or an Objective. */
  objective: string | Objective | { name: string; direction: "min" | "max" };
  /** Most trials to run (Hyperband decides its own count). */
  maxTrials?: number;
  /** Models trained per trial; the objective is their mean (default 1). */
  executionsPerTrial?: number;
  /** Where trials are kept so an interrupted search resumes (default "."). */
  directory?: string;
  /** The search's folder under `directory` (default "untitled_project"). */
  projectName?: string;
  /** Discard an earlier search in the same folder instead of resuming it (default false). */
  overwrite?: boolean;
  /** Makes the proposed hyperparameters reproducible (default 0). */
  seed?: number;
  /** Stop after this many trials fail in a row (default 3), as KerasTuner. */
  maxConsecutiveFailedTrials?: number;
}

/** Data for `search`: arrays x and y, a `tf.data.Dataset`, or a function returning either. */
export type SearchData = tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor } | tf.data.Dataset<tf.TensorContainer> | (() => SearchInput | Promise<SearchInput>);
type SearchInput = tf.data.Dataset<tf.TensorContainer> | { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor | tf.Tensor[] };

export interface SearchOptions {
  epochs?: number;
  batchSize?: number;
  validationData?: [tf.Tensor | tf.Tensor[], tf.Tensor | tf.Tensor[]] | tf.data.Dataset<tf.TensorContainer>;
  validationSplit?: number;
  callbacks?: tf.CustomCallbackArgs | tf.Callback[] | tf.CustomCallbackArgs[];
  shuffle?: boolean;
  /** 1 (default) shows the live trials table; 0 shows nothing. */
  verbose?: number;
}

/** What a tuner proposes next: hyperparameter values and, for Hyperband, the epochs to train. */
export interface TrialProposal {
  hyperparameters: Record<string, HpValue>;
  schedule?: TrialRecord["schedule"];
}

/**
 * The search loop KerasTuner's `Tuner` runs: ask the oracle for a trial, build the model with its
 * hyperparameters, fit it `executionsPerTrial` times, score it by the objective's best epoch,
 * persist the trial, repeat. Subclasses (RandomSearch, GridSearch, Hyperband) only propose trials.
 */
export abstract class Tuner {
  readonly objective: Objective;
  readonly maxTrials: number;
  readonly executionsPerTrial: number;
  readonly seed: number;
  readonly store: TrialStore;
  protected space: HpSpec[] = [];
  private readonly maxConsecutiveFailedTrials: number;

  constructor(readonly hypermodel: BuildModel, options: TunerOptions, defaultMaxTrials: number) {
    if (typeof hypermodel !== "function") throw new Error("tuner: the first argument must be a function hp => compiled model");
    if (!options || typeof options !== "object") throw new Error("tuner: options with an objective are required, e.g. { objective: \"val_accuracy\", maxTrials: 10 }");
    this.objective = Objective.from(options.objective);
    this.maxTrials = options.maxTrials ?? defaultMaxTrials;
    if (!(this.maxTrials >= 1) || (Number.isFinite(this.maxTrials) && !Number.isInteger(this.maxTrials))) throw new Error(`tuner: maxTrials must be a positive integer, got ${options.maxTrials}`);
    this.executionsPerTrial = options.executionsPerTrial ?? 1;
    if (!Number.isInteger(this.executionsPerTrial) || this.executionsPerTrial < 1) throw new Error(`tuner: executionsPerTrial must be a positive integer, got ${options.executionsPerTrial}`);
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed)) throw new Error(`tuner: seed must be an integer, got ${options.seed}`);
    this.maxConsecutiveFailedTrials = options.maxConsecutiveFailedTrials ?? 3;
    this.store = new TrialStore(options.directory ?? ".", options.projectName ?? "untitled_project", options.overwrite ?? false);
    const saved = this.store.readOracle();
    if (saved) {
      if (saved.objective && (saved.objective.name !== this.objective.name || saved.objective.direction !== this.objective.direction)) {
        throw new Error(`tuner: ${this.store.dir} holds a search for objective ${saved.objective.name} (${saved.objective.direction}), not ${this.objective.name}; use another projectName or overwrite: true`);
      }
      this.space = saved.space ?? [];
    }
  }

  /** Proposes the next trial, or null when the search is over. */
  protected abstract proposeTrial(trials: TrialRecord[]): TrialProposal | null;

  /** All trials so far, in order. */
  get trials(): TrialRecord[] {
    return this.store.readTrials();
  }

  async search(data: SearchData, yOrOptions?: tf.Tensor | tf.Tensor[] | SearchOptions, maybeOptions?: SearchOptions): Promise<void> {
    const isTarget = yOrOptions instanceof tf.Tensor || Array.isArray(yOrOptions);
    const y = isTarget ? (yOrOptions as tf.Tensor | tf.Tensor[]) : undefined;
    const options = ((isTarget ? maybeOptions : yOrOptions) ?? {}) as SearchOptions;
    const isDataset = (v: unknown) => v !== null && typeof v === "object" && typeof (v as { iterator?: unknown }).iterator === "function";
    if (typeof data !== "function" && !isDataset(data) && y === undefined) {
      throw new Error("tuner.search: give x and y, a tf.data.Dataset, or a function returning one of them");
    }
    const epochs = options.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`tuner.search: epochs must be a positive integer, got ${options.epochs}`);
    if (this.space.length === 0) await this.discoverSpace();

    const live = (options.verbose ?? 1) > 0 ? (display(this.summaryBundle(), { raw: true, displayId: true }) as DisplayHandle) : undefined;
    let failedInARow = 0;
    for (;;) {
      const trials = this.store.readTrials();
      // A trial left RUNNING was interrupted: run it again with the same hyperparameters.
      const interrupted = trials.find((t) => t.status === "RUNNING");
      let trial: TrialRecord;
      if (interrupted) trial = interrupted;
      else {
        const proposal = this.proposeTrial(trials);
        if (proposal === null) break;
        trial = { trialId: String(trials.length).padStart(4, "0"), hyperparameters: proposal.hyperparameters, status: "RUNNING", score: null, bestStep: null, metrics: {}, schedule: proposal.schedule };
        this.store.writeTrial(trial);
      }
      live?.update(this.summaryBundle(), { raw: true });
      try {
        await this.runTrial(trial, data, y, { ...options, epochs: trial.schedule?.epochs ?? epochs });
        failedInARow = 0;
      } catch (e) {
        trial.status = "FAILED";
        trial.message = (e as Error).message;
        this.store.writeTrial(trial);
        if (++failedInARow >= this.maxConsecutiveFailedTrials) {
          live?.update(this.summaryBundle(), { raw: true });
          throw new Error(`tuner.search: ${failedInARow} trials failed in a row; the last (${trial.trialId}) with: ${trial.message}`);
        }
      }
      live?.update(this.summaryBundle(), { raw: true });
    }
  }

  /** Runs the build function once with defaults so the space is known before the first proposal. */
  private async discoverSpace(): Promise<void> {
    const hp = new HyperParameters();
    const model = await this.hypermodel(hp);
    if (!(model instanceof tf.LayersModel)) throw new Error("tuner: the build function must return a tf.LayersModel (a keras model)");
    model.dispose();
    this.mergeSpace(hp.space);
  }

  private mergeSpace(space: HpSpec[]): void {
    let changed = false;
    for (const spec of space) {
      if (!this.space.some((s) => s.name === spec.name)) {
        this.space.push(spec);
        changed = true;
      }
    }
    if (changed || !this.store.readOracle()) {
      this.store.writeOracle({ objective: { name: this.objective.name, direction: this.objective.direction }, space: this.space, tuner: this.constructor.name });
    }
  }

  private async runTrial(trial: TrialRecord, data: SearchData, y: tf.Tensor | tf.Tensor[] | undefined, options: SearchOptions & { epochs: number }): Promise<void> {
    const scores: number[] = [];
    const metricSums: Record<string, number> = {};
    let bestWeights: tf.Tensor[] | undefined;
    let bestScore: number | undefined;
    let bestStep: number | null = null;
    for (let execution = 0; execution < this.executionsPerTrial; execution++) {
      const hp = new HyperParameters(trial.hyperparameters, this.space);
      const model = await this.hypermodel(hp);
      if (!(model instanceof tf.LayersModel)) throw new Error("the build function must return a tf.LayersModel");
      if (!(model as unknown as { optimizer?: unknown }).optimizer) throw new Error("the build function must return a compiled model (call model.compile)");
      this.mergeSpace(hp.space);
      const initialEpoch = trial.schedule?.initialEpoch ?? 0;
      if (trial.schedule?.parentId) setWeights(model, this.store.readCheckpoint(trial.schedule.parentId));
      // Keep the weights of the objective's best epoch, as KerasTuner's checkpointing does.
      let execBest: number | undefined;
      let execWeights: tf.Tensor[] | undefined;
      const snapshot = new tf.CustomCallback({
        onEpochEnd: async (_epoch, logs) => {
          const v = logs ? this.objective.read(Object.fromEntries(Object.entries(logs).map(([k, x]) => [k, [x as number]]))) : undefined;
          if (v === undefined || !Number.isFinite(v[0])) return;
          if (execBest === undefined || this.objective.better(v[0], execBest)) {
            execBest = v[0];
            execWeights?.forEach((t) => t.dispose());
            execWeights = model.getWeights().map((w) => w.clone());
          }
        },
      });
      const history = await fit(model, data, y, options, initialEpoch, [snapshot]);
      const series = this.objective.read(history.history as Record<string, number[]>);
      if (!series) {
        model.dispose();
        execWeights?.forEach((t) => t.dispose());
        throw new Error(`objective "${this.objective.name}" is not among the logged metrics (${Object.keys(history.history).join(", ")}); give validationData for val_ metrics and compile with the metric`);
      }
      let best = 0;
      series.forEach((v, i) => {
        if (this.objective.better(v, series[best])) best = i;
      });
      scores.push(series[best]);
      for (const [k, values] of Object.entries(history.history)) metricSums[k] = (metricSums[k] ?? 0) + Number(values[best]);
      if (execution === 0) bestStep = initialEpoch + best;
      if (bestScore === undefined || this.objective.better(series[best], bestScore)) {
        bestScore = series[best];
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = execWeights ?? model.getWeights().map((w) => w.clone());
      } else execWeights?.forEach((t) => t.dispose());
      model.dispose();
    }
    this.store.writeCheckpoint(trial.trialId, bestWeights!.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array })));
    bestWeights!.forEach((t) => t.dispose());
    trial.score = scores.reduce((a, b) => a + b, 0) / scores.length;
    trial.bestStep = bestStep;
    trial.metrics = Object.fromEntries(Object.entries(metricSums).map(([k, v]) => [k, v / this.executionsPerTrial]));
    trial.status = "COMPLETED";
    this.store.writeTrial(trial);
  }

  /** The completed trials, best first. */
  bestTrials(numTrials = 1): TrialRecord[] {
    const done = this.store.readTrials().filter((t) => t.status === "COMPLETED" && t.score !== null);
    done.sort((a, b) => (this.objective.better(a.score!, b.score!) ? -1 : this.objective.better(b.score!, a.score!) ? 1 : 0));
    return done.slice(0, numTrials);
  }

  getBestHyperparameters(numTrials = 1): HyperParameters[] {
    return this.bestTrials(numTrials).map((t) => new HyperParameters(t.hyperparameters, this.space));
  }

  /** Rebuilds the best trials' models with the weights of their best epoch. */
  async getBestModels(numModels = 1): Promise<tf.LayersModel[]> {
    const models: tf.LayersModel[] = [];
    for (const trial of this.bestTrials(numModels)) {
      const model = await this.hypermodel(new HyperParameters(trial.hyperparameters, this.space));
      setWeights(model, this.store.readCheckpoint(trial.trialId));
      models.push(model);
    }
    return models;
  }

  /** Shows the trials table (best first) and returns its bundle, as KerasTuner's `results_summary`. */
  resultsSummary(numTrials = 10): void {
    display(this.summaryBundle(numTrials), { raw: true });
  }

  /** A parallel-coordinates plot of every completed trial's hyperparameters and score. */
  plotTrials(): Figure {
    return parallelCoordinates(this.store.readTrials(), this.objective);
  }

  summaryBundle(numTrials = 10): ReturnType<typeof trialsTable> {
    return trialsTable(`${this.constructor.name} in ${this.store.dir}`, this.store.readTrials(), this.objective, numTrials);
  }

  /** The space seen so far, as KerasTuner's `search_space_summary`. */
  searchSpaceSummary(): HpSpec[] {
    return this.space.map((s) => ({ ...s }));
  }
}

function setWeights(model: tf.LayersModel, saved: { shape: number[]; data: Float32Array }[]): void {
  const current = model.getWeights();
  if (current.length !== saved.length || current.some((w, i) => !tf.util.arraysEqual(w.shape, saved[i].shape))) {
    throw new Error("tuner: the saved checkpoint does not fit the model the build function returns for these hyperparameters");
  }
  const tensors = saved.map((w) => tf.tensor(w.data, w.shape));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}

async function fit(model: tf.LayersModel, data: SearchData, y: tf.Tensor | tf.Tensor[] | undefined, options: SearchOptions & { epochs: number }, initialEpoch: number, extra: tf.CustomCallback[]): Promise<tf.History> {
  const userCallbacks = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks];
  const callbacks = [...(userCallbacks as tf.Callback[]), ...extra];
  let input: SearchData | SearchInput = data;
  if (typeof data === "function" && !(data instanceof tf.Tensor)) input = await (data as () => SearchInput | Promise<SearchInput>)();
  if (input !== null && typeof input === "object" && typeof (input as { iterator?: unknown }).iterator === "function") {
    return model.fitDataset(input as tf.data.Dataset<tf.TensorContainer>, { epochs: options.epochs, initialEpoch, validationData: options.validationData as tf.data.Dataset<tf.TensorContainer>, callbacks, verbose: 0 });
  }
  let x = input as tf.Tensor | tf.Tensor[];
  let target = y;
  if (target === undefined && input !== null && typeof input === "object" && "x" in input && "y" in input) {
    x = (input as { x: tf.Tensor }).x;
    target = (input as { y: tf.Tensor }).y;
  }
  return model.fit(x, target!, {
    epochs: options.epochs,
    initialEpoch,
    batchSize: options.batchSize,
    validationData: options.validationData as [tf.Tensor, tf.Tensor],
    validationSplit: options.validationSplit,
    shuffle: options.shuffle,
    callbacks,
    verbose: 0,
  });
}
