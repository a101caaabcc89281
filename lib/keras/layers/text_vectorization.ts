/**
 * Keras 3's TextVectorization (keras/src/layers/preprocessing/text_vectorization.py): strings →
 * standardize → split → ngrams → a StringLookup with mask "" (index 0) and OOV "[UNK]" (index 1),
 * then int sequences (padded with 0 to the longest text or to `outputSequenceLength`) or
 * multi_hot / count / tf_idf / one_hot vectors. The text steps are TF's: lowercasing is ASCII-only
 * (`tf.strings.lower`), punctuation is Keras's regex, whitespace splitting is on ASCII whitespace
 * (`tf.strings.split`), "character" splits code points, ngrams join with " " in the order of the
 * widths. A callable `standardize` gets and returns one string; a callable `split` gets one
 * string and returns its tokens. Everything runs on the host; the result is a tensor.
 */
import * as tf from "@tensorflow/tfjs";
import { StringLookupLayer } from "./string_lookup.js";
import { adaptBatches, hostValues, lookupOutputMode, type LookupBatches, type LookupData, type LookupOutputMode, type Token } from "./index_lookup.js";
import { configEnum, unprotectToken } from "./config_strings.js";

export type StandardizeMode = "lower_and_strip_punctuation" | "lower" | "strip_punctuation";
export type SplitMode = "whitespace" | "character";
export type Standardizer = StandardizeMode | null | ((text: string) => string);
export type Splitter = SplitMode | null | ((text: string) => string[]);

export interface TextVectorizationArgs {
  maxTokens?: number | null;
  standardize?: Standardizer;
  split?: Splitter;
  ngrams?: number | number[] | null;
  outputMode?: LookupOutputMode | "binary" | "tf-idf";
  outputSequenceLength?: number | null;
  padToMaxTokens?: boolean;
  vocabulary?: string[] | string | tf.Tensor | null;
  idfWeights?: number[] | Float32Array | tf.Tensor | null;
  sparse?: boolean;
  ragged?: boolean;
  encoding?: string;
  /** Config round-trip only (see IndexLookupArgs). */
  vocabularySize?: number | null;
  vocabularyAsset?: string[] | null;
  idfWeightsAsset?: number[] | null;
  /** Added by tfjs's deserializer to every nested config; ignored. */
  customObjects?: unknown;
  name?: string;
  trainable?: boolean;
  dtype?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  batchSize?: number;
}

const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const ASCII_UPPER = /[A-Z]/g;
const ASCII_SPACE = /[ \t\n\v\f\r]+/;

/** Ragged rows of tokens, or (split null) tokens of a fixed shape. */
type Preprocessed = { rows: string[][]; scalar: boolean } | { values: string[]; shape: number[] };

export class TextVectorizationLayer extends tf.layers.Layer {
  static className = "TextVectorization";
  readonly standardize: Standardizer;
  readonly split: Splitter;
  readonly ngrams: number[] | null;
  private readonly ngramsArg: number | number[] | null;
  readonly outputMode: LookupOutputMode;
  readonly outputSequenceLength: number | null;
  readonly encoding: string;
  readonly ragged: boolean;
  private readonly lookup: StringLookupLayer;

