import type * as tf from "@tensorflow/tfjs";
import { optimizerParams, type OptimizerParams } from "./optimizer_params.js";

/** One row of a model summary; `children` holds the layers of a nested model (or of a wrapper's model). */
export interface LayerSummary {
  name: string;
  className: string;
  /** Keras's text for the output shape: `(None, 10)`, `[(None, 3), (None, 4)]`, or `?` when unknown. */
  outputShape: string;
  /** `null` when the layer is not built yet (Keras prints `0 (unbuilt)`). */
  params: number | null;
  trainable: boolean;
  /** `name[node][tensor]` of each input, as Keras's "Connected to" column. */
  connectedTo: string[];
  children: LayerSummary[];
}

export interface ModelSummary {
  name: string;
  className: string;
  /** Keras prints three columns for a chain of layers and adds "Connected to" for graphs. */
  sequentialLike: boolean;
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  totalBytes: number;
  trainableBytes: number;
  nonTrainableBytes: number;
  /** Keras's "Optimizer params", counted into the totals, once a compiled model has trained a step. */
  optimizer?: OptimizerParams;
}

type AnyLayer = tf.layers.Layer & Record<string, any>;
interface TfNode {
  inboundLayers: AnyLayer[];
  nodeIndices: number[];
  tensorIndices: number[];
}

