import * as tf from "@tensorflow/tfjs";
import { LiveCurves, type LiveCurvesOptions } from "../../display/live_curves.js";

type LogValue = number | tf.Tensor | undefined;

async function resolveLogs(logs: Record<string, LogValue> | undefined, skip: string[] = ["batch", "size"]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (!logs) return out;
  for (const [k, v] of Object.entries(logs)) {
    if (skip.includes(k)) continue;
    if (typeof v === "number") out[k] = v;
    else if (v instanceof tf.Tensor && !v.isDisposed && v.size === 1) out[k] = (await v.data())[0] as number;
  }
  return out;
}

export interface LivePlotOptions extends LiveCurvesOptions {
  /** Plot the running train metrics inside an epoch too (default true), not only at epoch ends. */
  batchCurves?: boolean;
}

/** What the x axis of a training figure measures, and how each curve is read on it. */
export const TRAINING_X_LABEL = "epochs completed";
export const TRAINING_SUBTITLE = "train: mean over the epoch so far · validation: at the end of each epoch";

/**
 * Keras-style callback that shows training live in the notebook: one output with a progress bar
 * (epoch, batch, ETA, metrics) and the loss/metric curves, train vs validation, updated in place a
 * few times a second however many batches there are; the final figure stays in the notebook.
 *
 * Train and validation are drawn so they compare: x is epochs completed, the train curve inside
 * an epoch is the mean over the epoch's batches so far (as Keras's progress bar shows it), so at
 * each epoch's end it is the epoch's train value, at the same x as that epoch's validation. A
 * single batch's loss would zig-zag around it. The sums stay on the device (one small op per
 * metric per batch) and are read only when an update is due, so it does not slow training.
 */
export class LivePlot extends tf.Callback {
  /** The curves of the current (or last) `fit`; a new one per `fit`. */
  curves: LiveCurves | undefined;
  private readonly options: LivePlotOptions;
  private epochs: number | undefined;
  private batchesPerEpoch: number | undefined;
  private epochStartedAt = 0;
  private batchesSeen = 0;
  private currentEpoch = 0;
  /** Per metric, Σ value·batch size over this epoch's batches so far (a tensor while on the device). */
  private sums = new Map<string, tf.Scalar | number>();
  private samplesSeen = 0;

  constructor(options: LivePlotOptions = {}) {
    super();
    if (typeof options !== "object" || options === null) throw new TypeError("LivePlot: `options` must be an object");
    this.options = { xLabel: TRAINING_X_LABEL, subtitle: TRAINING_SUBTITLE, ...options };
    new LiveCurves({ ...this.options, autoShow: false }); // validates the options now, not at the first fit
  }

  override async onTrainBegin(): Promise<void> {
    this.curves = new LiveCurves(this.options);
    const p = this.params as Record<string, unknown>;
    this.epochs = typeof p.epochs === "number" ? p.epochs : undefined;
    const steps = typeof p.steps === "number" ? p.steps : undefined;
    const samples = typeof p.samples === "number" ? p.samples : undefined;
    const batchSize = typeof p.batchSize === "number" ? p.batchSize : undefined;
    this.batchesPerEpoch = steps ?? (samples !== undefined && batchSize ? Math.ceil(samples / batchSize) : undefined);
    this.curves.progress({ epoch: 1, epochs: this.epochs, batch: 0, batches: this.batchesPerEpoch });
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.currentEpoch = epoch;
    this.epochStartedAt = Date.now();
    this.batchesSeen = 0;
    this.resetSums();
  }

  override async onBatchEnd(batch: number, logs?: Record<string, LogValue>): Promise<void> {
    this.batchesSeen = batch + 1;
    this.accumulate(logs);
    const curves = this.curves;
    if (!curves || !curves.isDue()) return;
    const metrics = await this.runningMeans();
    const elapsed = (Date.now() - this.epochStartedAt) / 1000;
    const n = this.batchesPerEpoch;
    const eta = n !== undefined && this.batchesSeen > 0 ? (elapsed / this.batchesSeen) * Math.max(0, n - this.batchesSeen) : undefined;
    // The epoch's last batch is plotted by onEpochEnd, at the same x.
    if (this.options.batchCurves !== false && n !== undefined && n > 1 && this.batchesSeen < n) curves.add(this.currentEpoch + this.batchesSeen / n, metrics);
    curves.progress({ epoch: this.currentEpoch + 1, epochs: this.epochs, batch: this.batchesSeen, batches: n, etaSeconds: eta, metrics });
  }

  override async onEpochEnd(epoch: number, logs?: Record<string, LogValue>): Promise<void> {
    this.resetSums();
    const curves = this.curves;
    if (!curves) return;
    const metrics = await resolveLogs(logs);
    // fitDataset learns the epoch length from the first epoch.
    if (this.batchesPerEpoch === undefined && this.batchesSeen > 0) this.batchesPerEpoch = this.batchesSeen;
    curves.add(epoch + 1, metrics);
    const elapsed = (Date.now() - this.epochStartedAt) / 1000;
    const left = this.epochs !== undefined ? Math.max(0, this.epochs - epoch - 1) * elapsed : undefined;
    curves.progress({ epoch: epoch + 1, epochs: this.epochs, batch: this.batchesSeen, batches: this.batchesPerEpoch ?? this.batchesSeen, etaSeconds: left, metrics });
  }

  override async onTrainEnd(): Promise<void> {
    this.resetSums();
    this.curves?.finish();
  }

  /** Adds a batch's scalar logs, weighted by its size, to the epoch's sums without reading them. */
  private accumulate(logs: Record<string, LogValue> | undefined): void {
    if (!logs) return;
    const size = typeof logs.size === "number" && logs.size > 0 ? logs.size : 1;
    for (const [k, v] of Object.entries(logs)) {
      if (k === "batch" || k === "size") continue;
      const prev = this.sums.get(k) ?? 0;
      if (typeof v === "number") {
        if (typeof prev === "number") this.sums.set(k, prev + v * size);
        else this.replaceSum(k, tf.tidy(() => tf.add(prev, v * size)));
      } else if (v instanceof tf.Tensor && !v.isDisposed && v.size === 1) {
        this.replaceSum(k, tf.tidy(() => tf.add(tf.mul(tf.reshape(v, []), size), prev) as tf.Scalar));
      }
    }
    this.samplesSeen += size;
  }

  private replaceSum(key: string, next: tf.Scalar): void {
    const prev = this.sums.get(key);
    if (prev instanceof tf.Tensor) prev.dispose();
    this.sums.set(key, next);
  }

  private async runningMeans(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (this.samplesSeen === 0) return out;
    for (const [k, sum] of this.sums) out[k] = (typeof sum === "number" ? sum : (await sum.data())[0]) / this.samplesSeen;
    return out;
  }

  private resetSums(): void {
    for (const s of this.sums.values()) if (s instanceof tf.Tensor) s.dispose();
    this.sums.clear();
    this.samplesSeen = 0;
  }
}