  constructor(args: TextVectorizationArgs = {}) {
    const {
      maxTokens = null, standardize = "lower_and_strip_punctuation", split = "whitespace", ngrams = null, outputMode = "int",
      outputSequenceLength = null, padToMaxTokens = false, vocabulary = null, idfWeights = null, sparse = false, ragged = false,
      encoding = "utf-8", vocabularySize = null, vocabularyAsset = null, idfWeightsAsset = null, dtype: _dtype, customObjects: _customObjects, ...base
    } = args;
    const known = new Set(["name", "trainable", "inputShape", "batchInputShape", "batchSize"]);
    const unknown = Object.keys(base).filter((k) => !known.has(k));
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (unknown.length > 0) throw new TypeError(`TextVectorization: unrecognized keyword argument(s): ${unknown.join(", ")}`);
    if (sparse) throw new RangeError("TextVectorization: `sparse=True` can only be used with the TensorFlow backend.");
    if (ragged) throw new RangeError("TextVectorization: `ragged=True` can only be used with the TensorFlow backend.");
    const std = configEnum(standardize);
    if (!(std === null || typeof std === "function" || std === "lower_and_strip_punctuation" || std === "lower" || std === "strip_punctuation")) {
      throw new RangeError(`TextVectorization: the \`standardize\` argument received an invalid value ${JSON.stringify(standardize)}. Allowed values are: "lower_and_strip_punctuation", "lower", "strip_punctuation", null, or a function (text) => text`);
    }
    if (!(split === null || typeof split === "function" || split === "whitespace" || split === "character")) {
      throw new RangeError(`TextVectorization: the \`split\` argument received an invalid value ${JSON.stringify(split)}. Allowed values are: "whitespace", "character", null, or a function (text) => tokens`);
    }
    const mode = lookupOutputMode("TextVectorization", outputMode);
    const ngramsOk = ngrams === null || Number.isInteger(ngrams) || (Array.isArray(ngrams) && ngrams.every((n) => Number.isInteger(n)));
    if (!ngramsOk) throw new RangeError(`TextVectorization: \`ngrams\` must be None, an integer, or a tuple of integers. Received: ngrams=${JSON.stringify(ngrams)}`);
    const widths = ngrams === null ? null : typeof ngrams === "number" ? Array.from({ length: ngrams }, (_, i) => i + 1) : ngrams.slice();
    if (widths !== null && widths.some((w) => w < 1)) throw new RangeError(`TextVectorization: every ngram width must be ≥ 1. Received: ngrams=${JSON.stringify(ngrams)}`);
    if (mode === "int" && !(outputSequenceLength === null || Number.isInteger(outputSequenceLength))) {
      throw new RangeError(`TextVectorization: \`outputSequenceLength\` must be either None or an integer when \`outputMode\` is 'int'. Received: outputSequenceLength=${outputSequenceLength}`);
    }
    if (mode !== "int" && outputSequenceLength !== null) {
      throw new RangeError(`TextVectorization: \`outputSequenceLength\` must not be set if \`outputMode\` is not 'int'. Received outputSequenceLength=${outputSequenceLength}.`);
    }
    if (outputSequenceLength !== null && outputSequenceLength < 1) throw new RangeError(`TextVectorization: \`outputSequenceLength\` must be ≥ 1; got ${outputSequenceLength}`);
    if (String(encoding).toLowerCase().replace(/[-_]/g, "") !== "utf8") throw new RangeError(`TextVectorization: only \`encoding: "utf-8"\` is supported; got ${JSON.stringify(encoding)}`);
    this.standardize = std;
    this.split = split;
    this.ngramsArg = ngrams;
    this.ngrams = widths;
    this.outputMode = mode;
    this.outputSequenceLength = outputSequenceLength;
    this.encoding = "utf-8";
    this.ragged = false;
    this.lookup = new StringLookupLayer({
      name: `${this.name}_lookup`,
      maxTokens,
      vocabulary,
      idfWeights,
      padToMaxTokens,
      maskToken: "",
      outputMode: mode,
      hasInputVocabulary: vocabulary !== null,
      vocabularySize,
      vocabularyAsset,
      idfWeightsAsset,
    });
    this.trainable = false;
  }

  get maxTokens(): number | null {
    return this.lookup.maxTokens;
  }

  get padToMaxTokens(): boolean {
    return this.lookup.padToMaxTokens;
  }

  private standardizeText(s: string): string {
    const std = this.standardize;
    if (typeof std === "function") {
      const out = std(s);
      if (typeof out !== "string") throw new TypeError(`TextVectorization: the \`standardize\` function must return a string; it returned ${typeof out} for ${JSON.stringify(s)}`);
      return out;
    }
    if (std === "lower" || std === "lower_and_strip_punctuation") s = s.replace(ASCII_UPPER, (c) => c.toLowerCase());
    if (std === "strip_punctuation" || std === "lower_and_strip_punctuation") s = s.replace(PUNCTUATION, "");
    return s;
  }

  private splitText(s: string): string[] {
    const sp = this.split;
    if (sp === "whitespace") return s.split(ASCII_SPACE).filter((t) => t !== "");
    if (sp === "character") return Array.from(s);
    const out = (sp as (t: string) => string[])(s);
    if (!Array.isArray(out) || !out.every((t) => typeof t === "string")) throw new TypeError(`TextVectorization: the \`split\` function must return an array of strings for ${JSON.stringify(s)}`);
    return out;
  }

  private ngramsOf(tokens: string[]): string[] {
    if (this.ngrams === null) return tokens;
    const out: string[] = [];
    for (const w of this.ngrams) for (let i = 0; i + w <= tokens.length; i++) out.push(tokens.slice(i, i + w).join(" "));
    return out;
  }

