import * as fs from "node:fs";
import * as path from "node:path";
import type { HpSpec, HpValue } from "./hyperparameters.js";

export type TrialStatus = "RUNNING" | "COMPLETED" | "FAILED";

/** One trial as KerasTuner keeps it in `trial_<id>/trial.json`. */
export interface TrialRecord {
  trialId: string;
  hyperparameters: Record<string, HpValue>;
  status: TrialStatus;
  /** The objective (best epoch, averaged over executions); null until completed. */
  score: number | null;
  /** The epoch (0-based) where the best objective was reached, in the first execution. */
  bestStep: number | null;
  /** Every metric at the best epoch, averaged over executions. */
  metrics: Record<string, number>;
  message?: string;
  /** Hyperband's bookkeeping: bracket, round, epochs to train to, epoch to start from, the trial continued. */
  schedule?: { bracket: number; round: number; epochs: number; initialEpoch: number; parentId: string | null; iteration: number };
}

/**
 * The search's folder, `directory/projectName/`: `oracle.json` (the objective and the space seen
 * so far) and one `trial_<id>/` per trial with `trial.json` and `checkpoint.bin` (the best
 * weights). Every write is atomic, so an interrupted search leaves each file old or new, never torn.
 */
export class TrialStore {
  readonly dir: string;

  constructor(directory: string, projectName: string, overwrite: boolean) {
    this.dir = path.resolve(directory, projectName);
    if (overwrite) fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  readOracle(): { objective?: { name: string; direction: string }; space: HpSpec[]; tuner?: string } | undefined {
    const file = path.join(this.dir, "oracle.json");
    if (!fs.existsSync(file)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`tuner: ${file} is corrupt (${(e as Error).message}); pass overwrite: true to start the search afresh`);
    }
  }

  writeOracle(state: { objective: { name: string; direction: string }; space: HpSpec[]; tuner: string }): void {
    writeAtomic(path.join(this.dir, "oracle.json"), JSON.stringify(state, null, 2));
  }

  readTrials(): TrialRecord[] {
    const trials: TrialRecord[] = [];
    for (const entry of fs.readdirSync(this.dir).sort()) {
      if (!entry.startsWith("trial_")) continue;
      const file = path.join(this.dir, entry, "trial.json");
      if (!fs.existsSync(file)) continue;
      try {
        trials.push(JSON.parse(fs.readFileSync(file, "utf8")));
      } catch (e) {
        throw new Error(`tuner: ${file} is corrupt (${(e as Error).message}); delete that trial folder or pass overwrite: true`);
      }
    }
    return trials.sort((a, b) => a.trialId.localeCompare(b.trialId));
  }

  writeTrial(trial: TrialRecord): void {
    const dir = path.join(this.dir, `trial_${trial.trialId}`);
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(path.join(dir, "trial.json"), JSON.stringify(trial, null, 2));
  }

  checkpointPath(trialId: string): string {
    return path.join(this.dir, `trial_${trialId}`, "checkpoint.bin");
  }

  writeCheckpoint(trialId: string, weights: { shape: number[]; data: Float32Array }[]): void {
    const header = Buffer.from(JSON.stringify(weights.map((w) => w.shape)));
    const parts: Buffer[] = [Buffer.alloc(4), header];
    parts[0].writeUInt32LE(header.length, 0);
    for (const w of weights) parts.push(Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength));
    writeAtomic(this.checkpointPath(trialId), Buffer.concat(parts));
  }

  readCheckpoint(trialId: string): { shape: number[]; data: Float32Array }[] {
    const file = this.checkpointPath(trialId);
    if (!fs.existsSync(file)) throw new Error(`tuner: trial ${trialId} has no checkpoint (${file})`);
    const buf = fs.readFileSync(file);
    const headerLength = buf.readUInt32LE(0);
    const shapes = JSON.parse(buf.subarray(4, 4 + headerLength).toString("utf8")) as number[][];
    let at = 4 + headerLength;
    return shapes.map((shape) => {
      const n = shape.reduce((a, d) => a * d, 1);
      const data = new Float32Array(n);
      Buffer.from(data.buffer).set(buf.subarray(at, at + 4 * n));
      at += 4 * n;
      return { shape, data };
    });
  }
}

function writeAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, typeof content === "string" ? Buffer.from(content) : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
