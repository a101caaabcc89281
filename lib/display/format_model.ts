import type * as tf from "@tensorflow/tfjs";
import type { MimeBundle } from "./mime.js";
import { escapeHtml } from "./html_escape.js";
import { groupThousands, modelSummary, readableMemorySize, summaryText, type LayerSummary } from "./model_summary.js";

function isLayersModel(v: unknown): v is tf.LayersModel {
  const m = v as Record<string, unknown> | null;
  return typeof m === "object" && m !== null && Array.isArray(m.layers) && typeof m.countParams === "function" && typeof m.getClassName === "function" && "inputs" in m;
}

function layerRows(l: LayerSummary, graph: boolean, level: number): string {
  const params = l.params === null ? "0 (unbuilt)" : groupThousands(l.params);
  const indent = level ? ` style="padding-left:${level * 1.5}em"` : "";
  const cells = `<td${indent}><code>${escapeHtml(l.name)}</code> (${escapeHtml(l.className)})</td><td><code>${escapeHtml(l.outputShape)}</code></td><td style="text-align:right">${params}</td>${
    graph ? `<td>${l.connectedTo.length ? l.connectedTo.map((c) => `<code>${escapeHtml(c)}</code>`).join(", ") : "-"}</td>` : ""
  }`;
  if (l.children.length === 0) return `<tr>${cells}</tr>`;
  // A nested model's rows sit in their own tbody, folded by a <details> toggle in the first cell.
  const inner = l.children.map((c) => layerRows(c, graph, level + 1)).join("");
  return `<tr class="tk-nested">${cells}</tr><tr><td colspan="${graph ? 4 : 3}" style="padding:0"><details><summary style="cursor:pointer;padding-left:${(level + 1) * 1.5}em">${l.children.length} layers inside <code>${escapeHtml(l.name)}</code></summary><table class="tk-summary-inner" style="width:100%;border-collapse:collapse">${inner}</table></details></td></tr>`;
}

/** The summary as an HTML table: one row per layer, nested models folded, totals below. */
export function modelSummaryHtml(model: tf.LayersModel): string {
  const s = modelSummary(model);
  const graph = !s.sequentialLike;
  const head = `<tr><th style="text-align:left">Layer (type)</th><th style="text-align:left">Output Shape</th><th style="text-align:right">Param #</th>${graph ? '<th style="text-align:left">Connected to</th>' : ""}</tr>`;
  const body = s.layers.map((l) => layerRows(l, graph, 0)).join("");
  const total = (label: string, n: number, bytes: number, cls: string) => `<div class="${cls}"><b>${label}:</b> <span class="tk-count">${groupThousands(n)}</span> (${readableMemorySize(bytes)})</div>`;
  return (
    `<div class="tk-model-summary"><div><b>Model: "${escapeHtml(s.name)}"</b> <small>(${escapeHtml(s.className)})</small></div>` +
    `<table class="tk-summary" style="border-collapse:collapse"><thead>${head}</thead><tbody>${body}</tbody></table>` +
    total("Total params", s.totalParams, s.totalBytes, "tk-total-params") +
    total("Trainable params", s.trainableParams, s.trainableBytes, "tk-trainable-params") +
    total("Non-trainable params", s.nonTrainableParams, s.nonTrainableBytes, "tk-non-trainable-params") +
    (s.optimizer ? total("Optimizer params", s.optimizer.count, s.optimizer.bytes, "tk-optimizer-params") : "") +
    `</div>`
  );
}

/** Formatter for tf.LayersModel: the HTML table plus the exact `model.summary()` text. */
export function formatModel(value: unknown): MimeBundle | undefined {
  if (!isLayersModel(value)) return undefined;
  return { "text/html": modelSummaryHtml(value), "text/plain": summaryText(value) };
}
