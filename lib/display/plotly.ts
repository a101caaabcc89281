import * as fs from "node:fs";
import { randomUUID } from "node:crypto";
import type { MimeBundle } from "./mime.js";
import { displaySink, onOutputAreaCleared } from "./display.js";

/** A plotly figure as plotly.js takes it: traces, layout and config. */
export interface PlotlyFigureSpec {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const plotlyMime = "application/vnd.plotly.v1+json";

/**
 * A plotly figure that displays itself: the last value of a cell, `display(fig)` or `fig.show()`.
 * Travels as `application/vnd.plotly.v1+json` (VS Code, JupyterLab), offline `text/html` (classic
 * Notebook, nbconvert, our runner) and `text/plain`.
 */
export class Figure implements PlotlyFigureSpec {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
  constructor(spec: PlotlyFigureSpec) {
    validateFigure(spec, "Figure");
    this.data = spec.data;
    this.layout = spec.layout ?? {};
    this.config = spec.config ?? {};
  }
  toJSON(): PlotlyFigureSpec {
    return { data: this.data, layout: this.layout, config: this.config };
  }
  toString(): string {
    return figureText(this);
  }
}

export function validateFigure(spec: unknown, caller: string): asserts spec is PlotlyFigureSpec {
  const s = spec as Record<string, unknown> | null;
  if (typeof s !== "object" || s === null || !Array.isArray(s.data)) {
    throw new TypeError(`${caller}: a plotly figure must be an object with a \`data\` array of traces (and optional \`layout\`, \`config\`); got ${s === null ? "null" : typeof s}`);
  }
  s.data.forEach((t, i) => {
    if (typeof t !== "object" || t === null || Array.isArray(t)) throw new TypeError(`${caller}: \`data[${i}]\` must be a trace object such as { type: "scatter", x: [...], y: [...] }`);
  });
  for (const k of ["layout", "config"]) {
    if (s[k] !== undefined && (typeof s[k] !== "object" || s[k] === null || Array.isArray(s[k]))) throw new TypeError(`${caller}: \`${k}\` must be an object`);
  }
}

export function figureText(fig: PlotlyFigureSpec): string {
  const layout = fig.layout ?? {};
  const titleObj = layout.title as unknown;
  const title = typeof titleObj === "string" ? titleObj : typeof titleObj === "object" && titleObj !== null ? String((titleObj as { text?: unknown }).text ?? "") : "";
  const traces = fig.data.map((t) => `${String(t.type ?? "scatter")}${t.name !== undefined ? ` '${String(t.name)}'` : ""}`);
  return `Figure(${title ? `'${title}', ` : ""}${fig.data.length} trace${fig.data.length === 1 ? "" : "s"}: ${traces.join(", ")})`;
}

let libraryShown = false;
/** The output area (cell) that carries plotly.js, when the sink names one. */
let libraryArea: string | undefined;

/** Forgets that plotly.js was sent, so the next figure sends it again. */
export function resetPlotlyLibrary(): void {
  libraryShown = false;
  libraryArea = undefined;
}

// When the cell that carried plotly.js is re-run or clears itself, the library is gone from the
// notebook; the next figure, in whatever cell, carries it again.
onOutputAreaCleared((area) => {
  if (libraryShown && area === libraryArea) resetPlotlyLibrary();
});

let librarySource: string | undefined;

/** plotly.js from `plotly.js-dist-min`, made safe to inline in a <script> element. */
export function plotlyLibrarySource(): string {
  if (librarySource === undefined) {
    const file = require.resolve("plotly.js-dist-min");
    librarySource = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
  }
  return librarySource;
}

/**
 * The HTML that defines `window.Plotly` and draws every figure that was waiting for it. Figures
 * queue themselves on `window.__tslabPlotlyQueue` until then, so order of arrival does not matter.
 */
export function plotlyLibraryHtml(): string {
  return (
    `<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n` +
    `<script type="text/javascript">/* plotly.js (plotly.js-dist-min), inlined once per notebook */\n${plotlyLibrarySource()}\n</script>\n` +
    `<script type="text/javascript">(function(){var q = window.__tslabPlotlyQueue || []; window.__tslabPlotlyQueue = {push: function(f){ f(); }}; q.forEach(function(f){ f(); });})();</script>`
  );
}

/**
 * Sends plotly.js once per kernel session as its own output, before the first figure that needs
 * it, like Python plotly's `init_notebook_mode(connected=False)`. Saved notebooks, nbconvert and
 * our runner's HTML keep that output ahead of every later figure, so the page never loads a CDN.
 */
export function ensurePlotlyLibrary(): void {
  const sink = displaySink();
  if (libraryShown || !sink.rich) return;
  libraryShown = true;
  libraryArea = sink.outputArea;
  sink.display({ "text/html": plotlyLibraryHtml(), "text/plain": "" }, {}, undefined);
}

/** Only the HTML that draws `fig` into a new div once plotly.js is there. */
export function figureHtml(fig: PlotlyFigureSpec, options: { height?: number } = {}): string {
  const id = `tk-plot-${randomUUID()}`;
  const height = options.height ?? Number((fig.layout ?? {}).height ?? 420);
  const json = JSON.stringify({ data: fig.data, layout: fig.layout ?? {}, config: { responsive: true, displaylogo: false, ...(fig.config ?? {}) } }).replace(/</g, "\\u003c");
  return (
    `<div id="${id}" class="plotly-graph-div" style="height:${height}px; width:100%;"></div>\n` +
    `<script type="text/javascript">(function(){var fig = ${json}; function draw(){ var el = document.getElementById(${JSON.stringify(id)}); if (el) window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); }` +
    ` if (window.Plotly && window.Plotly.newPlot) draw(); else (window.__tslabPlotlyQueue = window.__tslabPlotlyQueue || []).push(draw);})();</script>`
  );
}

/** The mime bundle of a figure; `extraHtml` goes above the plot in the HTML (e.g. a progress bar). */
export function figureBundle(fig: PlotlyFigureSpec, options: { extraHtml?: string; text?: string; height?: number } = {}): MimeBundle {
  validateFigure(fig, "figureBundle");
  ensurePlotlyLibrary();
  return {
    [plotlyMime]: { data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} },
    "text/html": `<div class="tk-figure">${options.extraHtml ?? ""}${figureHtml(fig, options)}</div>`,
    "text/plain": options.text ?? figureText(fig),
  };
}

/** Formatter for Figure (and plain `{data, layout}` objects marked by `plot.figure`). */
export function formatFigure(value: unknown): MimeBundle | undefined {
  if (!(value instanceof Figure)) return undefined;
  return figureBundle(value);
}

