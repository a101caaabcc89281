/**
 * Keras 3's `activity_regularizer`, installed once on tfjs's Layer and RNN prototypes.
 *
 * Keras (keras/src/layers/layer.py `__call__`): each call on real tensors adds, for every output
 * tensor, `activity_regularizer(output) / batch_size` (`divide_no_nan`: 0 for an empty batch; a
 * scalar output is not divided) to the layer's losses; symbolic calls add nothing. tfjs stores
 * the regularizer (Dense, the convolutions, Embedding take the option) but its `apply` throws
 * NotImplementedError whenever one is set, eagerly and inside `fit`; its RNNs drop the option.
 *
 * Here every outermost `apply` of a layer is one Keras call (`runAsOneCall`: the layer's call
 * losses are reset first, so it keeps its latest call's), the regularizer is hidden from tfjs's
 * `apply` while it runs, and the penalty of each output is added as a call loss, which
 * `layer.losses`, `model.losses` and `fit`'s loss read (layer_losses.ts). RNN's `apply` is
 * wrapped too (our `zeroOutputForMask` rewrites its outputs after tfjs's Layer.apply returns), so
 * the penalty is of the outputs the caller gets. FusedLSTM, GRULayer and SimpleRNNLayer keep the
 * option (`takeActivityRegularizer`) and every RNN writes it in its config.
 */
import * as tf from "@tensorflow/tfjs";
import { addCallLoss, runAsOneCall } from "./layer_losses.js";

const INSTALLED = Symbol.for("tslab-keras.activityRegularization");
/** Set on a layer while its outermost `apply` runs (a subclass's `apply` reaches Layer's through `super`). */
const IN_APPLY = Symbol.for("tslab-keras.inApply");

type Regularizer = { apply(x: tf.Tensor): tf.Scalar; getClassName(): string; getConfig(): tf.serialization.ConfigDict };
/** The two fields read here (tfjs declares `activityRegularizer` non-null). */
type Regularized = { activityRegularizer: Regularizer | null; [IN_APPLY]?: boolean };
const regularized = (layer: tf.layers.Layer) => layer as unknown as Regularized;
type Apply = (this: tf.layers.Layer, inputs: unknown, kwargs?: Record<string, unknown>) => unknown;

/** Keras's activity loss of one output: `regularizer(output) / batch_size`, 0 for an empty batch. */
export function activityLoss(regularizer: Regularizer, output: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const loss = regularizer.apply(output);
    if (output.rank === 0) return loss;
    const batch = output.shape[0]!;
    // tf.divNoNan would do, but its gradient fails ("gradient function not found for Equal").
    return (batch === 0 ? tf.zerosLike(loss) : tf.div(loss, batch)) as tf.Scalar;
  });
}

function wrapApply(apply: Apply): Apply {
  return function (this: tf.layers.Layer, inputs: unknown, kwargs?: Record<string, unknown>) {
    const layer = regularized(this);
    if (layer[IN_APPLY]) return apply.call(this, inputs, kwargs);
    return runAsOneCall(this, () => {
      const regularizer = layer.activityRegularizer;
      Object.defineProperty(layer, IN_APPLY, { value: true, writable: true, configurable: true });
      // tfjs's apply throws NotImplementedError whenever the layer has an activity regularizer.
      if (regularizer != null) layer.activityRegularizer = null;
      let outputs: unknown;
      try {
        outputs = apply.call(this, inputs, kwargs);
      } finally {
        layer[IN_APPLY] = false;
        if (regularizer != null) layer.activityRegularizer = regularizer;
      }
      if (regularizer != null) {
        for (const out of Array.isArray(outputs) ? outputs : [outputs]) {
          if (out instanceof tf.Tensor) addCallLoss(this, activityLoss(regularizer, out));
        }
      }
      return outputs;
    });
  };
}

/**
 * A regularizer as a layer's constructor receives it: a tfjs regularizer object, or its
 * serialized form (`{ className, config }`, from a config being loaded), or null.
 */
export function toRegularizer(value: unknown, where: string): Regularizer | null {
  if (value == null) return null;
  if (typeof value === "object" && typeof (value as Regularizer).apply === "function") return value as Regularizer;
  const className = (value as { className?: unknown }).className;
  if (typeof value === "object" && typeof className === "string") {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
    if (entry === undefined) throw new TypeError(`${where}: unknown regularizer ${JSON.stringify(className)}`);
    const [cls, fromConfig] = entry;
    return fromConfig(cls, ((value as { config?: tf.serialization.ConfigDict }).config ?? {}) as tf.serialization.ConfigDict) as unknown as Regularizer;
  }
  throw new TypeError(`${where} must be a tfjs regularizer or its config; got ${typeof value}`);
}

/** Keeps `activityRegularizer` from an RNN's constructor args (tfjs's RNNs drop it). */
export function takeActivityRegularizer(layer: tf.layers.Layer, args: { activityRegularizer?: unknown }): void {
  regularized(layer).activityRegularizer = toRegularizer(args.activityRegularizer, `${layer.getClassName()}: activityRegularizer`);
}

/** tfjs's serialized form of a regularizer (`serializeKerasObject`), null for none. */
function serializeRegularizer(r: Regularizer | null): tf.serialization.ConfigDict | null {
  return r == null ? null : { className: r.getClassName(), config: r.getConfig() };
}

export function installActivityRegularization(): void {
  const layerProto = tf.layers.Layer.prototype as unknown as Record<string | symbol, unknown>;
  if (layerProto[INSTALLED]) return;
  Object.defineProperty(layerProto, INSTALLED, { value: true });
  layerProto.apply = wrapApply(layerProto.apply as Apply);
  const rnnProto = tf.layers.RNN.prototype as unknown as Record<string, unknown>;
  rnnProto.apply = wrapApply(rnnProto.apply as Apply);
  // tfjs's RNN config takes `activityRegularizer` from its cell's config, where it is always null.
  const getConfig = rnnProto.getConfig as (this: tf.layers.RNN) => tf.serialization.ConfigDict;
  rnnProto.getConfig = function (this: tf.layers.RNN) {
    return { ...getConfig.call(this), activityRegularizer: serializeRegularizer(regularized(this).activityRegularizer) };
  };
}
