import { sampleValue, type HpValue } from "./hyperparameters.js";
import { key } from "./random_search.js";
import { seededRandom } from "./seeded_random.js";
import { Tuner, type BuildModel, type TrialProposal, type TunerOptions } from "./tuner.js";
import type { TrialRecord } from "./trial_store.js";

export interface HyperbandOptions extends Omit<TunerOptions, "maxTrials"> {
  /** The most epochs one model is trained (Keras's `max_epochs`). */
  maxEpochs: number;
  /** Reduction factor between rounds (default 3). */
  factor?: number;
  /** Times the whole bracket schedule is run (default 1). */
  hyperbandIterations?: number;
}

/**
 * KerasTuner's `Hyperband` (Li et al. 2018): brackets of random configurations trained for a few
 * epochs, the best 1/factor of each round continued (from its checkpoint) for factor× the epochs.
 * Each trial records its bracket, round, epochs and the trial it continues (`schedule` in
 * trial.json); the epochs given to `search` are replaced by the schedule's.
 */
export class Hyperband extends Tuner {
  readonly maxEpochs: number;
  readonly factor: number;
  readonly hyperbandIterations: number;

  constructor(hypermodel: BuildModel, options: HyperbandOptions) {
    super(hypermodel, { ...options, maxTrials: undefined }, Infinity);
    this.maxEpochs = options.maxEpochs;
    if (!Number.isInteger(this.maxEpochs) || this.maxEpochs < 1) throw new Error(`Hyperband: maxEpochs must be a positive integer, got ${options.maxEpochs}`);
    this.factor = options.factor ?? 3;
    if (!Number.isInteger(this.factor) || this.factor < 2) throw new Error(`Hyperband: factor must be an integer >= 2, got ${options.factor}`);
    this.hyperbandIterations = options.hyperbandIterations ?? 1;
    if (!Number.isInteger(this.hyperbandIterations) || this.hyperbandIterations < 1) throw new Error(`Hyperband: hyperbandIterations must be a positive integer, got ${options.hyperbandIterations}`);
  }

  private get sMax(): number {
    return Math.floor(Math.log(this.maxEpochs) / Math.log(this.factor) + 1e-9);
  }

  /** Configurations in round `round` of bracket `s`, and the epochs they train to. */
  private roundSize(s: number, round: number): { count: number; epochs: number } {
    const n0 = Math.ceil(((this.sMax + 1) / (s + 1)) * Math.pow(this.factor, s));
    return {
      count: Math.max(1, Math.floor(n0 / Math.pow(this.factor, round))),
      epochs: Math.max(1, Math.round(this.maxEpochs / Math.pow(this.factor, s - round))),
    };
  }

  protected proposeTrial(trials: TrialRecord[]): TrialProposal | null {
    for (let iteration = 0; iteration < this.hyperbandIterations; iteration++) {
      for (let s = this.sMax; s >= 0; s--) {
        for (let round = 0; round <= s; round++) {
          const inRound = trials.filter((t) => t.schedule?.iteration === iteration && t.schedule.bracket === s && t.schedule.round === round);
          const { count, epochs } = this.roundSize(s, round);
          if (inRound.length >= count) continue;
          if (round === 0) return this.freshTrial(trials, iteration, s, inRound.length, epochs);
          const previous = trials.filter((t) => t.schedule?.iteration === iteration && t.schedule.bracket === s && t.schedule.round === round - 1 && t.status === "COMPLETED");
          previous.sort((a, b) => (this.objective.better(a.score!, b.score!) ? -1 : this.objective.better(b.score!, a.score!) ? 1 : 0));
          const promoted = new Set(inRound.map((t) => t.schedule!.parentId));
          const next = previous.slice(0, count).find((t) => !promoted.has(t.trialId));
          if (!next) continue; // fewer survivors than slots (failed trials): this round is done
          return {
            hyperparameters: { ...next.hyperparameters },
            schedule: { iteration, bracket: s, round, epochs, initialEpoch: next.schedule!.epochs, parentId: next.trialId },
          };
        }
      }
    }
    return null;
  }

  private freshTrial(trials: TrialRecord[], iteration: number, s: number, index: number, epochs: number): TrialProposal {
    const seen = new Set(trials.filter((t) => t.schedule?.round === 0).map((t) => key(t.hyperparameters)));
    let values: Record<string, HpValue> = {};
    for (let attempt = 0; attempt < 100; attempt++) {
      const rand = seededRandom(this.seed, iteration, s, index, attempt);
      values = {};
      for (const spec of this.space) values[spec.name] = sampleValue(spec, rand);
      if (!seen.has(key(values))) break;
    }
    return { hyperparameters: values, schedule: { iteration, bracket: s, round: 0, epochs, initialEpoch: 0, parentId: null } };
  }
}
