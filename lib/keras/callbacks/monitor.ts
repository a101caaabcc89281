/** Keras's monitored-quantity rule shared by EarlyStopping, ModelCheckpoint and ReduceLROnPlateau. */
import { oneOf } from "../layers/options.js";

export type MonitorMode = "auto" | "min" | "max";
export const modeCheck = oneOf("auto", "min", "max");

/** "auto" means max for accuracy-like names (Keras: names containing "acc", "auc", "precision"...), min otherwise. */
export function isImprovement(mode: MonitorMode, monitor: string, minDelta: number): (current: number, best: number) => boolean {
  const maximize =
    mode === "max" || (mode === "auto" && /acc|auc|precision|recall|^fmeasure|f1/.test(monitor.replace(/^val_/, "")));
  const delta = Math.abs(minDelta);
  return maximize ? (current, best) => current - delta > best : (current, best) => current + delta < best;
}

export function initialBest(mode: MonitorMode, monitor: string): number {
  return isImprovement(mode, monitor, 0)(1, 0) ? -Infinity : Infinity;
}