function assertModel(model: unknown, caller: string): asserts model is tf.LayersModel {
  const m = model as Record<string, unknown> | null;
  if (m === null || typeof m !== "object" || !Array.isArray(m.layers) || typeof m.countParams !== "function") {
    throw new TypeError(`${caller}: \`model\` must be a tf.LayersModel (a Sequential or functional model); got ${describe(model)}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return (v as object).constructor?.name ?? "object";
}

/** The model a layer holds: itself when it is a model, the wrapped model of a wrapper such as TimeDistributed. */
export function nestedModelOf(layer: unknown): tf.LayersModel | undefined {
  const l = layer as Record<string, any>;
  if (l && Array.isArray(l.layers) && typeof l.countParams === "function") return l as unknown as tf.LayersModel;
  const inner = l?.layer as Record<string, any> | undefined;
  if (inner && Array.isArray(inner.layers) && typeof inner.countParams === "function") return inner as unknown as tf.LayersModel;
  return undefined;
}

function isSequential(model: tf.LayersModel): boolean {
  return model.getClassName() === "Sequential";
}

/** `(None, 10)` as Keras 3 writes a shape (a 1-d shape is `(None)`, as its format_shape joins). */
export function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null || d === undefined ? "None" : String(d))).join(", ")})`;
}

/** Keras reads the shapes of the layer's last inbound node (a nested model has its own node and the outer call's). */
export function outputShapeText(layer: AnyLayer): string {
  const nodes = (layer.inboundNodes ?? []) as { outputShapes: unknown }[];
  let shape: unknown;
  if (nodes.length > 0) shape = nodes[nodes.length - 1].outputShapes;
  else {
    if (!layer.built) return "?";
    try {
      shape = layer.outputShape;
    } catch {
      return "?";
    }
  }
  if (!Array.isArray(shape)) return "?";
  if (shape.length > 0 && Array.isArray(shape[0])) {
    const all = (shape as (number | null)[][]).map(formatShape);
    return all.length === 1 ? all[0] : `[${all.join(", ")}]`;
  }
  return formatShape(shape as (number | null)[]);
}

function weightCount(weights: readonly { shape: readonly (number | null)[] }[]): number {
  return weights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
}

const dtypeBytes: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 8 };

function weightBytes(weights: readonly { shape: readonly (number | null)[]; dtype: string; id?: number }[]): number {
  const seen = new Set<unknown>();
  let bytes = 0;
  for (const w of weights) {
    const key = w.id ?? w;
    if (seen.has(key)) continue;
    seen.add(key);
    bytes += w.shape.reduce((a: number, b) => a * (b ?? 0), 1) * (dtypeBytes[w.dtype] ?? 4);
  }
  return bytes;
}

/** Keras's test for "a chain of layers": one node per depth, each with one input, no shared layer. */
function isSequentialLike(model: tf.LayersModel): boolean {
  if (isSequential(model)) return true;
  const byDepth = (model as unknown as { nodesByDepth?: Record<string, TfNode[]> }).nodesByDepth;
  if (!byDepth) return true;
  const nodes: TfNode[] = [];
  for (const v of Object.values(byDepth)) {
    if (v.length > 1 || (v.length === 1 && v[0].inboundLayers.length > 1)) return false;
    nodes.push(...v);
  }
  for (const layer of model.layers as AnyLayer[]) {
    const own = (layer.inboundNodes as TfNode[]).filter((n) => nodes.includes(n));
    if (own.length > 1) return false;
  }
  return true;
}

function relevantNodes(model: tf.LayersModel): Set<TfNode> | undefined {
  const byDepth = (model as unknown as { nodesByDepth?: Record<string, TfNode[]> }).nodesByDepth;
  if (!byDepth) return undefined;
  return new Set(Object.values(byDepth).flat());
}

function connections(layer: AnyLayer, relevant: Set<TfNode> | undefined): string[] {
  const out: string[] = [];
  for (const node of (layer.inboundNodes ?? []) as TfNode[]) {
    if (relevant && !relevant.has(node)) continue;
    node.inboundLayers.forEach((inbound, i) => out.push(`${inbound.name}[${node.nodeIndices[i]}][${node.tensorIndices[i]}]`));
  }
  return out;
}

function layerSummary(layer: AnyLayer, relevant: Set<TfNode> | undefined): LayerSummary {
  const nested = nestedModelOf(layer);
  let params: number | null = null;
  if (layer.built) params = weightCount(layer.weights as tf.LayerVariable[]);
  const innerRelevant = nested ? relevantNodes(nested) : undefined;
  return {
    name: layer.name,
    className: kerasClassName(layer),
    outputShape: outputShapeText(layer),
    params,
    trainable: layer.trainable,
    connectedTo: connections(layer, relevant),
    children: nested ? (nested.layers as AnyLayer[]).filter((l) => !(isSequential(nested) && l.getClassName() === "InputLayer")).map((l) => layerSummary(l, innerRelevant)) : [],
  };
}

/**
 * The class name Keras 3 shows for a layer: tfjs calls a functional model "Model", Keras's class
 * is `Functional` (e.g. `inception_v3 (Functional)` in a summary).
 */
export function kerasClassName(layer: { getClassName(): string }): string {
  const name = layer.getClassName();
  return name === "Model" ? "Functional" : name;
}

/** Everything `model.summary()` shows, as data: the rows, the parameter counts and their sizes. */
export function modelSummary(model: tf.LayersModel): ModelSummary {
  assertModel(model, "modelSummary");
  const relevant = isSequential(model) ? undefined : relevantNodes(model);
  // Keras 3 lists a Sequential's layers without its InputLayer and a functional model's with them.
  const layers = (model.layers as AnyLayer[]).filter((l) => !(isSequential(model) && l.getClassName() === "InputLayer"));
  const trainable = model.trainableWeights as unknown as tf.LayerVariable[];
  const nonTrainable = model.nonTrainableWeights as unknown as tf.LayerVariable[];
  const trainableParams = weightCount(trainable);
  const nonTrainableParams = weightCount(nonTrainable);
  const trainableBytes = weightBytes(trainable);
  const nonTrainableBytes = weightBytes(nonTrainable);
  const optimizer = optimizerParams(model, trainableParams);
  return {
    name: model.name,
    className: kerasClassName(model),
    sequentialLike: isSequentialLike(model),
    layers: layers.map((l) => layerSummary(l, relevant)),
    totalParams: trainableParams + nonTrainableParams + (optimizer?.count ?? 0),
    trainableParams,
    nonTrainableParams,
    totalBytes: trainableBytes + nonTrainableBytes + (optimizer?.bytes ?? 0),
    trainableBytes,
    nonTrainableBytes,
    ...(optimizer ? { optimizer } : {}),
  };
}

/** Keras's `readable_memory_size`: "4.82 KB". */
export function readableMemorySize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** "1,234" as Python's `f"{n:,}"`. */
export function groupThousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export interface SummaryTextOptions {
  /** Total width of the table; Keras's default is 88 (chains) or 108 (graphs), capped at the terminal width less 4 (76 off a terminal). */
  lineLength?: number;
  /** Relative (≤ 1) or absolute column ends, as Keras's `positions`. */
  positions?: number[];
  expandNested?: boolean;
  showTrainable?: boolean;
  /** `[first, last]` layer-name regexes, both inclusive. */
  layerRange?: [string, string];
}

/** Python's round(): halves go to the even neighbour (rich's column arithmetic depends on it). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (Math.abs(diff - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

/** rich's `ratio_reduce`: takes `total` off `values` in proportion to `ratios`. */
function ratioReduce(total: number, ratios: number[], maximums: number[], values: number[]): number[] {
  ratios = ratios.map((r, i) => (maximums[i] ? r : 0));
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  if (!totalRatio) return values.slice();
  let remaining = total;
  return values.map((value, i) => {
    const ratio = ratios[i];
    if (ratio && totalRatio > 0) {
      const distributed = Math.min(maximums[i], roundHalfEven((ratio * remaining) / totalRatio));
      remaining -= distributed;
      totalRatio -= ratio;
      return value - distributed;
    }
    return value;
  });
}

/** Greedy word wrap as rich does in a cell; a word longer than the cell is folded. */
function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    // Leading spaces (the nesting indent) stay with the first word, as rich keeps them.
    const indent = /^ */.exec(para)![0];
    const words = para.slice(indent.length).split(" ");
    words[0] = indent + words[0];
    let line = "";
    for (const word of words) {
      let w = word;
      const candidate = line === "" ? w : `${line} ${w}`;
      if ([...candidate].length <= width) {
        line = candidate;
        continue;
      }
      if (line !== "") lines.push(line);
      while ([...w].length > width) {
        lines.push([...w].slice(0, width).join(""));
        w = [...w].slice(width).join("");
      }
      line = w;
    }
    lines.push(line);
  }
  return lines;
}

