import type { MimeBundle } from "./mime.js";
import { LiveCurves } from "./live_curves.js";

interface HistoryLike {
  epoch: number[];
  history: Record<string, unknown[]>;
}

function isHistoryLike(v: unknown): v is HistoryLike {
  const h = v as Record<string, unknown> | null;
  return typeof h === "object" && h !== null && Array.isArray(h.epoch) && typeof h.history === "object" && h.history !== null && !Array.isArray(h.history) &&
    Object.values(h.history as object).every((a) => Array.isArray(a));
}

/** The curves of a finished training (epochs numbered from 1, as Keras's progress shows them). */
export function historyCurves(h: HistoryLike, title = "Training history"): LiveCurves {
  const curves = new LiveCurves({ title, autoShow: false });
  const names = Object.keys(h.history);
  h.epoch.forEach((e, i) => {
    const values: Record<string, number> = {};
    for (const n of names) {
      const v = h.history[n][i];
      if (typeof v === "number") values[n] = v;
    }
    curves.add(e + 1, values);
  });
  return curves;
}

/** Formatter for a tf History (what `fit` returns): its curves as a static figure. */
export function formatHistory(value: unknown): MimeBundle | undefined {
  if (!isHistoryLike(value)) return undefined;
  const curves = historyCurves(value);
  const bundle = curves.bundle();
  const names = Object.keys(value.history);
  const rows = value.epoch.map((e, i) => `Epoch ${e + 1}: ${names.map((n) => `${n}=${typeof value.history[n][i] === "number" ? (value.history[n][i] as number).toFixed(4) : "?"}`).join(" ")}`);
  return { ...bundle, "text/plain": `History(${value.epoch.length} epochs; ${names.join(", ")})\n${rows.join("\n")}` };
}
