/**
 * Keras 3's Sequential on tfjs-layers' Sequential: `KerasSequential`, registered as "Sequential" in
 * place of tfjs's class, so `keras.Sequential`, `tf.loadLayersModel`, `modelFromJSON`, `.h5`
 * loading and a Sequential nested in TimeDistributed or a functional model all get it.
 *
 * What differs from tfjs's class, and why:
 * - A `keras.Input` (or InputLayer) added first is the model's input but not one of its `layers`:
 *   Keras's `model.layers` omits it, so `model.layers[0]` is the first real layer, as in every
 *   Keras tutorial. tfjs pushes it into `layers`. The InputLayer is kept here (`inputLayer`) and
 *   written first in the config's `layers`, as Keras 3's `get_config` writes it, so its dtype,
 *   shape, batch size and name survive saving: tfjs would otherwise rebuild the input from the
 *   first layer's `batchInputShape` and `dtype`, and a string input (TextVectorization,
 *   StringLookup first) would come back float32. A config with an InputLayer entry first —
 *   ours, Keras's, or one saved when the InputLayer was one of `layers` — reads it back the same way.
 * - `add` refuses what Keras refuses, in Keras's words: a second input, a name already in the
 *   model, something that is not a layer.
 * - `add` and `pop` rebuild the model, as Keras's do: tfjs keeps the inner model it built first,
 *   so `predict` after `pop` still ran the popped layer. `pop` returns the layer, as Keras's does.
 *   (A rebuilt model is not compiled: compile it again, as tfjs already required after `add`.)
 * - `build(shape)` refuses a shape unlike the input's, and an empty model says so as Keras does.
 */
import * as tf from "@tensorflow/tfjs";

type AnyLayer = tf.layers.Layer & { inboundNodes: { outputTensors: tf.SymbolicTensor[] }[]; batchInputShape?: (number | null)[] };

function isInputLayer(layer: unknown): layer is AnyLayer {
  return layer instanceof tf.layers.Layer && layer.getClassName() === "InputLayer";
}

/** Python's repr of a shape tuple: `(None, 2)`, `(3,)`. */
function pyShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null || d === undefined ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof tf.SymbolicTensor) return `a symbolic tensor (of ${value.sourceLayer?.getClassName() ?? "no layer"}) that is not a keras.Input`;
  if (value instanceof tf.Tensor) return "a concrete tensor";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? `an object (${Object.prototype.toString.call(value)})` : `${typeof value} ${String(value)}`;
}

export class KerasSequential extends tf.Sequential {
  static override className = "Sequential";

  /**
   * The InputLayer the model starts from, when it was given one (Keras's `_layers[0]`); not in
   * `layers`. Declared, not a class field: tfjs's constructor calls `add` before fields would be set.
   */
  declare inputLayer: tf.layers.Layer | undefined;

  /** The model's input shape, batch axis included, as Keras's `_layers[0].batch_shape`; undefined before it has one. */
  private inputBatchShape(): (number | null)[] | undefined {
    if (this.inputLayer) return (this.inputLayer as AnyLayer).batchInputShape;
    return this.outputs.length > 0 && this.inputs.length === 1 ? this.inputs[0].shape : undefined;
  }

  /**
   * Keras's `_maybe_rebuild`: a model with an input is rebuilt at once (so `built` holds and
   * `predict` runs the layers it has now); tfjs's predict/call build the inner model only when
   * there is none, so a stale one would keep running the layers it was built with.
   */
  private rebuild(): void {
    (this as unknown as { model: unknown }).model = null;
    this.built = false;
    if (this.outputs.length > 0) this.build();
  }

  override add(layer: tf.layers.Layer | tf.SymbolicTensor): void {
    // keras.Input(...) is a symbolic tensor; Keras takes its InputLayer.
    if (layer instanceof tf.SymbolicTensor && isInputLayer(layer.sourceLayer)) layer = layer.sourceLayer;
    if (!(layer instanceof tf.layers.Layer)) {
      throw new TypeError(`Only instances of \`keras.Layer\` can be added to a Sequential model. Received: ${describe(layer)}`);
    }
    const known = this.inputLayer ? [this.inputLayer, ...this.layers] : this.layers;
    if (known.some((l) => l !== layer && l.name === layer.name)) {
      throw new Error(
        `All layers added to a Sequential model should have unique names. Name '${layer.name}' is already the name of a layer in this model. Update the \`name\` argument to pass a unique name.`,
      );
    }
    if (isInputLayer(layer)) {
      const configured = this.inputBatchShape();
      if (configured !== undefined) {
        throw new Error(`Sequential model '${this.name}' has already been configured to use input shape ${pyShape(configured)}. You cannot add a different Input layer to it.`);
      }
      this.inputLayer = layer;
      this.rebuild();
      return;
    }
    if (this.inputLayer && this.outputs.length === 0) {
      // tfjs's add starts the stack at an InputLayer handed to it first (and keeps it in `layers`);
      // the layer then connects to its output as any later layer does. Keras lists it nowhere.
      const input = this.inputLayer;
      super.add(input);
      this.layers.splice(this.layers.indexOf(input), 1);
      try {
        super.add(layer);
      } catch (e) {
        this.outputs = [];
        this.inputs = [];
        this.inboundNodes = [];
        throw e;
      }
    } else {
      super.add(layer);
    }
    this.rebuild();
  }

  /** Removes the last layer and returns it (Keras's `pop`); the model's Input goes last. */
  override pop(): tf.layers.Layer {
    const last = this.layers[this.layers.length - 1];
    if (last === undefined && this.inputLayer) {
      const input = this.inputLayer;
      this.inputLayer = undefined;
      this.rebuild();
      return input;
    }
    super.pop();
    // tfjs empties `outputs` with the last layer but keeps `inputs`.
    if (this.layers.length === 0) this.inputs = [];
    this.rebuild();
    return last!;
  }

  override build(inputShape?: tf.Shape | tf.Shape[]): void {
    if (this.layers.length === 0) {
      throw new Error(`Sequential model ${this.name} cannot be built because it has no layers. Call \`model.add(layer)\`.`);
    }
    const configured = this.inputBatchShape();
    const given = inputShape as (number | null)[] | undefined;
    if (configured && Array.isArray(given) && given.every((d) => d === null || typeof d === "number")) {
      const clash = given.length !== configured.length || given.some((d, i) => d !== null && configured[i] !== null && d !== configured[i]);
      if (clash) {
        throw new Error(`Sequential model '${this.name}' has already been configured to use input shape ${pyShape(configured)}. You cannot build it with input_shape ${pyShape(given)}`);
      }
    }
    super.build(inputShape);
  }

  /** tfjs's config, with the InputLayer first in `layers` when the model has one (Keras 3's form). */
  override getConfig(): { name: string; layers: { className: string; config: tf.serialization.ConfigDict }[] } {
    const config = super.getConfig();
    if (this.inputLayer) config.layers.unshift({ className: this.inputLayer.getClassName(), config: this.inputLayer.getConfig() });
    return config;
  }
}

tf.serialization.registerClass(KerasSequential);
