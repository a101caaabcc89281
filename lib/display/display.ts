import { randomUUID } from "node:crypto";
import { formatValue } from "./formatters.js";
import type { MimeBundle, MimeMetadata } from "./mime.js";

/**
 * Where displays go. The kernel installs one that sends `display_data` / `update_display_data`
 * to the cell that is running (or that started the timer); outside a kernel the default prints
 * the text/plain representation, so library code can display unconditionally.
 */
export interface DisplaySink {
  display(data: MimeBundle, metadata: MimeMetadata, displayId: string | undefined): void;
  update(data: MimeBundle, metadata: MimeMetadata, displayId: string): void;
  /** Clears the current cell's output (`wait`: only once new output arrives, to avoid flicker). */
  clear?(wait: boolean): void;
  /** True when a front end renders rich output (a kernel), false for a terminal. */
  readonly rich: boolean;
  /**
   * Which output area output goes to now: the front end's cell id when it sends one (JupyterLab,
   * Notebook 7, our runner), else the execute request's id. Undefined outside a cell.
   */
  readonly outputArea?: string;
}

const clearedListeners = new Set<(area: string) => void>();

/**
 * Hears of output areas whose outputs were wiped: the cell was run again (front ends clear a
 * cell's outputs when it re-runs) or cleared itself. Output that must exist once per notebook
 * (plotly.js) is sent again after its area is wiped.
 */
export function onOutputAreaCleared(listener: (area: string) => void): () => void {
  clearedListeners.add(listener);
  return () => clearedListeners.delete(listener);
}

/** Tells the listeners that `area`'s outputs are gone (the kernel calls this). */
export function outputAreaCleared(area: string): void {
  for (const listener of clearedListeners) listener(area);
}

const terminalSink: DisplaySink = {
  rich: false,
  display(data) {
    const text = data["text/plain"];
    if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : text + "\n");
  },
  update() {
    // A terminal cannot rewrite an earlier output; the final state is shown by whoever ends it.
  },
};

let sink: DisplaySink = terminalSink;

export function setDisplaySink(next: DisplaySink | null): void {
  sink = next ?? terminalSink;
}

export function displaySink(): DisplaySink {
  return sink;
}

export interface DisplayOptions {
  /** `true` makes a fresh id; a string reuses that id so a later `update` replaces this output. */
  displayId?: string | boolean;
  metadata?: MimeMetadata;
  /** Send `value` as a ready mime bundle instead of formatting it. */
  raw?: boolean;
}

/** A display that can be replaced in place, as IPython's `DisplayHandle`. */
export class DisplayHandle {
  constructor(readonly displayId: string) {}
  update(value: unknown, options: Omit<DisplayOptions, "displayId"> = {}): void {
    const { data, metadata } = bundleOf(value, options);
    sink.update(data, metadata, this.displayId);
  }
  display(value: unknown, options: Omit<DisplayOptions, "displayId"> = {}): void {
    const { data, metadata } = bundleOf(value, options);
    sink.display(data, metadata, this.displayId);
  }
}

function bundleOf(value: unknown, options: DisplayOptions): { data: MimeBundle; metadata: MimeMetadata } {
  if (options.raw) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError("display(value, { raw: true }): `value` must be a mime bundle object such as { 'text/html': '<b>hi</b>' }");
    }
    return { data: { ...(value as MimeBundle) }, metadata: { ...(options.metadata ?? {}) } };
  }
  const out = formatValue(value);
  return { data: out.data, metadata: { ...out.metadata, ...(options.metadata ?? {}) } };
}

function show(value: unknown, options: DisplayOptions = {}): DisplayHandle | undefined {
  const { data, metadata } = bundleOf(value, options);
  const id = options.displayId === true ? randomUUID() : typeof options.displayId === "string" ? options.displayId : undefined;
  sink.display(data, metadata, id);
  return id === undefined ? undefined : new DisplayHandle(id);
}

/** Every bundle carries text/plain too, so terminals, logs and any front end show something. */
function rawOf(mime: string, plain: (content: string) => string) {
  return (content: string, options: Omit<DisplayOptions, "raw"> = {}) => show({ [mime]: content, "text/plain": plain(content) }, { ...options, raw: true });
}

/**
 * `display(value)` shows any value richly (models, frames, tensors, figures...) through the
 * formatter registry; the helpers send one mime type. Several mime types and metadata go in one
 * message with `display({ "text/html": ..., "text/plain": ... }, { raw: true, metadata })`.
 */
export const display = Object.assign(show, {
  html: rawOf("text/html", () => "<HTML>"),
  markdown: rawOf("text/markdown", (c) => c),
  svg: rawOf("image/svg+xml", () => "<SVG image>"),
  latex: rawOf("text/latex", (c) => c),
  text: (content: string, options: Omit<DisplayOptions, "raw"> = {}) => show({ "text/plain": content }, { ...options, raw: true }),
  javascript: rawOf("application/javascript", () => "<JavaScript>"),
  json: (value: unknown, options: Omit<DisplayOptions, "raw"> = {}) =>
    show({ "application/json": value, "text/plain": JSON.stringify(value, null, 2) }, { ...options, raw: true }),
  png: (bytes: Uint8Array, options: Omit<DisplayOptions, "raw"> = {}) =>
    show({ "image/png": Buffer.from(bytes).toString("base64"), "text/plain": "<PNG image>" }, { ...options, raw: true }),
  jpeg: (bytes: Uint8Array, options: Omit<DisplayOptions, "raw"> = {}) =>
    show({ "image/jpeg": Buffer.from(bytes).toString("base64"), "text/plain": "<JPEG image>" }, { ...options, raw: true }),
  /** Clears the cell's output, as IPython's `clear_output(wait)`. */
  clear: (options: { wait?: boolean } = {}) => sink.clear?.(options.wait === true),
  /** Replaces the output shown under `displayId` (IPython's `update_display`). */
  update: (displayId: string, value: unknown, options: Omit<DisplayOptions, "displayId"> = {}) => new DisplayHandle(displayId).update(value, options),
});
export type Display = typeof display;
