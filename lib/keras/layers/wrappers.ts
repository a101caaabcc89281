/**
 * Keras's layer wrappers: TimeDistributed (over a layer or a whole Model, frozen or not) and
 * Bidirectional.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { configWithFunctions, oneOf, refuseConfigOfFunctions } from "./options.js";

function checkLayer(owner: string, layer: unknown): asserts layer is tf.layers.Layer {
  if (!(layer instanceof tf.layers.Layer)) {
    throw new TypeError(`${owner}: \`layer\` must be a Keras layer or Model (a tf.layers.Layer); got ${layer === null ? "null" : typeof layer}`);
  }
}

/** `TimeDistributed(layer)`: applies `layer` (or a Model) to every step of axis 1. */
export function TimeDistributed(layer: tf.layers.Layer, options?: BaseLayerOptions): tf.layers.Layer {
  checkLayer("TimeDistributed", layer);
  return makeLayer("TimeDistributed", "time_distributed", options, {}, (a) => tf.layers.timeDistributed({ layer, ...a }));
}

export interface BidirectionalOptions extends BaseLayerOptions {
  mergeMode?: "sum" | "mul" | "concat" | "ave" | null;
  /**
   * The layer for the backward direction (Keras's `backward_layer`): any recurrent layer with the
   * other `goBackwards` and the same `returnSequences`/`returnState`/`stateful`; by default a
   * copy of `layer` running backwards.
   */
  backwardLayer?: tf.layers.RNN;
}

type RnnFlags = { goBackwards: boolean; returnSequences: boolean; returnState: boolean; stateful: boolean };
const TfBidirectional = tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 1 }) as tf.RNN }).constructor as new (args: Record<string, unknown>) => tf.layers.Layer;

/** tfjs's Bidirectional with Keras's `backwardLayer`, registered as "Bidirectional". */
export class BidirectionalLayer extends TfBidirectional {
  static className = "Bidirectional";
  private readonly customBackward: boolean;

  constructor(args: Record<string, unknown>) {
    const { backwardLayer, ...rest } = args;
    // tfjs clones the layer through getConfig, which a layer with a function activation refuses:
    // for the clone it hands out the config with the functions in it (put back afterwards), and
    // the wrapper then refuses its own config as the layer does.
    const layer = rest.layer as tf.layers.Layer;
    const withFunctions = configWithFunctions(layer);
    const refusal = Object.getOwnPropertyDescriptor(layer, "getConfig");
    if (withFunctions !== undefined) Object.defineProperty(layer, "getConfig", { configurable: true, writable: true, value: () => ({ ...withFunctions }) });
    try {
      super(rest);
    } finally {
      if (withFunctions !== undefined && refusal !== undefined) Object.defineProperty(layer, "getConfig", refusal);
    }
    if (withFunctions !== undefined) refuseConfigOfFunctions(this, "Bidirectional", withFunctions);
    this.customBackward = backwardLayer != null;
    if (backwardLayer == null) return;
    const backward = backwardLayer instanceof tf.layers.Layer ? backwardLayer : deserializeLayer(backwardLayer);
    if (!(backward instanceof tf.layers.RNN)) throw new TypeError("Bidirectional: `backwardLayer` must be a recurrent layer (LSTM, GRU, SimpleRNN)");
    const f = (rest.layer as unknown as RnnFlags);
    const b = backward as unknown as RnnFlags;
    if (f.goBackwards === b.goBackwards) throw new RangeError(`Bidirectional: the forward and backward layers must have different \`goBackwards\` values; both have ${f.goBackwards}`);
    for (const key of ["returnSequences", "returnState", "stateful"] as const) {
      if (Boolean(f[key]) !== Boolean(b[key])) throw new RangeError(`Bidirectional: the forward and backward layers must have the same \`${key}\`; got ${f[key]} and ${b[key]}`);
    }
    (this as unknown as { backwardLayer: tf.layers.RNN }).backwardLayer = backward;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    if (!this.customBackward) return super.computeOutputShape(inputShape);
    const { forwardLayer, backwardLayer, mergeMode } = this as unknown as { forwardLayer: tf.layers.RNN; backwardLayer: tf.layers.RNN; mergeMode: string | null };
    const f = forwardLayer.computeOutputShape(inputShape) as tf.Shape | tf.Shape[];
    const b = backwardLayer.computeOutputShape(inputShape) as tf.Shape | tf.Shape[];
    const out = (s: tf.Shape | tf.Shape[]) => (Array.isArray(s[0]) ? (s[0] as tf.Shape) : (s as tf.Shape));
    const states = (s: tf.Shape | tf.Shape[]) => (Array.isArray(s[0]) ? (s as tf.Shape[]).slice(1) : []);
    const fo = out(f), bo = out(b);
    const merged: tf.Shape = mergeMode === "concat" ? [...fo.slice(0, -1), (fo[fo.length - 1] ?? 0) + (bo[bo.length - 1] ?? 0)] : fo;
    const outputs = mergeMode === null ? [fo, bo] : [merged];
    const all = [...outputs, ...states(f), ...states(b)];
    return all.length === 1 ? all[0]! : all;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = super.getConfig();
    if (!this.customBackward) return config;
    const backward = (this as unknown as { backwardLayer: tf.layers.RNN }).backwardLayer;
    return { ...config, backwardLayer: { className: backward.getClassName(), config: backward.getConfig() } };
  }
}
tf.serialization.registerClass(BidirectionalLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

function deserializeLayer(spec: unknown): tf.layers.Layer {
  const { className, config } = (spec ?? {}) as { className?: string; config?: tf.serialization.ConfigDict };
  const entry = className ? tf.serialization.SerializationMap.getMap().classNameMap[className] : undefined;
  if (!entry || !config) throw new TypeError(`Bidirectional: cannot rebuild the backward layer from ${JSON.stringify(spec)?.slice(0, 80)}`);
  return entry[1](entry[0], config) as tf.layers.Layer;
}

/** `Bidirectional(layer, { mergeMode, backwardLayer })`: runs a recurrent layer both ways. */
export function Bidirectional(layer: tf.layers.RNN, options?: BidirectionalOptions): tf.layers.Layer {
  checkLayer("Bidirectional", layer);
  if (!(layer instanceof tf.layers.RNN)) throw new TypeError("Bidirectional: `layer` must be a recurrent layer (LSTM, GRU, SimpleRNN)");
  const backwardLayer = (v: unknown, w: string) => {
    if (!(v instanceof tf.layers.RNN)) throw new TypeError(`${w} must be a recurrent layer (LSTM, GRU, SimpleRNN)`);
    return v;
  };
  return makeLayer("Bidirectional", "bidirectional", options, { mergeMode: oneOf("sum", "mul", "concat", "ave", null), backwardLayer }, (a) =>
    new BidirectionalLayer({ layer, ...a }),
  );
}
