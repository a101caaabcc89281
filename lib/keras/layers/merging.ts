/**
 * Keras's merging layers (Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot)
 * and their functional forms (`concatenate([a, b])` builds the layer and applies it).
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions, type LayerInput } from "./make_layer.js";
import { bool, num } from "./options.js";
import { TAKES_INPUT_MASKS } from "./executor_mask_fix.js";
import { AddLayer, AverageLayer, ConcatenateLayer, DotLayer, MaximumLayer, MinimumLayer, MultiplyLayer, kerasMergeMask } from "./merge_masks.js";

const axisCheck = num(-Infinity, Infinity, { integer: true });

function checkInputs(owner: string, inputs: unknown): tf.SymbolicTensor[] | tf.Tensor[] {
  if (!Array.isArray(inputs) || inputs.length < 2) {
    throw new TypeError(`${owner}: \`inputs\` must be an array of at least 2 tensors; got ${Array.isArray(inputs) ? `${inputs.length} tensor(s)` : typeof inputs}`);
  }
  return inputs as tf.SymbolicTensor[];
}

export interface ConcatenateOptions extends BaseLayerOptions {
  axis?: number;
}

export function Concatenate(options?: ConcatenateOptions): tf.layers.Layer {
  return makeLayer("Concatenate", "concatenate", options, { axis: axisCheck }, (a) => new ConcatenateLayer(a) as unknown as tf.layers.Layer);
}
export function concatenate(inputs: LayerInput[], options?: ConcatenateOptions): tf.SymbolicTensor {
  return Concatenate(options).apply(checkInputs("concatenate", inputs)) as tf.SymbolicTensor;
}

export function Add(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Add", "add", options, {}, (a) => new AddLayer(a));
}
export function add(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  return Add(options).apply(checkInputs("add", inputs)) as tf.SymbolicTensor;
}

// tfjs has no Subtract; its Merge base class (not exported, reached through Add) gives the same
// broadcasting, rank alignment and mask merging as Add, so only the operation and arity are ours.
const Merge = Object.getPrototypeOf(tf.layers.add({}).constructor) as new (args?: object) => tf.layers.Layer;

function shapeText(shape: unknown): string {
  return Array.isArray(shape) ? `[${shape.map((d) => (d == null ? "null" : d)).join(", ")}]` : String(shape);
}

/** Keras 3's Subtract: `inputs[0] - inputs[1]`, exactly two inputs of broadcast-compatible shapes. */
export class SubtractLayer extends Merge {
  static className = "Subtract";

  constructor(args?: object) {
    super(args);
    (this as unknown as Record<symbol, boolean>)[TAKES_INPUT_MASKS] = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shapes = inputShape as unknown[];
    if (!Array.isArray(shapes) || !Array.isArray(shapes[0]) || shapes.length !== 2) {
      const got = Array.isArray(shapes) && Array.isArray(shapes[0]) ? `${shapes.length} inputs with shapes ${shapes.map(shapeText).join(", ")}` : `one input of shape ${shapeText(shapes)}`;
      throw new TypeError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: ${got}`);
    }
    const [a, b] = shapes as (number | null)[][];
    // Compare trailing axes as broadcasting does (Keras names both shapes when they clash).
    for (let i = 1; i <= Math.min(a.length, b.length) - 1; i++) {
      const x = a[a.length - i];
      const y = b[b.length - i];
      if (x != null && y != null && x !== y && x !== 1 && y !== 1) {
        throw new RangeError(`Subtract: inputs have incompatible shapes ${shapeText(a)} and ${shapeText(b)}`);
      }
    }
    (Merge.prototype as any).build.call(this, inputShape);
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return kerasMergeMask("Subtract", inputs, mask) as tf.Tensor; // null where Keras gives None
  }

  protected mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.sub(inputs[0], inputs[1]));
  }
}
tf.serialization.registerClass(SubtractLayer as any);

export function Subtract(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Subtract", "subtract", options, {}, (a) => new SubtractLayer(a));
}
export function subtract(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  if (!Array.isArray(inputs) || inputs.length !== 2) {
    throw new TypeError(`subtract: \`inputs\` must be an array of exactly 2 tensors; got ${Array.isArray(inputs) ? `${inputs.length} tensor(s)` : typeof inputs}`);
  }
  return Subtract(options).apply(inputs as tf.SymbolicTensor[]) as tf.SymbolicTensor;
}

export function Multiply(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Multiply", "multiply", options, {}, (a) => new MultiplyLayer(a));
}
export function multiply(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  return Multiply(options).apply(checkInputs("multiply", inputs)) as tf.SymbolicTensor;
}

export function Average(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Average", "average", options, {}, (a) => new AverageLayer(a));
}
export function average(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  return Average(options).apply(checkInputs("average", inputs)) as tf.SymbolicTensor;
}

export function Maximum(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Maximum", "maximum", options, {}, (a) => new MaximumLayer(a));
}
export function maximum(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  return Maximum(options).apply(checkInputs("maximum", inputs)) as tf.SymbolicTensor;
}

export function Minimum(options?: BaseLayerOptions): tf.layers.Layer {
  return makeLayer("Minimum", "minimum", options, {}, (a) => new MinimumLayer(a));
}
export function minimum(inputs: LayerInput[], options?: BaseLayerOptions): tf.SymbolicTensor {
  return Minimum(options).apply(checkInputs("minimum", inputs)) as tf.SymbolicTensor;
}

export interface DotOptions extends BaseLayerOptions {
  /** L2-normalise both inputs first, giving cosine similarity. */
  normalize?: boolean;
}

/** `Dot(axes, { normalize })`: batched dot product along `axes` (one per input, or one for both). */
export function Dot(axes: number | [number, number], options?: DotOptions): tf.layers.Layer {
  const ok = (x: unknown) => Number.isInteger(x);
  if (!(ok(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(ok)))) {
    throw new TypeError(`Dot: \`axes\` must be an integer or two integers; got ${JSON.stringify(axes)}`);
  }
  return makeLayer("Dot", "dot", options, { normalize: bool }, (a) => new DotLayer({ axes, ...a }) as unknown as tf.layers.Layer);
}
export function dot(inputs: LayerInput[], axes: number | [number, number], options?: DotOptions): tf.SymbolicTensor {
  return Dot(axes, options).apply(checkInputs("dot", inputs)) as tf.SymbolicTensor;
}
