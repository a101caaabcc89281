import { Figure } from "../../display/plotly.js";
import type { MimeBundle } from "../../display/mime.js";
import type { Objective } from "./objective.js";
import type { TrialRecord } from "./trial_store.js";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function formatValue(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return String(v);
}

/** The trials table (best first): HTML for the notebook, aligned text for terminals. */
export function trialsTable(title: string, trials: TrialRecord[], objective: Objective, limit: number): MimeBundle {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.hyperparameters)))].filter((n) => !n.startsWith("tuner/"));
  const done = trials.filter((t) => t.status === "COMPLETED" && t.score !== null);
  const sorted = [...done].sort((a, b) => (objective.better(a.score!, b.score!) ? -1 : objective.better(b.score!, a.score!) ? 1 : 0));
  const others = trials.filter((t) => !done.includes(t));
  const rows = [...sorted, ...others].slice(0, limit);
  const header = ["trial", ...names, objective.name, "status"];
  const cells = rows.map((t) => [t.trialId, ...names.map((n) => (n in t.hyperparameters ? formatValue(t.hyperparameters[n]) : "")), t.score === null ? "" : formatValue(t.score), t.status]);
  const bestId = sorted[0]?.trialId;
  const summary = `${title}: ${done.length} trials completed${others.length ? `, ${others.length} running/failed` : ""}; objective ${objective.name} (${objective.direction})${bestId ? `; best trial ${bestId} scored ${formatValue(sorted[0].score)}` : ""}`;
  const html =
    `<div class="tk-tuner"><p>${escapeHtml(summary)}</p><table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    cells.map((r, i) => `<tr${rows[i].trialId === bestId ? ' style="font-weight:bold"' : ""}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table></div>`;
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  const text = [summary, line(header), ...cells.map(line)].join("\n");
  return { "text/html": html, "text/plain": text };
}

/** A plotly parallel-coordinates figure: one axis per hyperparameter and one for the objective, lines coloured by score. */
export function parallelCoordinates(trials: TrialRecord[], objective: Objective): Figure {
  const done = trials.filter((t) => t.status === "COMPLETED" && t.score !== null);
  const names = [...new Set(done.flatMap((t) => Object.keys(t.hyperparameters)))].filter((n) => !n.startsWith("tuner/"));
  const dimensions = names.map((name) => {
    const values = done.map((t) => t.hyperparameters[name]);
    if (values.every((v) => typeof v === "number")) {
      const positive = (values as number[]).every((v) => v > 0);
      const spread = positive ? Math.max(...(values as number[])) / Math.min(...(values as number[])) : 0;
      // Log-sampled ranges (learning rates) spread over decades; plot them on a log10 axis.
      if (spread > 100) return { label: `log10(${name})`, values: (values as number[]).map(Math.log10) };
      return { label: name, values };
    }
    const categories = [...new Set(values.map(String))];
    return { label: name, values: values.map((v) => categories.indexOf(String(v))), tickvals: categories.map((_, i) => i), ticktext: categories };
  });
  const scores = done.map((t) => t.score!);
  dimensions.push({ label: objective.name, values: scores });
  return new Figure({
    data: [{ type: "parcoords", line: { color: scores, colorscale: "Viridis", showscale: true, reversescale: objective.direction === "min" }, dimensions }],
    layout: { title: { text: `Trials by ${objective.name}` }, height: 420 },
  });
}