  /** Keras's _preprocess on host strings. */
  private preprocess(x: unknown): Preprocessed {
    const { values, shape } = hostValues("TextVectorization", x);
    if (values.some((v) => typeof v !== "string")) throw new TypeError("TextVectorization: inputs must be strings");
    const texts = (values as string[]).map((s) => this.standardizeText(s));
    if (this.split === null) {
      if (this.ngrams === null) return { values: texts, shape };
      const last = shape.length === 0 ? 1 : shape[shape.length - 1]!;
      const rows = Array.from({ length: last === 0 ? 0 : texts.length / last }, (_, r) => this.ngramsOf(texts.slice(r * last, (r + 1) * last)));
      return { rows, scalar: shape.length === 0 };
    }
    if (shape.length > 1) {
      if (shape[shape.length - 1] !== 1) {
        throw new RangeError(`TextVectorization: when using \`TextVectorization\` to tokenize strings, the input rank must be 1 or the last shape dimension must be 1. Received: inputs.shape=[${shape.join(", ")}] with rank=${shape.length}`);
      }
      if (shape.length > 2) throw new RangeError(`TextVectorization: inputs of rank ${shape.length} are not supported; give a batch of strings, shape [batch] or [batch, 1]`);
    }
    return { rows: texts.map((t) => this.ngramsOf(this.splitText(t))), scalar: shape.length === 0 };
  }

  /**
   * Learns the vocabulary from texts: an array (each string a document), a tensor, a danfo Series,
   * or a dataset / iterable of batches (async sources return a promise). `steps` bounds the batches read.
   */
  adapt(data: tf.data.Dataset<tf.TensorContainer> | AsyncIterable<unknown>, steps?: number): Promise<void>;
  adapt(data: LookupData | Iterable<unknown>, steps?: number): void;
  adapt(data: LookupData | LookupBatches, steps?: number): void | Promise<void> {
    const update = (x: unknown, whole: boolean) => {
      const p = this.preprocess(x);
      if ("rows" in p) return this.lookup.updateState({ rows: p.rows });
      // split null: each string one token; a whole rank-1 input is a column of documents.
      const shape = whole && p.shape.length === 1 ? [p.shape[0]!, 1] : p.shape;
      this.lookup.updateState({ values: p.values, shape });
    };
    return adaptBatches("TextVectorization", data, steps, {
      reset: () => this.lookup.resetState(),
      whole: (x) => update(x, true),
      batch: (b) => update(b, false),
      finalize: () => this.lookup.finalizeState(),
    });
  }

  updateState(data: unknown): void {
    const p = this.preprocess(data);
    this.lookup.updateState("rows" in p ? { rows: p.rows } : p);
  }

  finalizeState(): void {
    this.lookup.finalizeState();
  }

  resetState(): void {
    this.lookup.resetState();
  }

  getVocabulary(includeSpecialTokens = true): string[] {
    return this.lookup.getVocabulary(includeSpecialTokens) as string[];
  }

  vocabularySize(): number {
    return this.lookup.vocabularySize();
  }

  setVocabulary(vocabulary: string[] | string | tf.Tensor, idfWeights?: number[] | Float32Array | tf.Tensor | null): void {
    this.lookup.setVocabulary(vocabulary, idfWeights);
  }

  get idfWeights(): Float32Array | null {
    return this.lookup.idfWeights;
  }

  saveAssets(dir: string): void {
    this.lookup.saveAssets(dir);
  }

  loadAssets(dir: string): void {
    this.lookup.loadAssets(dir);
  }

