import { sampleValue, type HpValue } from "./hyperparameters.js";
import { seededRandom } from "./seeded_random.js";
import { Tuner, type BuildModel, type TrialProposal, type TunerOptions } from "./tuner.js";
import type { TrialRecord } from "./trial_store.js";

/** KerasTuner's `RandomSearch`: each trial draws every hyperparameter at random (log-uniform for log sampling), never repeating a combination. */
export class RandomSearch extends Tuner {
  constructor(hypermodel: BuildModel, options: TunerOptions) {
    super(hypermodel, options, 10);
  }

  protected proposeTrial(trials: TrialRecord[]): TrialProposal | null {
    if (trials.length >= this.maxTrials) return null;
    const seen = new Set(trials.map((t) => key(t.hyperparameters)));
    for (let attempt = 0; attempt < 100; attempt++) {
      const rand = seededRandom(this.seed, trials.length, attempt);
      const values: Record<string, HpValue> = {};
      for (const spec of this.space) values[spec.name] = sampleValue(spec, rand);
      if (!seen.has(key(values))) return { hyperparameters: values };
    }
    // 100 draws all repeated earlier trials: the space is exhausted.
    return null;
  }
}

export function key(values: Record<string, HpValue>): string {
  return JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
}
