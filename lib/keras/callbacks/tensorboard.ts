import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { EventFileWriter } from "./tensorboard/event_file_writer.js";
import { graphEvent, histogramOf, summaryEvent, type GraphNode, type SummaryValue } from "./tensorboard/summary_protos.js";

export interface TensorBoardArgs {
  /** Where the `train/` and `validation/` runs go (Keras's `log_dir`, default "logs"). */
  logDir?: string;
  /** Every how many epochs weight histograms are written (0: never; Keras's default). */
  histogramFreq?: number;
  /** Write the model's layer graph (default true). */
  writeGraph?: boolean;
  /** "epoch" (default), "batch", or every N batches — when batch-level scalars are written. */
  updateFreq?: "epoch" | "batch" | number;
}

/**
 * `keras.callbacks.TensorBoard`: writes TensorBoard event files (TFRecord-framed `Event`
 * protobufs) with Keras's layout and tags — `logDir/train` gets `epoch_loss`, `epoch_<metric>`
 * (and `batch_*` when `updateFreq` asks), the graph and weight histograms; `logDir/validation`
 * gets the `val_*` logs under the same tags, so TensorBoard overlays train and validation curves.
 */
export class TensorBoard extends tf.Callback {
  readonly logDir: string;
  readonly histogramFreq: number;
  readonly writeGraph: boolean;
  readonly updateFreq: "epoch" | number;
  private train: EventFileWriter | undefined;
  private validation: EventFileWriter | undefined;
  private step = 0;

  constructor(args: TensorBoardArgs = {}) {
    super();
    this.logDir = args.logDir ?? "logs";
    if (typeof this.logDir !== "string" || this.logDir === "") throw new Error(`TensorBoard: logDir must be a non-empty path, got ${JSON.stringify(args.logDir)}`);
    this.histogramFreq = args.histogramFreq ?? 0;
    if (!Number.isInteger(this.histogramFreq) || this.histogramFreq < 0) throw new Error(`TensorBoard: histogramFreq must be an integer >= 0, got ${args.histogramFreq}`);
    this.writeGraph = args.writeGraph ?? true;
    const freq = args.updateFreq ?? "epoch";
    if (freq === "batch") this.updateFreq = 1;
    else if (freq === "epoch") this.updateFreq = "epoch";
    else if (Number.isInteger(freq) && freq > 0) this.updateFreq = freq;
    else throw new Error(`TensorBoard: updateFreq must be "epoch", "batch" or a positive integer, got ${JSON.stringify(freq)}`);
  }

  /** The event files written so far (train, then validation once it exists). */
  get eventFiles(): string[] {
    return [this.train?.path, this.validation?.path].filter((p): p is string => p !== undefined);
  }

  override async onTrainBegin(): Promise<void> {
    this.train ??= new EventFileWriter(path.join(this.logDir, "train"));
    if (this.writeGraph && this.model) this.train.write(graphEvent(Date.now() / 1000, layerGraph(this.model as tf.LayersModel)));
    this.train.flush();
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    this.step++;
    if (this.updateFreq === "epoch" || this.step % this.updateFreq !== 0 || !logs) return;
    const values = scalars(logs, (k) => k !== "batch" && k !== "size" && !k.startsWith("val_"), (k) => `batch_${k}`);
    if (values.length) this.train!.write(summaryEvent(Date.now() / 1000, this.step, values));
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const now = Date.now() / 1000;
    if (logs) {
      const trainValues = scalars(logs, (k) => !k.startsWith("val_"), (k) => `epoch_${k}`);
      if (trainValues.length) this.train!.write(summaryEvent(now, epoch, trainValues));
      const valValues = scalars(logs, (k) => k.startsWith("val_"), (k) => `epoch_${k.slice(4)}`);
      if (valValues.length) {
        this.validation ??= new EventFileWriter(path.join(this.logDir, "validation"));
        this.validation.write(summaryEvent(now, epoch, valValues));
        this.validation.flush();
      }
    }
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0 && this.model) {
      this.train!.write(summaryEvent(now, epoch, weightHistograms(this.model as tf.LayersModel)));
    }
    this.train!.flush();
  }

  override async onTrainEnd(): Promise<void> {
    this.train?.close();
    this.validation?.close();
    this.train = undefined;
    this.validation = undefined;
  }
}

function scalars(logs: tf.Logs, keep: (key: string) => boolean, tag: (key: string) => string): SummaryValue[] {
  const out: SummaryValue[] = [];
  for (const [key, value] of Object.entries(logs)) {
    if (!keep(key)) continue;
    const v = typeof value === "number" ? value : (value as tf.Scalar).dataSync()[0];
    if (Number.isFinite(v) || Number.isNaN(v)) out.push({ tag: tag(key), simpleValue: v });
  }
  return out;
}

function weightHistograms(model: tf.LayersModel): SummaryValue[] {
  const out: SummaryValue[] = [];
  for (const layer of model.layers) {
    for (const weight of layer.weights) {
      // Keras tags a weight by its variable name with ':' made safe, e.g. "dense/kernel_0".
      const data = weight.read().dataSync();
      out.push({ tag: `${weight.originalName ?? weight.name}`.replace(/:/g, "_"), histogram: histogramOf(data) });
    }
  }
  return out;
}

interface InboundNode {
  inboundLayers: tf.layers.Layer[];
}

/** The layer graph: one node per layer (input layers included), wired by inbound layers. */
function layerGraph(model: tf.LayersModel): GraphNode[] {
  const nodes = new Map<string, GraphNode>();
  const visit = (layer: tf.layers.Layer) => {
    if (nodes.has(layer.name)) return;
    const inbound = ((layer as unknown as { inboundNodes: InboundNode[] }).inboundNodes ?? []).flatMap((n) => n.inboundLayers);
    const node: GraphNode = {
      name: layer.name,
      op: layer.getClassName(),
      inputs: [...new Set(inbound.map((l) => l.name))],
      attrs: { config: JSON.stringify(layer.getConfig()) },
    };
    nodes.set(layer.name, node);
    for (const l of inbound) visit(l);
  };
  for (const layer of model.layers) visit(layer);
  return [...nodes.values()];
}
