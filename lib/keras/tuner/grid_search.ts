import { gridValues, type HpValue } from "./hyperparameters.js";
import { key } from "./random_search.js";
import { Tuner, type BuildModel, type TrialProposal, type TunerOptions } from "./tuner.js";
import type { TrialRecord } from "./trial_store.js";

/**
 * KerasTuner's `GridSearch`: every combination in order (the first hyperparameter varies
 * slowest). Int and Float ranges step by `step`; a Float without step is taken at 10 points.
 * A hyperparameter first seen in a later build (conditional) joins the grid at its default until then.
 */
export class GridSearch extends Tuner {
  constructor(hypermodel: BuildModel, options: TunerOptions) {
    super(hypermodel, options, Infinity);
  }

  protected proposeTrial(trials: TrialRecord[]): TrialProposal | null {
    if (trials.length >= this.maxTrials) return null;
    const seen = new Set(trials.map((t) => key(t.hyperparameters)));
    const axes = this.space.map((s) => ({ name: s.name, values: gridValues(s) }));
    const total = axes.reduce((a, x) => a * x.values.length, 1);
    for (let index = 0; index < total; index++) {
      const values: Record<string, HpValue> = {};
      let rest = index;
      for (let j = axes.length - 1; j >= 0; j--) {
        values[axes[j].name] = axes[j].values[rest % axes[j].values.length];
        rest = Math.floor(rest / axes[j].values.length);
      }
      const ordered = Object.fromEntries(axes.map((a) => [a.name, values[a.name]]));
      if (!seen.has(key(ordered))) return { hyperparameters: ordered };
    }
    return null;
  }
}
