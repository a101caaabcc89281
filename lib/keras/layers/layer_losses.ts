/**
 * Keras 3's `layer.losses` on every tfjs layer, installed once on tfjs's Layer prototype.
 *
 * Keras keeps two kinds of loss on a layer (keras/src/layers/layer.py): the tensors a call adds
 * (`add_loss` inside `call`, the activity regularizer's penalty), reset at the start of each
 * outermost call, and the weight regularizers' penalties, computed afresh whenever `losses` is
 * read. `losses` lists both for the layer and every layer it tracks (a model's layers, nested
 * models, an RNN's cell, a wrapper's layer), each layer once.
 *
 * tfjs keeps only functions (`_losses`: the weight regularizers, and `addLoss(fn)`), which its
 * `losses` returns unevaluated; its `calculateLosses` (what `fit` adds to the loss) evaluates
 * only the layer's own, so an RNN's kernel regularizer (held by its cell) and a wrapped layer's
 * never reached the training loss. Here:
 * - the tensors a call adds live beside tfjs's functions (`addCallLoss`; `addLoss` takes a
 *   tensor too, as Keras's `add_loss`), kept out of `tidy` until the next outermost call;
 * - `losses` and `calculateLosses` both return Keras's list of scalar tensors: the call losses of
 *   the layer and its tracked layers, then their functions evaluated. (The static type of
 *   `losses` stays tfjs's `RegularizerFn[]`; read it as `tf.Scalar[]`.)
 * Tracked layers are found as Keras's auto-tracking finds them: the layers (or lists of layers)
 * held in a layer's own properties.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.layerLosses");
/** The tensors the layer's latest outermost call added (Keras's `layer._losses`). */
const CALL_LOSSES = Symbol.for("tslab-keras.callLosses");

type LossFn = () => tf.Scalar;
/** What is kept on a layer: our call losses, and tfjs's private list of loss functions. */
type Tracked = { [CALL_LOSSES]?: tf.Tensor[]; _losses?: LossFn[] };
const tracked = (layer: tf.layers.Layer) => layer as unknown as Tracked;

/** The layers `layer` holds in its own properties, directly or in arrays (Keras's `_layers`). */
export function trackedLayers(layer: tf.layers.Layer): tf.layers.Layer[] {
  const found: tf.layers.Layer[] = [];
  for (const key of Object.keys(layer)) {
    const value = (layer as unknown as Record<string, unknown>)[key];
    if (value instanceof tf.layers.Layer) found.push(value);
    else if (Array.isArray(value)) for (const v of value) if (v instanceof tf.layers.Layer) found.push(v);
  }
  return found;
}

/** `layer` and every layer it tracks, recursively, each once (Keras's `_flatten_layers`). */
export function flattenLayers(layer: tf.layers.Layer): tf.layers.Layer[] {
  const seen = new Set<tf.layers.Layer>([layer]);
  const order: tf.layers.Layer[] = [layer];
  for (let i = 0; i < order.length; i++) {
    for (const child of trackedLayers(order[i]!)) {
      if (seen.has(child)) continue;
      seen.add(child);
      order.push(child);
    }
  }
  return order;
}

/** Adds a tensor to the layer's call losses; it is kept (out of any `tidy`) until they are cleared. */
export function addCallLoss(layer: tf.layers.Layer, loss: tf.Tensor): void {
  const l = tracked(layer);
  if (l[CALL_LOSSES] === undefined) Object.defineProperty(l, CALL_LOSSES, { value: [], writable: true, configurable: true });
  l[CALL_LOSSES]!.push(tf.keep(loss));
}

/** Keras's `_clear_losses`: drops (and frees) the call losses of `layer` and every layer it tracks. */
export function clearCallLosses(layer: tf.layers.Layer): void {
  for (const l of flattenLayers(layer).map(tracked)) {
    const losses = l[CALL_LOSSES];
    if (losses === undefined || losses.length === 0) continue;
    for (const t of losses) if (!t.isDisposed) t.dispose();
    l[CALL_LOSSES] = [];
  }
}

/**
 * The outermost call in progress (Keras's call context): the layer whose `apply` (or a model's
 * training step, `runAsOneCall`) started it. Inner calls add to their losses; the outermost one
 * cleared them first.
 */
let entry: object | null = null;

/**
 * Runs `body` as one outermost call of `layer`: clears the call losses of `layer` and its
 * tracked layers, unless a call is already in progress (then it is part of that call).
 */
export function runAsOneCall<T>(layer: tf.layers.Layer, body: () => T): T {
  if (entry !== null) return body();
  clearCallLosses(layer);
  entry = layer;
  try {
    return body();
  } finally {
    entry = null;
  }
}

/** Keras's `layer.losses`: the call losses of `layer` and its tracked layers, then their weight regularizers' (and `addLoss(fn)`'s) values. */
export function kerasLosses(layer: tf.layers.Layer): tf.Scalar[] {
  const layers = flattenLayers(layer).map(tracked);
  const callLosses = layers.flatMap((l) => (l[CALL_LOSSES] ?? []).filter((t) => !t.isDisposed)) as tf.Scalar[];
  const fnLosses = layers.flatMap((l) => l._losses ?? []).map((fn) => fn());
  return [...callLosses, ...fnLosses];
}

function lossesDescriptor(): PropertyDescriptor {
  return {
    configurable: true,
    get(this: tf.layers.Layer) {
      return kerasLosses(this);
    },
  };
}

/** tfjs's Wrapper (TimeDistributed's and Bidirectional's base), whose `losses` returns its layer's. */
function wrapperPrototype(): object {
  const td = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) });
  return Object.getPrototypeOf(Object.getPrototypeOf(td));
}

export function installLayerLosses(): void {
  const proto = tf.layers.Layer.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  Object.defineProperty(proto, "losses", lossesDescriptor());
  Object.defineProperty(wrapperPrototype(), "losses", lossesDescriptor());
  proto.calculateLosses = function (this: tf.layers.Layer) {
    return kerasLosses(this);
  };
  // The kept call losses go with the layer.
  const dispose = proto.dispose as (this: tf.layers.Layer) => unknown;
  proto.dispose = function (this: tf.layers.Layer) {
    const own = tracked(this)[CALL_LOSSES];
    if (own) {
      for (const t of own) if (!t.isDisposed) t.dispose();
      tracked(this)[CALL_LOSSES] = [];
    }
    return dispose.call(this);
  };
  // tfjs's addLoss pushes onto `this.losses`, which is no longer its array.
  proto.addLoss = function (this: tf.layers.Layer, losses: LossFn | tf.Tensor | (LossFn | tf.Tensor)[]) {
    if (losses == null) return;
    for (const loss of Array.isArray(losses) ? losses : [losses]) {
      if (loss instanceof tf.Tensor) addCallLoss(this, loss);
      else if (typeof loss === "function") tracked(this)._losses?.push(loss);
      else throw new TypeError(`addLoss takes a tensor (Keras's add_loss, inside call) or a function returning a scalar (tfjs's); got ${typeof loss}`);
    }
  };
}

declare module "@tensorflow/tfjs-layers/dist/engine/topology.js" {
  interface Layer {
    /** Keras's `add_loss(tensor)` inside `call`: a loss of this call, reset on the next outermost call. */
    addLoss(losses: tf.Tensor | tf.Tensor[]): void;
  }
}
