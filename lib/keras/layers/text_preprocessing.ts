/**
 * The Keras factories of the lookup and text layers: `StringLookup`, `IntegerLookup`,
 * `Hashing(numBins, options)` and `TextVectorization`, each giving Keras's automatic name. The
 * layer constructors validate the values with Keras's messages; here only the option names are
 * checked (an unknown one is named with the accepted list).
 */
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { anyValue, type OptionCheck } from "./options.js";
import { StringLookupLayer } from "./string_lookup.js";
import { IntegerLookupLayer } from "./integer_lookup.js";
import { HashingLayer, type HashingOutputMode } from "./hashing.js";
import { TextVectorizationLayer, type Splitter, type Standardizer } from "./text_vectorization.js";
import type { LookupOutputMode } from "./index_lookup.js";
import type * as tf from "@tensorflow/tfjs";

interface LookupOptions extends BaseLayerOptions {
  maxTokens?: number | null;
  numOovIndices?: number;
  idfWeights?: number[] | Float32Array | tf.Tensor | null;
  invert?: boolean;
  /** "int" (default), "one_hot", "multi_hot" ("binary"), "count" or "tf_idf". */
  outputMode?: LookupOutputMode | "binary" | "tf-idf";
  padToMaxTokens?: boolean;
  /** Only false: sparse tensors need the TensorFlow backend. */
  sparse?: boolean;
  salt?: number | [number, number] | null;
}

export interface StringLookupOptions extends LookupOptions {
  maskToken?: string | null;
  oovToken?: string | null;
  /** An array of tokens, a 1-D string tensor, or the path of a text file (one token per line). */
  vocabulary?: string[] | string | tf.Tensor | null;
  encoding?: "utf-8";
}

export interface IntegerLookupOptions extends LookupOptions {
  maskToken?: number | null;
  oovToken?: number | null;
  vocabulary?: number[] | string | tf.Tensor | null;
  vocabularyDtype?: "int64";
  /** How OOV integers pick among numOovIndices > 1 buckets: "floormod" (default) or "farmhash". */
  oovMethod?: "floormod" | "farmhash";
}

export interface HashingOptions extends Omit<BaseLayerOptions, "dtype"> {
  maskValue?: string | number | null;
  salt?: number | [number, number] | null;
  outputMode?: HashingOutputMode;
  sparse?: boolean;
  dtype?: "int32" | "int64" | "float32";
}

export interface TextVectorizationOptions extends BaseLayerOptions {
  maxTokens?: number | null;
  standardize?: Standardizer;
  split?: Splitter;
  /** n: all widths 1..n; an array: those widths. */
  ngrams?: number | number[] | null;
  outputMode?: LookupOutputMode | "binary" | "tf-idf";
  outputSequenceLength?: number | null;
  padToMaxTokens?: boolean;
  vocabulary?: string[] | string | tf.Tensor | null;
  idfWeights?: number[] | Float32Array | tf.Tensor | null;
  sparse?: boolean;
  ragged?: boolean;
  encoding?: "utf-8";
}

const checks = (...names: string[]): Record<string, OptionCheck> => Object.fromEntries(names.map((n) => [n, anyValue]));
const LOOKUP = ["maxTokens", "numOovIndices", "maskToken", "oovToken", "vocabulary", "idfWeights", "invert", "outputMode", "padToMaxTokens", "sparse", "salt"];

/** `StringLookup({ vocabulary | adapt, maskToken, oovToken, numOovIndices, outputMode, invert, ... })`: strings ↔ indices. */
export function StringLookup(options?: StringLookupOptions): StringLookupLayer {
  return makeLayer("StringLookup", "string_lookup", options, checks(...LOOKUP, "encoding"), (a) => new StringLookupLayer(a));
}

/** `IntegerLookup({ vocabulary | adapt, maskToken, oovToken, numOovIndices, outputMode, invert, ... })`: integers ↔ indices. */
export function IntegerLookup(options?: IntegerLookupOptions): IntegerLookupLayer {
  return makeLayer("IntegerLookup", "integer_lookup", options, checks(...LOOKUP, "vocabularyDtype", "oovMethod"), (a) => new IntegerLookupLayer(a));
}

/** `Hashing(numBins, { maskValue, salt, outputMode })`: values to bins by FarmHash64 (or salted SipHash), as Keras. */
export function Hashing(numBins: number, options?: HashingOptions): HashingLayer {
  return makeLayer("Hashing", "hashing", options, checks("maskValue", "salt", "outputMode", "sparse", "dtype"), (a) => new HashingLayer({ numBins, ...a }));
}

/** `TextVectorization({ maxTokens, standardize, split, ngrams, outputMode, outputSequenceLength, vocabulary })`; `adapt(texts)` learns the vocabulary. */
export function TextVectorization(options?: TextVectorizationOptions): TextVectorizationLayer {
  return makeLayer(
    "TextVectorization",
    "text_vectorization",
    options,
    checks("maxTokens", "standardize", "split", "ngrams", "outputMode", "outputSequenceLength", "padToMaxTokens", "vocabulary", "idfWeights", "sparse", "ragged", "encoding"),
    (a) => new TextVectorizationLayer(a),
  );
}
