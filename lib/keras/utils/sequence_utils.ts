/**
 * `keras.utils.padSequences(sequences, { maxlen, dtype, padding, truncating, value })`, as
 * Keras's `pad_sequences` (keras/src/utils/sequence_utils.py): every sequence cut or padded to
 * `maxlen` (default: the longest), "pre" by default for both, into one [n, maxlen] tensor.
 * Numbers give an int32 (default) or float32 tensor; strings (with a string `value`) a string one.
 */
import * as tf from "@tensorflow/tfjs";

export interface PadSequencesOptions {
  maxlen?: number | null;
  dtype?: "int32" | "float32" | "string";
  padding?: "pre" | "post";
  truncating?: "pre" | "post";
  value?: number | string;
}

type Item = number | string;

export function padSequences(sequences: ArrayLike<Item>[], options: PadSequencesOptions = {}): tf.Tensor2D {
  if (!Array.isArray(sequences)) throw new TypeError("padSequences: `sequences` must be an array of sequences");
  const { padding = "pre", truncating = "pre", value = 0 } = options;
  const dtype = options.dtype ?? (typeof value === "string" ? "string" : "int32");
  if (padding !== "pre" && padding !== "post") throw new RangeError(`padSequences: padding type ${JSON.stringify(padding)} not understood; use "pre" or "post"`);
  if (truncating !== "pre" && truncating !== "post") throw new RangeError(`padSequences: truncating type ${JSON.stringify(truncating)} not understood; use "pre" or "post"`);
  if (typeof value === "string" && dtype !== "string") throw new TypeError(`padSequences: \`dtype\` ${dtype} is not compatible with \`value\`'s type: string; pass dtype "string"`);
  sequences.forEach((s, i) => {
    if (s == null || typeof s !== "object" || typeof s.length !== "number") throw new TypeError(`padSequences: \`sequences\` must be an array of sequences; found a non-sequence at position ${i}: ${JSON.stringify(s)}`);
  });
  const maxlen = options.maxlen ?? Math.max(0, ...sequences.map((s) => s.length));
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new RangeError(`padSequences: maxlen must be a non-negative integer; got ${JSON.stringify(options.maxlen)}`);
  const out: Item[] = new Array(sequences.length * maxlen).fill(value);
  sequences.forEach((sequence, row) => {
    const items = Array.from(sequence);
    const kept = truncating === "pre" ? items.slice(Math.max(0, items.length - maxlen)) : items.slice(0, maxlen);
    const start = padding === "post" ? 0 : maxlen - kept.length;
    kept.forEach((item, j) => {
      if ((dtype === "string") !== (typeof item === "string")) throw new TypeError(`padSequences: sequence ${row} holds ${typeof item}s, but dtype is ${dtype}`);
      out[row * maxlen + start + j] = item;
    });
  });
  if (dtype === "string") return tf.tensor2d(out as string[], [sequences.length, maxlen], "string");
  return tf.tensor2d(out as number[], [sequences.length, maxlen], dtype);
}
