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
 * - Keras's deferred build: a model whose first layer has no input shape (`Sequential([Dense(4),
 *   Dense(2)])`, the tutorials' usual form) holds its layers unbuilt — tfjs refused the first
 *   add — and builds on its first `build(shape)` or on the first data it sees (fit, evaluate,
 *   predict, trainOnBatch, fitDataset, evaluateDataset, a call): an InputLayer of the data's shape
 *   (batch axis free) and dtype goes first, and the layers are connected on it. `compile` before
 *   that is kept and applied once built, as Keras compiles an unbuilt model.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasCompileArgs } from "./model_extensions.js";

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

/** Whether tfjs can start a Sequential at this layer: it has an input shape or is already connected (a model). */
function hasInputShape(layer: tf.layers.Layer): boolean {
  return (layer as AnyLayer).batchInputShape != null || (layer as AnyLayer).inboundNodes.length > 0;
}

type Shaped = { shape: (number | null)[]; dtype: tf.DataType };

function isShaped(x: unknown): x is Shaped {
  return (x instanceof tf.Tensor || x instanceof tf.SymbolicTensor) && Array.isArray(x.shape);
}

/** The shape and dtype of a dataset's first input ({xs, ys} or [xs, ys]): what a deferred model builds from. */
async function firstInputOf(dataset: tf.data.Dataset<tf.TensorContainer>): Promise<unknown> {
  const [first] = await dataset.take(1).toArray();
  const xs = Array.isArray(first) ? first[0] : first !== null && typeof first === "object" && "xs" in first ? (first as { xs: unknown }).xs : first;
  const input = Array.isArray(xs) ? xs[0] : xs;
  const found: unknown = isShaped(input) ? { shape: input.shape, dtype: input.dtype } : xs;
  tf.dispose(first as tf.TensorContainer);
  return found;
}

/** Keras's automatic name of a deferred model's InputLayer. */
function kerasInputName(modelName: string): string {
  return `${modelName}_input`;
}

export class KerasSequential extends tf.Sequential {
  static override className = "Sequential";

  /**
   * The InputLayer the model starts from, when it was given one (Keras's `_layers[0]`); not in
   * `layers`. Declared, not a class field: tfjs's constructor calls `add` before fields would be set.
   */
  declare inputLayer: tf.layers.Layer | undefined;
  /** compile's arguments given while the build was deferred, applied once it is built. */
  declare pendingCompile: KerasCompileArgs | tf.ModelCompileArgs | undefined;

  /** Layers held unbuilt, waiting for an input shape (Keras's deferred build). */
  get deferred(): boolean {
    return !this.inputLayer && this.outputs.length === 0 && this.layers.length > 0;
  }

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
      if (this.deferred) {
        this.connect(layer, this.layers.splice(0));
        return;
      }
      this.inputLayer = layer;
      this.rebuild();
      return;
    }
    if (!this.inputLayer && this.outputs.length === 0 && (this.layers.length > 0 || !hasInputShape(layer))) {
      this.layers.push(layer);
      this.built = false;
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

  /**
   * Builds a deferred model on `input`: the held layers are added on it in order. A layer that
   * cannot take the shape leaves the model as it was (deferred), and the error names the shape.
   */
  private connect(input: tf.layers.Layer, held: tf.layers.Layer[]): void {
    this.inputLayer = input;
    try {
      for (const layer of held) this.add(layer);
    } catch (e) {
      this.inputLayer = undefined;
      this.outputs = [];
      this.inputs = [];
      this.inboundNodes = [];
      this.layers = held;
      (this as unknown as { model: unknown }).model = null;
      this.built = false;
      const shape = (input as AnyLayer).batchInputShape ?? [];
      throw new Error(`Sequential model '${this.name}' could not be built on input shape ${pyShape(shape)}: ${(e as Error).message}`);
    }
    const args = this.pendingCompile;
    this.pendingCompile = undefined;
    if (args !== undefined) this.compile(args);
  }

  /** The deferred build from a shape (and dtype): an InputLayer of that batch shape goes first. */
  private buildDeferred(batchShape: (number | null)[], dtype: tf.DataType): void {
    if (batchShape.length < 1) throw new Error(`Sequential model '${this.name}' cannot be built on a scalar input; give a shape with a batch axis`);
    this.connect(tf.layers.inputLayer({ batchInputShape: batchShape, dtype, name: kerasInputName(this.name) }), this.layers.splice(0));
  }

  /** Builds a deferred model from the first data it is given: the data's shape, its batch axis free. */
  buildFromData(x: unknown, what: string): void {
    if (!this.deferred) return;
    const first = Array.isArray(x) ? x[0] : x;
    if (Array.isArray(x) && x.length !== 1) {
      throw new Error(`${what}: Sequential model '${this.name}' takes one input, not ${x.length}; a model of several inputs is keras.Model(inputs, outputs)`);
    }
    const shaped = isShaped(first) || (first !== null && typeof first === "object" && Array.isArray((first as Shaped).shape) && typeof (first as Shaped).dtype === "string");
    if (!shaped) {
      throw new TypeError(`${what}: Sequential model '${this.name}' is not built yet (its first layer has no input shape) and builds from a tensor; got ${describe(first)}. Add keras.Input({ shape }) first, or call model.build(shape)`);
    }
    const { shape, dtype } = first as Shaped;
    this.buildDeferred([null, ...shape.slice(1)], dtype);
  }

  override compile(args: KerasCompileArgs | tf.ModelCompileArgs): void {
    if (this.deferred) {
      this.pendingCompile = args;
      return;
    }
    super.compile(args as tf.ModelCompileArgs);
  }

  override async fit(x: tf.Tensor | tf.Tensor[] | { [inputName: string]: tf.Tensor }, y: tf.Tensor | tf.Tensor[] | { [inputName: string]: tf.Tensor }, args?: tf.ModelFitArgs): Promise<tf.History> {
    this.buildFromData(x, "fit");
    return super.fit(x, y, args);
  }

  override evaluate(x: tf.Tensor | tf.Tensor[], y: tf.Tensor | tf.Tensor[], args?: tf.ModelEvaluateArgs): tf.Scalar | tf.Scalar[] {
    this.buildFromData(x, "evaluate");
    return super.evaluate(x, y, args);
  }

  override predict(x: tf.Tensor | tf.Tensor[], args?: Parameters<tf.Sequential["predict"]>[1]): tf.Tensor | tf.Tensor[] {
    this.buildFromData(x, "predict");
    return super.predict(x, args);
  }

  override predictOnBatch(x: tf.Tensor): tf.Tensor | tf.Tensor[] {
    this.buildFromData(x, "predictOnBatch");
    return super.predictOnBatch(x);
  }

  override async trainOnBatch(x: tf.Tensor | tf.Tensor[] | { [inputName: string]: tf.Tensor }, y: tf.Tensor | tf.Tensor[] | { [inputName: string]: tf.Tensor }): Promise<number | number[]> {
    this.buildFromData(x, "trainOnBatch");
    return super.trainOnBatch(x, y);
  }

  /** A deferred model's output shape is its layers' in turn (Keras's compute_output_shape without a build). */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    if (!this.deferred) return super.computeOutputShape(inputShape);
    return this.layers.reduce<tf.Shape | tf.Shape[]>((shape, layer) => layer.computeOutputShape(shape), inputShape);
  }

  /** Removes the last layer and returns it (Keras's `pop`); the model's Input goes last. */
  override pop(): tf.layers.Layer {
    if (this.deferred) return this.layers.pop()!;
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
    if (this.deferred) {
      // Keras: without a shape there is nothing to build on, and the model stays unbuilt.
      if (inputShape === undefined || inputShape === null) return;
      const shape = inputShape as (number | null)[];
      if (!Array.isArray(shape) || !shape.every((d) => d === null || (Number.isInteger(d) && d >= 0))) {
        throw new TypeError(`Sequential model '${this.name}': build takes one input shape, a list of sizes (null for any), e.g. [null, 3]; got ${JSON.stringify(inputShape)}`);
      }
      const first = this.layers[0] as tf.layers.Layer & { dtype?: tf.DataType };
      this.buildDeferred(shape, first.dtype ?? "float32");
      return;
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

// A call builds a deferred model too. Patched rather than overridden: Layer.apply's overloads
// (symbolic in, symbolic out) are what a subclass's signature would have to repeat.
const sequentialApply = tf.Sequential.prototype.apply;
KerasSequential.prototype.apply = function (this: KerasSequential, inputs: tf.Tensor | tf.Tensor[], kwargs?: tf.serialization.ConfigDict) {
  this.buildFromData(inputs, "call");
  return sequentialApply.call(this, inputs, kwargs);
} as typeof sequentialApply;

// Datasets: the first element's input gives the shape (patched for the same reason as apply:
// tfjs's generic signatures).
for (const method of ["fitDataset", "evaluateDataset"] as const) {
  const original = tf.Sequential.prototype[method] as (this: KerasSequential, dataset: tf.data.Dataset<tf.TensorContainer>, args: unknown) => Promise<unknown>;
  (KerasSequential.prototype as unknown as Record<string, unknown>)[method] = async function (this: KerasSequential, dataset: tf.data.Dataset<tf.TensorContainer>, args: unknown) {
    if (this.deferred) this.buildFromData(await firstInputOf(dataset), method);
    return original.call(this, dataset, args);
  };
}

tf.serialization.registerClass(KerasSequential);
