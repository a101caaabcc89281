import * as path from "node:path";
import * as fs from "node:fs";
import type * as tf from "@tensorflow/tfjs";
import type * as DagreModule from "@dagrejs/dagre" with { "resolution-mode": "require" };
// dagre is an ES module with a CommonJS build; require() picks that build under our CommonJS output.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require("@dagrejs/dagre") as typeof DagreModule;
import { escapeHtml } from "../../display/html_escape.js";
import { formatShape, kerasClassName, nestedModelOf, outputShapeText } from "../../display/model_summary.js";
import { writeFileAtomic } from "../../files/write_file_atomic.js";
import type { MimeBundle } from "../../display/mime.js";

export interface PlotModelOptions {
  /** Input and output shapes in each box (Keras: show_shapes). */
  showShapes?: boolean;
  /** Input and output dtypes in each box (Keras: show_dtype). */
  showDtype?: boolean;
  /** Layer names before the class names (Keras: show_layer_names; default true). */
  showLayerNames?: boolean;
  /** Whether each layer is trainable (Keras: show_trainable). */
  showTrainable?: boolean;
  /** "TB" (top to bottom, default) or "LR" (left to right), as Graphviz's rankdir. */
  rankdir?: "TB" | "LR";
  /** Draw nested models (also a wrapper's model, e.g. TimeDistributed(InceptionV3)) as clusters of their layers. */
  expandNested?: boolean;
  /** Also write the SVG here (atomically); the name must end in `.svg`. */
  toFile?: string;
}

type AnyLayer = tf.layers.Layer & Record<string, any>;
interface TfNode {
  inboundLayers: AnyLayer[];
}

/** An SVG drawing of a model that shows itself as the last value of a cell. */
export class ModelGraph {
  constructor(readonly svg: string, readonly modelName: string, readonly nodeCount: number, readonly edgeCount: number) {}
  toString(): string {
    return `<ModelGraph "${this.modelName}": ${this.nodeCount} layers, ${this.edgeCount} connections (SVG)>`;
  }
  /**
   * The mime bundle a front end renders: image/svg+xml, and the same SVG inline in text/html so
   * exported pages keep it in the DOM (selectable text, links to layer names) rather than as an <img>.
   */
  toMimeBundle(): MimeBundle {
    return { "image/svg+xml": this.svg, "text/html": `<div class="tk-model-graph">${this.svg}</div>`, "text/plain": this.toString() };
  }
}

const font = 12;
/** Monospace advance width at 12px: boxes are sized from text length, so the font is fixed-pitch. */
const charWidth = 7.3;
const lineHeight = 17;

