/**
 * Keras 3's Hashing (keras/src/layers/preprocessing/hashing.py): each value to one of `numBins`
 * bins by FarmHash Fingerprint64 (TF's `to_hash_bucket_fast`) or, with a `salt`, keyed SipHash
 * (`to_hash_bucket_strong`) — the same bins as Keras. Numbers hash as their decimal string
 * (floats truncated first, as Keras casts them to int64); with `maskValue`, bin 0 is the mask's
 * and the rest hash into bins 1..numBins−1. Runs on the host whatever the backend.
 */
import * as tf from "@tensorflow/tfjs";
import { fingerprintBuckets, saltPair, sipHashBuckets } from "./string_hash.js";
import { encodeCategorical } from "./category_encoding.js";
import { encodeRows, hostValues, lookupOutputMode, type Token } from "./index_lookup.js";
import { protectToken, unprotectToken } from "./config_strings.js";

export type HashingOutputMode = "int" | "one_hot" | "multi_hot" | "count";

export interface HashingArgs {
  numBins?: number | null;
  maskValue?: string | number | null;
  salt?: number | [number, number] | null;
  outputMode?: HashingOutputMode;
  sparse?: boolean;
  name?: string;
  trainable?: boolean;
  dtype?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  batchSize?: number;
}

export class HashingLayer extends tf.layers.Layer {
  static className = "Hashing";
  readonly numBins: number;
  readonly maskValue: Token | null;
  readonly salt: [number, number] | null;
  readonly outputMode: HashingOutputMode;
  readonly sparse: boolean;
  readonly outputDtype: string;

  constructor(args: HashingArgs = {}) {
    const { numBins = null, maskValue = null, salt = null, outputMode = "int", sparse = false, dtype, customObjects: _customObjects, ...base } = args as HashingArgs & { customObjects?: unknown };
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (numBins === null || !(numBins > 0)) throw new RangeError(`Hashing: The \`numBins\` for \`Hashing\` cannot be \`None\` or non-positive values. Received: numBins=${numBins}.`);
    if (!Number.isInteger(numBins)) throw new RangeError(`Hashing: \`numBins\` must be an integer; got ${numBins}`);
    const mode = lookupOutputMode("Hashing", outputMode, ["int", "one_hot", "multi_hot", "count"]) as HashingOutputMode;
    const outDtype = dtype ?? (mode === "int" ? "int64" : "float32");
    if (mode === "int" && outDtype !== "int32" && outDtype !== "int64") {
      throw new RangeError(`Hashing: When \`outputMode="int"\`, \`dtype\` should be an integer type, 'int32' or 'int64'. Received: dtype=${outDtype}`);
    }
    if (mode !== "int" && outDtype !== "float32") throw new RangeError(`Hashing: tfjs computes encoded outputs in float32 only; got dtype=${outDtype}`);
    if (sparse && mode === "int") throw new RangeError(`Hashing: \`sparse\` may only be true if \`outputMode\` is "one_hot", "multi_hot", or "count". Received: sparse=${sparse} and outputMode=${mode}`);
    if (sparse) throw new RangeError("Hashing: `sparse=True` can only be used with the TensorFlow backend.");
    this.numBins = numBins;
    this.maskValue = maskValue;
    this.salt = saltPair("Hashing", salt);
    this.outputMode = mode;
    this.sparse = sparse;
    this.outputDtype = outDtype;
    this.trainable = false;
  }

  /** The bin of each value. */
  hashValues(values: Token[]): Int32Array {
    let bins = this.numBins;
    const masked = this.maskValue !== null && bins > 1;
    if (masked) bins -= 1;
    const strings = values.map((v) => (typeof v === "number" ? String(Math.trunc(v)) : v));
    const hashed = this.salt ? sipHashBuckets(strings, bins, this.salt) : fingerprintBuckets(strings, bins);
    const out = Int32Array.from(hashed);
    if (masked) values.forEach((v, i) => (out[i] = v === this.maskValue ? 0 : out[i]! + 1));
    return out;
  }

  // The overloads of apply_types.ts: symbolic in, symbolic out; host values or tensors in, a tensor out.
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Record<string, unknown>): tf.SymbolicTensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (Array.isArray(inputs) && (inputs.length === 0 || !(inputs[0] instanceof tf.Tensor || inputs[0] instanceof tf.SymbolicTensor))) {
      const v = hostValues("Hashing", inputs);
      const strings = v.values.length > 0 && typeof v.values[0] === "string";
      inputs = strings ? tf.tensor(v.values as string[], v.shape, "string") : tf.tensor(v.values as number[], v.shape, "int32");
    }
    return super.apply(inputs as tf.Tensor, kwargs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.outputMode === "int") return s;
    if (s.length === 0) return [this.numBins];
    if (this.outputMode === "one_hot" && s[s.length - 1] === 1) return [...s.slice(0, -1), this.numBins];
    if (this.outputMode === "one_hot") return [...s, this.numBins];
    return [...s.slice(0, -1), this.numBins];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const v = hostValues("Hashing", x);
    const ids = this.hashValues(v.values);
    if (this.outputMode === "int") return tf.tensor(ids, v.shape, "int32");
    const depth = this.numBins;
    let s = v.shape.length === 0 ? [1] : v.shape;
    if (this.outputMode === "one_hot") {
      if (s.length > 1 && s[s.length - 1] === 1) s = s.slice(0, -1);
      const out = new Float32Array(ids.length * depth);
      ids.forEach((id, i) => (out[i * depth + id] = 1));
      return tf.tensor(out, [...s, depth], "float32");
    }
    if (s.length > 2) {
      // Keras's own numbers at rank ≥ 3: its nn.multi_hot / count reduce axis 1 ([b, 3, 4] →
      // [b, 4, depth]), although its compute_output_shape says [b, 3, depth]; we give both as Keras does.
      return tf.tidy(() => encodeCategorical(tf.tensor(ids, s, "int32"), this.outputMode as "multi_hot" | "count", depth));
    }
    const rows = s.length === 1 ? 1 : s[0]!;
    const per = rows === 0 ? 0 : ids.length / rows;
    const starts = Array.from({ length: rows + 1 }, (_, r) => r * per);
    return tf.tensor(encodeRows(ids, starts, this.outputMode, depth), s.length === 1 ? [depth] : [rows, depth], "float32");
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = { ...super.getConfig(), numBins: this.numBins, salt: this.salt, maskValue: protectToken(this.maskValue), outputMode: this.outputMode, sparse: this.sparse, dtype: this.outputDtype };
    return config as tf.serialization.ConfigDict;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls({ ...config, maskValue: unprotectToken(config.maskValue) });
  }
}
tf.serialization.registerClass(HashingLayer);