  // The overloads of apply_types.ts: symbolic in, symbolic out; host values or tensors in, a tensor out.
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Record<string, unknown>): tf.SymbolicTensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | string | string[] | string[][], kwargs?: Record<string, unknown>): tf.Tensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | string | string[] | string[][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | string | string[] | string[][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (typeof inputs === "string") inputs = tf.scalar(inputs, "string");
    else if (Array.isArray(inputs) && (inputs.length === 0 || !(inputs[0] instanceof tf.Tensor || inputs[0] instanceof tf.SymbolicTensor))) {
      const v = hostValues("TextVectorization", inputs);
      inputs = tf.tensor(v.values as string[], v.shape, "string");
    }
    return super.apply(inputs as tf.Tensor, kwargs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.outputMode === "int") return this.split === null && this.outputSequenceLength === null ? s : [s[0] ?? null, this.outputSequenceLength];
    const depth = this.padToMaxTokens ? this.maxTokens : this.vocabularySize() > 2 ? this.vocabularySize() : null;
    const batch = s.length === 0 ? [] : [s[0] ?? null];
    if (this.outputMode === "one_hot") return this.split === null ? this.lookup.computeOutputShape(s) : [...batch, null, depth];
    return [...batch, depth];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.dtype !== "string") throw new TypeError(`TextVectorization: expected a string tensor; got a ${x.dtype} tensor`);
    const p = this.preprocess(x);
    const L = this.outputSequenceLength;
    if (!("rows" in p)) {
      const t = this.lookup.lookupToTensor(p.values, p.shape);
      if (this.outputMode !== "int" || L === null) return t;
      return tf.tidy(() => {
        const last = t.shape[t.rank - 1] ?? 1;
        const cut = last > L ? tf.slice(t, Array(t.rank).fill(0), [...t.shape.slice(0, -1), L]) : t;
        return last < L ? tf.pad(cut, [...Array(t.rank - 1).fill([0, 0]), [0, L - last]] as [number, number][]) : cut;
      });
    }
    const { rows, scalar } = p;
    const flat: Token[] = rows.flat();
    const starts = [0];
    for (const r of rows) starts.push(starts[starts.length - 1]! + r.length);
    if (this.outputMode === "int") {
      const ids = this.lookup.lookupIds(flat);
      const width = L ?? Math.max(0, ...rows.map((r) => r.length));
      const out = new Int32Array(rows.length * width);
      rows.forEach((r, i) => out.set(ids.subarray(starts[i]!, starts[i]! + Math.min(r.length, width)), i * width));
      return scalar ? tf.tensor(out, [width], "int32") : tf.tensor(out, [rows.length, width], "int32");
    }
    if (this.outputMode === "one_hot") {
      const depth = this.lookup.encodedDepth();
      const ids = this.lookup.lookupIds(flat);
      const width = Math.max(0, ...rows.map((r) => r.length));
      const out = new Float32Array(rows.length * width * depth);
      rows.forEach((r, i) => {
        for (let j = 0; j < r.length; j++) {
          const id = ids[starts[i]! + j]!;
          if (id >= 0 && id < depth) out[(i * width + j) * depth + id] = 1;
        }
      });
      return tf.tensor(out, scalar ? [width, depth] : [rows.length, width, depth], "float32");
    }
    const depth = this.lookup.encodedDepth();
    return this.lookup.encodeToTensor(this.lookup.lookupIds(flat), starts, scalar ? [depth] : [rows.length, depth]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const fn = (f: unknown) => (typeof f === "function" ? { function: f.name || "anonymous" } : f);
    const inner = this.lookup.getConfig();
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      maxTokens: this.maxTokens,
      standardize: fn(this.standardize) as tf.serialization.ConfigDictValue,
      split: fn(this.split) as tf.serialization.ConfigDictValue,
      ngrams: this.ngramsArg,
      outputMode: this.outputMode,
      outputSequenceLength: this.outputSequenceLength,
      padToMaxTokens: this.padToMaxTokens,
      sparse: false,
      ragged: false,
      vocabulary: inner.vocabulary ?? null,
      idfWeights: inner.idfWeights ?? null,
      encoding: this.encoding,
      vocabularySize: this.vocabularySize() > 2 ? this.vocabularySize() : null,
    };
    delete config.dtype;
    if (inner.vocabularyAsset) config.vocabularyAsset = inner.vocabularyAsset;
    if (inner.idfWeightsAsset) config.idfWeightsAsset = inner.idfWeightsAsset;
    return config;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    for (const key of ["standardize", "split"]) {
      const v = config[key];
      if (v !== null && typeof v === "object") {
        throw new TypeError(
          `TextVectorization.fromConfig: this layer's \`${key}\` was the function ${JSON.stringify((v as { function?: string }).function)}, which a config cannot carry. Make the layer again with that function and copy the vocabulary: TextVectorization({ ${key}: fn, ... }).setVocabulary(old.getVocabulary())`,
        );
      }
    }
    const c: Record<string, unknown> = { ...config };
    if (Array.isArray(c.vocabulary)) c.vocabulary = (c.vocabulary as string[]).map(unprotectToken);
    if (Array.isArray(c.vocabularyAsset)) c.vocabularyAsset = (c.vocabularyAsset as string[]).map(unprotectToken);
    return new cls(c);
  }
}
tf.serialization.registerClass(TextVectorizationLayer);

