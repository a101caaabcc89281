import { randomUUID } from "node:crypto";
import { displaySink } from "./display.js";
import type { MimeBundle } from "./mime.js";
import { escapeHtml } from "./html_escape.js";
import { figureBundle, type PlotlyFigureSpec } from "./plotly.js";

export interface LiveCurvesOptions {
  title?: string;
  /** A line under the title saying what the curves are (LivePlot: how train and validation are measured). */
  subtitle?: string;
  /** Display updates per second at most (default 4); values arriving faster are kept and shown at the next update. */
  maxUpdatesPerSecond?: number;
  /** Label of the x axis (default "epoch"). */
  xLabel?: string;
  height?: number;
  /** `false` keeps it off screen until `render()`/`finish()` (for building a static figure). Default true. */
  autoShow?: boolean;
}

/** Where training is, for the progress bar. Every field is optional: show what is known. */
export interface TrainingProgress {
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  /** Seconds left in this epoch (estimated by the caller, or from batch times when left out). */
  etaSeconds?: number;
  metrics?: Record<string, number>;
}

interface Series {
  x: number[];
  y: number[];
}

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

function checkFinitePoint(x: unknown, caller: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new TypeError(`${caller}: \`x\` must be a finite number (epoch or step); got ${String(x)}`);
  return x;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

function metricValue(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

/**
 * Loss and metric curves (train vs `val_`), one subplot per metric, shown in ONE output that is
 * updated in place, throttled, with a progress bar above. Feed it from training (the LivePlot
 * callback does) or by hand: `curves.add(step, { loss: 0.3, val_loss: 0.4 })`.
 */
export class LiveCurves {
  readonly displayId: string;
  readonly title: string;
  private readonly subtitle: string | undefined;
  private readonly minIntervalMs: number;
  private readonly xLabel: string;
  private readonly height: number;
  private readonly series = new Map<string, Series>();
  private progressState: TrainingProgress | undefined;
  private lastRenderAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private finished = false;
  private readonly autoShow: boolean;
  /** Number of display messages sent (the first display plus updates): what the throttle limits. */
  renders = 0;

  constructor(options: LiveCurvesOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("LiveCurves: `options` must be an object");
    const rate = options.maxUpdatesPerSecond ?? 4;
    if (typeof rate !== "number" || !(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`LiveCurves: \`maxUpdatesPerSecond\` must be a positive number; got ${String(rate)}`);
    this.minIntervalMs = 1000 / rate;
    this.title = options.title ?? "Training";
    this.subtitle = options.subtitle;
    this.xLabel = options.xLabel ?? "epoch";
    this.height = options.height ?? 360;
    this.displayId = `tk-live-${randomUUID()}`;
    this.autoShow = options.autoShow !== false;
  }

  /** Records values at `x` (keys starting `val_` are validation curves) and schedules an update. */
  add(x: number, values: Record<string, number>): this {
    checkFinitePoint(x, "LiveCurves.add");
    if (typeof values !== "object" || values === null) throw new TypeError("LiveCurves.add: `values` must be an object of metric name → number, e.g. { loss: 0.3 }");
    for (const [name, v] of Object.entries(values)) {
      if (typeof v !== "number") throw new TypeError(`LiveCurves.add: value of \`${name}\` must be a number; got ${typeof v}`);
      if (!Number.isFinite(v)) continue; // NaN/inf losses are shown in the bar but cannot be plotted
      let s = this.series.get(name);
      if (!s) this.series.set(name, (s = { x: [], y: [] }));
      s.x.push(x);
      s.y.push(v);
    }
    this.schedule();
    return this;
  }

  /** Sets the progress bar state and schedules an update. */
  progress(p: TrainingProgress): this {
    this.progressState = { ...p };
    this.schedule();
    return this;
  }

  /** True when an update now would not exceed the rate limit (callers skip costly reads otherwise). */
  isDue(): boolean {
    return !this.finished && Date.now() >= this.lastRenderAt + this.minIntervalMs;
  }

  /** Names of the curves recorded so far. */
  names(): string[] {
    return [...this.series.keys()];
  }

  points(name: string): { x: number[]; y: number[] } | undefined {
    const s = this.series.get(name);
    return s && { x: s.x.slice(), y: s.y.slice() };
  }

  /** The figure of the curves now: one subplot per metric, train solid, validation dashed. */
  figure(): PlotlyFigureSpec {
    const bases = [...new Set(this.names().map((n) => n.replace(/^val_/, "")))];
    const data: Record<string, unknown>[] = [];
    const layout: Record<string, unknown> = {
      // Plotly's titles take its small HTML subset (<br>, <sup>), as a title given by a user may.
      title: { text: this.subtitle ? `${this.title}<br><sup>${this.subtitle}</sup>` : this.title },
      height: this.height,
      margin: { t: 50, l: 60, r: 20, b: 50 },
      legend: { orientation: "h", y: -0.2 },
    };
    const columns = Math.min(Math.max(bases.length, 1), 3);
    const rows = Math.max(1, Math.ceil(bases.length / columns));
    if (bases.length > 1) layout.grid = { rows, columns, pattern: "independent" };
    bases.forEach((base, i) => {
      const axis = i === 0 ? "" : String(i + 1);
      layout[`xaxis${axis}`] = { title: { text: this.xLabel } };
      layout[`yaxis${axis}`] = { title: { text: base } };
      const color = palette[i % palette.length];
      for (const name of [base, `val_${base}`]) {
        const s = this.series.get(name);
        if (!s) continue;
        data.push({
          type: "scatter",
          // Validation comes once an epoch: its points are always marked.
          mode: s.x.length > 50 && !name.startsWith("val_") ? "lines" : "lines+markers",
          name,
          x: s.x,
          y: s.y,
          xaxis: `x${axis}`,
          yaxis: `y${axis}`,
          line: { color, dash: name.startsWith("val_") ? "dash" : "solid" },
        });
      }
    });
    if (rows > 1) layout.height = this.height * rows * 0.8;
    return { data, layout, config: { displaylogo: false } };
  }

  progressText(): string {
    const p = this.progressState;
    if (!p) return "";
    const parts: string[] = [];
    if (p.epoch !== undefined) parts.push(`Epoch ${p.epoch}${p.epochs !== undefined ? `/${p.epochs}` : ""}`);
    if (p.batch !== undefined) {
      const width = 20;
      const frac = p.batches ? Math.min(1, p.batch / p.batches) : 0;
      const filled = Math.round(frac * width);
      parts.push(`${p.batch}${p.batches ? `/${p.batches}` : ""} ${p.batches ? "━".repeat(filled) + "─".repeat(width - filled) : ""}`.trimEnd());
    }
    if (p.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
    // Keras's order: training values first, then validation.
    const entries = Object.entries(p.metrics ?? {});
    const m = [...entries.filter(([k]) => !k.startsWith("val_")), ...entries.filter(([k]) => k.startsWith("val_"))].map(([k, v]) => `${k}: ${metricValue(v)}`);
    if (m.length) parts.push(m.join(" - "));
    return parts.join("  ");
  }

  private progressHtml(): string {
    const p = this.progressState;
    if (!p) return "";
    const frac = p.batches && p.batch !== undefined ? Math.min(1, p.batch / p.batches) : p.epochs && p.epoch !== undefined ? Math.min(1, p.epoch / p.epochs) : 0;
    const label = escapeHtml(this.progressText());
    return (
      `<div class="tk-progress" style="font-family:monospace;margin:4px 0">` +
      `<progress value="${frac.toFixed(4)}" max="1" style="width:240px;vertical-align:middle"></progress> ` +
      `<span class="tk-progress-label">${label}</span></div>`
    );
  }

  /** The mime bundle of the current state (progress bar + figure). */
  bundle(): MimeBundle {
    const fig = this.figure();
    const text = [this.progressText(), this.summaryText()].filter((s) => s !== "").join("\n");
    return figureBundle(fig, { extraHtml: this.progressHtml(), text, height: Number(fig.layout?.height ?? this.height) });
  }

  private summaryText(): string {
    const last = this.names().map((n) => {
      const s = this.series.get(n)!;
      return `${n}: ${metricValue(s.y[s.y.length - 1])}`;
    });
    return last.length ? `${this.title}: ${last.join(" - ")}` : "";
  }

  /** Shows the current state now (the first call creates the output, later ones replace it). */
  render(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const sink = displaySink();
    this.lastRenderAt = Date.now();
    // A terminal cannot replace an output: it gets the final state once, from finish().
    if (!sink.rich) return;
    const data = this.bundle();
    if (!this.shown) sink.display(data, {}, this.displayId);
    else sink.update(data, {}, this.displayId);
    this.shown = true;
    this.renders++;
  }

  private schedule(): void {
    if (this.finished || !this.autoShow) return;
    const wait = this.lastRenderAt + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.render();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.finished) this.render();
    }, wait);
    this.timer.unref?.();
  }

  /**
   * Draws the final state at once and stops updating: that last figure is what stays in the saved
   * notebook. Off a kernel (a terminal) it prints the final text once.
   */
  finish(): void {
    if (this.finished) return;
    this.render();
    this.finished = true;
    const sink = displaySink();
    if (!sink.rich) sink.display({ "text/plain": [this.progressText(), this.summaryText()].filter((t) => t !== "").join("\n") }, {}, undefined);
  }
}