function shapeText(shape: unknown): string {
  if (!Array.isArray(shape)) return "?";
  if (shape.length > 0 && Array.isArray(shape[0])) {
    const all = (shape as (number | null)[][]).map(formatShape);
    return all.length === 1 ? all[0] : `[${all.join(", ")}]`;
  }
  return formatShape(shape as (number | null)[]);
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function dtypeText(layer: AnyLayer, side: "input" | "output"): string {
  const tensors = safe(() => (side === "input" ? layer.input : layer.output), undefined) as unknown;
  const list = Array.isArray(tensors) ? tensors : tensors ? [tensors] : [];
  const dtypes = list.map((t) => String((t as { dtype?: string }).dtype ?? "?"));
  if (dtypes.length === 0) return side === "output" ? String(layer.dtype ?? "?") : "?";
  return dtypes.length === 1 ? dtypes[0] : `[${dtypes.join(", ")}]`;
}

function boxLines(layer: AnyLayer, o: Required<Omit<PlotModelOptions, "toFile">>): string[] {
  const nested = nestedModelOf(layer);
  let cls = kerasClassName(layer);
  if (nested && nested !== (layer as unknown)) cls = `${cls}(${kerasClassName(nested)})`;
  const lines = [o.showLayerNames ? `${layer.name} (${cls})` : cls];
  if (o.showShapes) {
    const isInput = layer.getClassName() === "InputLayer";
    if (!isInput) {
      const nodes = (layer.inboundNodes ?? []) as { inputShapes: unknown }[];
      lines.push(`Input shape: ${nodes.length ? shapeText(nodes[nodes.length - 1].inputShapes) : safe(() => shapeText(layer.inputShape), "?")}`);
    }
    lines.push(`Output shape: ${outputShapeText(layer)}`);
  }
  if (o.showDtype) {
    if (layer.getClassName() !== "InputLayer") lines.push(`Input dtype: ${dtypeText(layer, "input")}`);
    lines.push(`Output dtype: ${dtypeText(layer, "output")}`);
  }
  if (o.showTrainable) lines.push(`Trainable: ${layer.trainable ? "Y" : "N"}`);
  return lines;
}

interface Drawn {
  /** Graph node ids that stand for the model's inputs / outputs when an outer edge attaches to it. */
  entries: string[];
  exits: string[];
}

/** Adds `model`'s layers (and their connections) to `g` under `parent`; returns the ids outer edges attach to. */
function addModel(g: DagreModule.graphlib.Graph, model: tf.LayersModel, prefix: string, parent: string | undefined, o: Required<Omit<PlotModelOptions, "toFile">>, counts: { nodes: number; edges: number }): Drawn {
  const layers = model.layers as AnyLayer[];
  const inModel = new Set(layers);
  const byLayer = new Map<AnyLayer, Drawn>();
  for (const layer of layers) {
    const id = `${prefix}${layer.name}`;
    const nested = nestedModelOf(layer);
    if (o.expandNested && nested) {
      const lines = boxLines(layer, o);
      g.setNode(id, { cluster: true, lines, width: 10, height: 10 });
      if (parent) g.setParent(id, parent);
      counts.nodes++;
      byLayer.set(layer, addModel(g, nested, `${id}/`, id, o, counts));
      continue;
    }
    const lines = boxLines(layer, o);
    const width = Math.max(...lines.map((l) => [...l].length)) * charWidth + 24;
    g.setNode(id, { lines, width, height: lines.length * lineHeight + 12 });
    if (parent) g.setParent(id, parent);
    counts.nodes++;
    byLayer.set(layer, { entries: [id], exits: [id] });
  }
  for (const layer of layers) {
    const seen = new Set<AnyLayer>();
    for (const node of (layer.inboundNodes ?? []) as TfNode[]) {
      for (const inbound of node.inboundLayers) {
        if (!inModel.has(inbound) || seen.has(inbound)) continue;
        seen.add(inbound);
        for (const from of byLayer.get(inbound)!.exits) for (const to of byLayer.get(layer)!.entries) {
          g.setEdge(from, to);
          counts.edges++;
        }
      }
    }
  }
  const inputs = new Set((model.inputLayers ?? []) as AnyLayer[]);
  const outputs = new Set((model.outputLayers ?? []) as AnyLayer[]);
  const pickIds = (set: Set<AnyLayer>, fallback: AnyLayer | undefined, key: keyof Drawn) => {
    // A Sequential's InputLayer is none of its layers (Keras draws none): its first layer is the entry.
    const drawn = [...set].filter((l) => byLayer.has(l));
    const chosen = drawn.length ? drawn : fallback ? [fallback] : [];
    return chosen.flatMap((l) => byLayer.get(l)?.[key] ?? []);
  };
  return { entries: pickIds(inputs, layers[0], "entries"), exits: pickIds(outputs, layers[layers.length - 1], "exits") };
}

function textEl(x: number, y: number, s: string, bold: boolean): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle"${bold ? ' font-weight="bold"' : ""}>${escapeHtml(s)}</text>`;
}

/**
 * Keras's `plot_model`: the model's layers as boxes and their connections as arrows, laid out by
 * dagre (Graphviz's layered algorithm) and drawn as SVG in-process — no Graphviz binary needed.
 */