function layerIndexRange(layers: LayerSummary[], range: [string, string] | undefined): [number, number] {
  if (range === undefined) return [0, layers.length];
  if (!Array.isArray(range) || range.length !== 2 || typeof range[0] !== "string" || typeof range[1] !== "string") {
    throw new TypeError(`summary: \`layerRange\` must be two layer-name patterns [first, last]; got ${JSON.stringify(range)}`);
  }
  const match = (p: string) => layers.flatMap((l, i) => (new RegExp(`^(?:${p})`).test(l.name) ? [i] : []));
  const lower = match(range[0]);
  const upper = match(range[1]);
  if (!lower.length || !upper.length) throw new RangeError(`summary: \`layerRange\` ${JSON.stringify(range)} matches no layer name of the model`);
  if (Math.min(...lower) > Math.max(...upper)) return [Math.min(...upper), Math.max(...lower) + 1];
  return [Math.min(...lower), Math.max(...upper) + 1];
}

/**
 * The text Keras 3's `model.summary()` prints off a terminal: the same box-drawn table that rich
 * renders (widths, wrapping and alignment computed as rich does), then the parameter totals.
 */
export function summaryText(model: tf.LayersModel, options: SummaryTextOptions = {}): string {
  const s = modelSummary(model);
  const header = ["Layer (type)", "Output Shape", "Param #"];
  const align: ("left" | "right" | "center")[] = ["left", "left", "right"];
  let lineLength = s.sequentialLike ? 88 : 108;
  let positions = options.positions ?? (s.sequentialLike ? [0.45, 0.8, 1.0] : [0.3, 0.56, 0.74, 1.0]);
  if (!s.sequentialLike) {
    header.push("Connected to");
    align.push("left");
  }
  if (options.showTrainable) {
    lineLength += 12;
    positions = [...positions.map((p) => p * 0.9), 1.0];
    header.push("Trainable");
    align.push("center");
  }
  lineLength = Math.min(lineLength, 76);
  if (options.lineLength !== undefined) {
    if (!Number.isInteger(options.lineLength) || options.lineLength < 20) throw new RangeError(`summary: \`lineLength\` must be an integer ≥ 20; got ${options.lineLength}`);
    lineLength = options.lineLength;
  }
  if (positions.length !== header.length) throw new RangeError(`summary: \`positions\` needs ${header.length} column ends; got ${positions.length}`);
  if (positions[positions.length - 1] <= 1) positions = positions.map((p) => p * lineLength);
  const widths: number[] = [];
  let current = 0;
  for (const pos of positions) {
    const w = Math.trunc(pos) - current;
    if (w < 4) throw new RangeError("summary: insufficient console width to print summary (a column would be under 4 characters)");
    widths.push(w);
    current += w;
  }
  // rich: a fixed column is its width plus one space of padding each side; the table is squeezed to lineLength.
  let cells = widths.map((w) => w + 2);
  const inner = lineLength - (widths.length + 1);
  const sum = cells.reduce((a, b) => a + b, 0);
  if (sum > inner) cells = ratioReduce(sum - inner, cells.map(() => 1), cells, cells);
  const content = cells.map((c) => c - 2);

  const rows: string[][] = [];
  const addRows = (l: LayerSummary, level: number) => {
    const prefix = level ? "   ".repeat(level) + "└ " : "";
    const params = l.params === null ? "0 (unbuilt)" : groupThousands(l.params);
    const row = [`${prefix}${l.name} (${l.className})`, l.outputShape, params];
    if (!s.sequentialLike) row.push(l.connectedTo.length ? l.connectedTo.join(", ") : "-");
    if (options.showTrainable) row.push(l.params ? (l.trainable ? "Y" : "N") : "-");
    rows.push(row);
    if (options.expandNested) for (const c of l.children) addRows(c, level + 1);
  };
  const [lo, hi] = layerIndexRange(s.layers, options.layerRange);
  s.layers.slice(lo, hi).forEach((l) => addRows(l, 0));

  const pad = (text: string, i: number) => {
    const gap = Math.max(0, content[i] - [...text].length);
    if (align[i] === "right") return " ".repeat(gap) + text;
    if (align[i] === "center") return " ".repeat(Math.floor(gap / 2)) + text + " ".repeat(gap - Math.floor(gap / 2));
    return text + " ".repeat(gap);
  };
  const rule = (l: string, fill: string, mid: string, r: string) => l + cells.map((c) => fill.repeat(c)).join(mid) + r;
  const textRow = (fields: string[], edge: string, sep: string) => {
    const wrapped = fields.map((f, i) => wrapCell(f, content[i]));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) out.push(edge + wrapped.map((w, i) => ` ${pad(w[k] ?? "", i)} `).join(sep) + edge);
    return out;
  };
  const lines: string[] = [`Model: "${s.name}"`, rule("┏", "━", "┳", "┓"), ...textRow(header, "┃", "┃"), rule("┡", "━", "╇", "┩")];
  rows.forEach((r, i) => {
    if (i > 0) lines.push(rule("├", "─", "┼", "┤"));
    lines.push(...textRow(r, "│", "│"));
  });
  lines.push(rule("└", "─", "┴", "┘"));
  lines.push(` Total params: ${groupThousands(s.totalParams)} (${readableMemorySize(s.totalBytes)})`);
  lines.push(` Trainable params: ${groupThousands(s.trainableParams)} (${readableMemorySize(s.trainableBytes)})`);
  lines.push(` Non-trainable params: ${groupThousands(s.nonTrainableParams)} (${readableMemorySize(s.nonTrainableBytes)})`);
  if (s.optimizer) lines.push(` Optimizer params: ${groupThousands(s.optimizer.count)} (${readableMemorySize(s.optimizer.bytes)})`);
  return lines.join("\n") + "\n";
}
