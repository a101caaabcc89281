/** `keras.Input({ shape, dtype, name, batchSize })`: the symbolic input of a functional model. */
import * as tf from "@tensorflow/tfjs";
import { kerasAutoName } from "../applications/layer_names.js";
import { checkOptions, oneOf, positiveInt, shapeCheck, str, bool } from "./options.js";

export interface InputOptions {
  /** Shape of one sample without the batch axis; null for a free dimension (`[null, 150, 150, 3]`). */
  shape?: (number | null)[];
  batchSize?: number;
  dtype?: "float32" | "int32" | "bool" | "string";
  name?: string;
  /** Full shape including the batch axis (instead of `shape` and `batchSize`). */
  batchShape?: (number | null)[];
  sparse?: false;
}

export function Input(options: InputOptions): tf.SymbolicTensor {
  const a = checkOptions("Input", options, {
    shape: shapeCheck,
    batchSize: positiveInt,
    dtype: oneOf("float32", "int32", "bool", "string"),
    name: str,
    batchShape: shapeCheck,
    sparse: (v, w) => {
      if (bool(v, w) !== false) throw new RangeError(`${w}: sparse inputs are not supported by tfjs; use false`);
      return v;
    },
  });
  if ((a.shape === undefined) === (a.batchShape === undefined)) {
    throw new TypeError("Input: give exactly one of `shape` (without the batch axis) or `batchShape`");
  }
  delete a.sparse;
  // tfjs's input() ignores batchSize (its batch axis stays null); Keras's Input(shape, batch_size)
  // fixes it, as batchShape does.
  if (a.batchSize !== undefined && a.shape !== undefined) {
    a.batchShape = [a.batchSize, ...(a.shape as (number | null)[])];
    delete a.shape;
    delete a.batchSize;
  }
  if (a.name === undefined) a.name = kerasAutoName("input_layer");
  return tf.input(a as Parameters<typeof tf.input>[0]);
}