export function plotModel(model: tf.LayersModel, options: PlotModelOptions = {}): ModelGraph {
  const m = model as unknown as Record<string, unknown> | null;
  if (typeof m !== "object" || m === null || !Array.isArray(m.layers) || typeof m.getClassName !== "function") {
    throw new TypeError("plotModel: `model` must be a tf.LayersModel (Sequential or functional)");
  }
  if (typeof options !== "object" || options === null) throw new TypeError("plotModel: `options` must be an object");
  const rankdir = options.rankdir ?? "TB";
  if (rankdir !== "TB" && rankdir !== "LR") throw new RangeError(`plotModel: \`rankdir\` must be "TB" or "LR"; got ${JSON.stringify(rankdir)}`);
  if (options.toFile !== undefined && (typeof options.toFile !== "string" || !options.toFile.toLowerCase().endsWith(".svg"))) {
    throw new RangeError(`plotModel: \`toFile\` must be a path ending in .svg (the graph is drawn as SVG, without Graphviz); got ${JSON.stringify(options.toFile)}`);
  }
  const o = {
    showShapes: options.showShapes ?? false,
    showDtype: options.showDtype ?? false,
    showLayerNames: options.showLayerNames ?? true,
    showTrainable: options.showTrainable ?? false,
    rankdir,
    expandNested: options.expandNested ?? false,
  };
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir, nodesep: 30, ranksep: 40, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const counts = { nodes: 0, edges: 0 };
  addModel(g, model, "", undefined, o, counts);
  dagre.layout(g);

  const graph = g.graph() as { width?: number; height?: number };
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const parts: string[] = [];
  // Clusters first (underneath), then edges, then boxes.
  const clusterPad = lineHeight + 4;
  for (const id of g.nodes()) {
    const n = g.node(id) as unknown as { cluster?: boolean; lines: string[]; x: number; y: number; width: number; height: number };
    if (!n.cluster) continue;
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2 - clusterPad;
    const label = n.lines.join("  ·  ");
    parts.push(
      `<g class="cluster" id="${escapeHtml(id)}"><title>${escapeHtml(label)}</title><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.width.toFixed(1)}" height="${(n.height + clusterPad).toFixed(1)}" rx="6" fill="#f6f8fa" stroke="#8c959f" stroke-dasharray="5,3"/>` +
        `<text x="${(x + 8).toFixed(1)}" y="${(y + lineHeight - 2).toFixed(1)}" font-weight="bold">${escapeHtml(label)}</text></g>`,
    );
  }
  for (const e of g.edges()) {
    const pts = (g.edge(e) as { points: { x: number; y: number }[] }).points;
    const d = pts.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    parts.push(`<path class="edge" d="${d}" fill="none" stroke="#444" stroke-width="1.2" marker-end="url(#tk-arrow)"/>`);
  }
  for (const id of g.nodes()) {
    const n = g.node(id) as unknown as { cluster?: boolean; lines: string[]; x: number; y: number; width: number; height: number };
    if (n.cluster) continue;
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    const texts = n.lines.map((l, i) => textEl(n.x, y + 6 + lineHeight * (i + 1) - 4, l, i === 0)).join("");
    const sep = n.lines.length > 1 ? `<line x1="${x.toFixed(1)}" x2="${(x + n.width).toFixed(1)}" y1="${(y + 6 + lineHeight + 1).toFixed(1)}" y2="${(y + 6 + lineHeight + 1).toFixed(1)}" stroke="#bbb"/>` : "";
    parts.push(`<g class="node" id="${escapeHtml(id)}"><title>${escapeHtml(n.lines.join("\n"))}</title><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.width.toFixed(1)}" height="${n.height.toFixed(1)}" rx="4" fill="#ffffff" stroke="#333"/>${sep}${texts}</g>`);
  }
  const top = -clusterPad; // room for the top cluster's label
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height - top}" viewBox="0 ${top} ${width} ${height - top}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${font}">` +
    `<title>${escapeHtml(model.name)}</title><defs><marker id="tk-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>` +
    parts.join("") +
    `</svg>`;
  const graphOut = new ModelGraph(svg, model.name, counts.nodes, counts.edges);
  if (options.toFile !== undefined) {
    // As Keras (pydot) does: a missing folder is the caller's mistake, not something to create.
    const dir = path.dirname(path.resolve(options.toFile));
    if (!fs.existsSync(dir)) throw new Error(`plotModel: cannot write ${options.toFile}: folder ${dir} does not exist`);
    writeFileAtomic(options.toFile, svg);
  }
  return graphOut;
}
