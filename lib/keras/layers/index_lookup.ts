/**
 * Keras 3's IndexLookup (keras/src/layers/preprocessing/index_lookup.py), the engine of
 * StringLookup, IntegerLookup and TextVectorization: a vocabulary (given, read from a file, or
 * learned by `adapt`) maps tokens to indices — mask token first, then the OOV indices, then the
 * tokens — and the indices are returned as they are ("int") or encoded as one_hot, multi_hot,
 * count or tf_idf vectors. Tokens are host strings or integers, so the whole lookup runs on the
 * host whatever the backend (as Keras runs it on TF's CPU device); only the result is a tensor.
 *
 * Kept exactly as Keras: where the mask and OOV indices sit, how out-of-vocabulary tokens are
 * bucketed (floormod for integers, FarmHash Fingerprint64 or salted SipHash for strings — the
 * same buckets as TF), adapt's vocabulary order (count descending, then token descending),
 * idf = log(1 + N / (1 + df)) with the OOV slots given the mean, and the constructor's errors.
 * Where tfjs differs we adapt: a config keeps a learned vocabulary (`vocabularyAsset`, Keras's
 * saved asset file) so a saved model carries it, and its strings are protected from tfjs's
 * case conversion (config_strings.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { fingerprintBuckets, saltPair, sipHashBuckets } from "./string_hash.js";
import { configEnum, protectToken, unprotectToken } from "./config_strings.js";

export type Token = string | number;
export type LookupOutputMode = "int" | "one_hot" | "multi_hot" | "count" | "tf_idf";
export type VocabularyDtype = "string" | "int64";

/** What `adapt` reads in one go: a tensor, a (nested) array of tokens, or a danfo Series/DataFrame. */
export type LookupData = tf.Tensor | Token[] | Token[][] | Token[][][] | { values: unknown };
/** What `adapt` reads batch by batch: a tf.data.Dataset, an async iterable, or a generator. */
export type LookupBatches = tf.data.Dataset<tf.TensorContainer> | AsyncIterable<unknown> | Iterable<unknown>;

export interface IndexLookupArgs {
  maxTokens?: number | null;
  numOovIndices?: number;
  maskToken?: Token | null;
  oovToken?: Token | null;
  vocabularyDtype?: VocabularyDtype;
  vocabulary?: Token[] | string | tf.Tensor | null;
  idfWeights?: number[] | Float32Array | tf.Tensor | null;
  invert?: boolean;
  outputMode?: LookupOutputMode | "binary" | "tf-idf";
  sparse?: boolean;
  padToMaxTokens?: boolean;
  oovMethod?: "floormod" | "farmhash";
  salt?: number | [number, number] | null;
  /** Config round-trip only: the vocabulary size frozen by the first call (Keras's `vocabulary_size`). */
  vocabularySize?: number | null;
  /** Config round-trip only: a learned or file vocabulary with its special tokens (Keras's vocabulary.txt asset). */
  vocabularyAsset?: Token[] | null;
  /** Config round-trip only: the idf weights that go with `vocabularyAsset`. */
  idfWeightsAsset?: number[] | null;
  /** TextVectorization's inner lookup: whether its own config was given a vocabulary. */
  hasInputVocabulary?: boolean;
  name?: string;
  trainable?: boolean;
  dtype?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  batchSize?: number;
}

const OUTPUT_MODES: readonly LookupOutputMode[] = ["int", "one_hot", "multi_hot", "count", "tf_idf"];
// customObjects: tfjs's deserializer adds it to every nested config.
const BASE_KEYS = new Set(["name", "trainable", "dtype", "inputShape", "batchInputShape", "batchSize", "inputDType", "customObjects"]);
const OWN_KEYS = new Set([
  "maxTokens", "numOovIndices", "maskToken", "oovToken", "vocabularyDtype", "vocabulary", "idfWeights", "invert", "outputMode",
  "sparse", "padToMaxTokens", "oovMethod", "salt", "vocabularySize", "vocabularyAsset", "idfWeightsAsset", "hasInputVocabulary", "encoding",
]);

const describe = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? JSON.stringify(v) : String(v));

/** Keras's output_mode with its aliases ("binary", "tf-idf") and a name that took tfjs's camel-case trip. */
export function lookupOutputMode(owner: string, mode: unknown, allowed: readonly string[] = OUTPUT_MODES): LookupOutputMode {
  let m = configEnum(mode);
  if (m === "binary") m = "multi_hot";
  if (m === "tf-idf") m = "tf_idf";
  if (typeof m !== "string" || !allowed.includes(m)) {
    throw new RangeError(`${owner}: invalid value for argument \`outputMode\`. Expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}. Received: outputMode=${describe(mode)}`);
  }
  return m as LookupOutputMode;
}

/** Flat values and shape of a tensor or a rectangular nested array. */
export interface HostValues {
  values: Token[];
  shape: number[];
}

export function hostValues(owner: string, x: unknown): HostValues {
  if (x instanceof tf.Tensor) {
    const data = x.dataSync() as unknown as ArrayLike<Token>;
    return { values: Array.from(data), shape: x.shape.slice() };
  }
  if (x !== null && typeof x === "object" && !Array.isArray(x) && "values" in x && Array.isArray((x as { values: unknown }).values)) {
    return hostValues(owner, (x as { values: unknown }).values);
  }
  if (typeof x === "string" || typeof x === "number") return { values: [x], shape: [] };
  if (!Array.isArray(x)) throw new TypeError(`${owner}: inputs must be a tensor, an array of tokens, or a danfo Series/DataFrame; got ${x === null ? "null" : typeof x}`);
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: Token[] = [];
  const walk = (v: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${owner}: every token must be a string or a number; found ${describe(v)} at ${at || "[]"}`);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new TypeError(`${owner}: a nested array input must be rectangular (shape [${shape.join(", ")}]); the row at ${at || "[]"} ${Array.isArray(v) ? `has ${v.length} items` : "is not an array"}`);
    }
    v.forEach((e, i) => walk(e, depth + 1, `${at}[${i}]`));
  };
  walk(x, 0, "");
  return { values, shape };
}

/** Bytes order of UTF-8 strings (numpy's order of Keras's byte-string vocabulary). */
function compareTokens(a: Token, b: Token): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return Buffer.compare(Buffer.from(String(a), "utf8"), Buffer.from(String(b), "utf8"));
}

/**
 * Keras's encode_categorical_inputs on host ids: `rows` groups of consecutive ids (a rank-1 input
 * is one row) to one_hot / multi_hot / count vectors of `depth`, tf_idf = count · idf.
 * Ids outside [0, depth) (the mask in non-int modes) are dropped.
 */
export function encodeRows(ids: ArrayLike<number>, rowStarts: ArrayLike<number>, mode: "multi_hot" | "count" | "tf_idf", depth: number, idf?: Float32Array): Float32Array {
  const rows = rowStarts.length - 1;
  const out = new Float32Array(rows * depth);
  for (let r = 0; r < rows; r++) {
    const base = r * depth;
    for (let i = rowStarts[r]!; i < rowStarts[r + 1]!; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= depth) continue;
      if (mode === "multi_hot") out[base + id] = 1;
      else out[base + id]! += 1;
    }
    if (mode === "tf_idf") for (let j = 0; j < depth; j++) out[base + j]! *= idf![j] ?? 0;
  }
  return out;
}

export class IndexLookupLayer extends tf.layers.Layer {
  static className = "IndexLookup";
  readonly maxTokens: number | null;
  readonly numOovIndices: number;
  readonly maskToken: Token | null;
  readonly oovToken: Token | null;
  readonly vocabularyDtype: VocabularyDtype;
  readonly invert: boolean;
  readonly outputMode: LookupOutputMode;
  readonly sparse: boolean;
  readonly padToMaxTokens: boolean;
  readonly oovMethod: "floormod" | "farmhash";
  readonly salt: [number, number] | null;
  /** The vocabulary given to the constructor (not a file path), as Keras's `input_vocabulary`. */
  protected inputVocabulary: Token[] | null;
  protected inputIdfWeights: number[] | null;
  protected hasInputVocabulary: boolean;
  private frozenVocabSize: number | null;
  /** The tokens after the special ones, in index order: tokens[i] has index tokenStart + i. */
  private tokens: Token[] = [];
  private table = new Map<Token, number>();
  private idf: Float32Array | null = null;
  private tokenCounts = new Map<Token, number>();
  private documentCounts = new Map<Token, number>();
  private numDocuments = 0;

  constructor(args: IndexLookupArgs = {}) {
    const own: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(args)) {
      if (OWN_KEYS.has(k)) own[k] = v;
      else if (BASE_KEYS.has(k)) base[k] = v;
      else unknown.push(k);
    }
    delete base.dtype;
    delete base.customObjects;
    super(base as ConstructorParameters<typeof tf.layers.Layer>[0]);
    const owner = (this.constructor as { className?: string }).className ?? "IndexLookup";
    if (unknown.length > 0) throw new TypeError(`${owner}: unrecognized keyword argument(s): ${unknown.join(", ")}`);
    const a = own as IndexLookupArgs;
    const maxTokens = a.maxTokens ?? null;
    if (maxTokens !== null && (!Number.isInteger(maxTokens) || maxTokens <= 1)) throw new RangeError(`${owner}: if set, \`maxTokens\` must be greater than 1. Received: maxTokens=${maxTokens}`);
    const pad = a.padToMaxTokens ?? false;
    if (pad && maxTokens === null) throw new RangeError(`${owner}: if padToMaxTokens is true, must set \`maxTokens\`. Received: maxTokens=${maxTokens}`);
    const numOov = a.numOovIndices ?? 1;
    if (!Number.isInteger(numOov) || numOov < 0) throw new RangeError(`${owner}: \`numOovIndices\` must be greater than or equal to 0. Received: numOovIndices=${numOov}`);
    const oovMethod = configEnum(a.oovMethod ?? "floormod");
    if (oovMethod !== "floormod" && oovMethod !== "farmhash") throw new RangeError(`${owner}: invalid value for argument \`oovMethod\`. Expected one of "floormod", "farmhash". Received: oovMethod=${describe(a.oovMethod)}`);
    const vocabularyDtype = a.vocabularyDtype ?? "string";
    if (vocabularyDtype !== "string" && vocabularyDtype !== "int64") throw new RangeError(`${owner}: \`vocabularyDtype\` must be "string" or "int64"; got ${describe(vocabularyDtype)}`);
    if (a.salt != null && vocabularyDtype === "int64" && oovMethod !== "farmhash") {
      throw new RangeError(`${owner}: \`salt\` can only be used when \`oovMethod="farmhash"\`. Received: oovMethod=${oovMethod}`);
    }
    const salt = saltPair(owner, a.salt);
    const outputMode = lookupOutputMode(owner, a.outputMode ?? "int");
    const invert = a.invert ?? false;
    if (invert && outputMode !== "int") throw new RangeError(`${owner}: \`outputMode\` must be "int" when \`invert\` is true. Received: outputMode=${outputMode}`);
    const sparse = a.sparse ?? false;
    if (sparse && outputMode === "int") {
      throw new RangeError(`${owner}: \`sparse\` may only be true if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, \`'count'\` or \`'tf_idf'\`. Received: sparse=${sparse} and outputMode=${outputMode}`);
    }
    if (sparse) throw new RangeError(`${owner}: \`sparse=True\` can only be used with the TensorFlow backend.`);
    const idfWeights = a.idfWeights ?? null;
    if (idfWeights !== null && outputMode !== "tf_idf") {
      throw new RangeError(`${owner}: \`idfWeights\` should only be set if \`outputMode\` is "tf_idf". Received: idfWeights=[${Array.from(toNumbers(idfWeights)).join(", ")}] and outputMode=${outputMode}`);
    }
    this.maxTokens = maxTokens;
    this.numOovIndices = numOov;
    this.maskToken = a.maskToken ?? null;
    this.oovToken = a.oovToken ?? null;
    this.vocabularyDtype = vocabularyDtype;
    this.invert = invert;
    this.outputMode = outputMode;
    this.sparse = sparse;
    this.padToMaxTokens = pad;
    this.oovMethod = oovMethod;
    this.salt = salt;
    this.frozenVocabSize = a.vocabularySize ?? null;
    const vocabulary = a.vocabulary ?? null;
    this.inputVocabulary = vocabulary === null || typeof vocabulary === "string" ? null : this.tokenList(vocabulary);
    this.inputIdfWeights = idfWeights === null ? null : Array.from(toNumbers(idfWeights));
    this.hasInputVocabulary = a.hasInputVocabulary ?? vocabulary !== null;
    if (outputMode === "tf_idf" && this.hasInputVocabulary && idfWeights === null && vocabulary !== null) {
      throw new RangeError(`${owner}: when specifying the \`vocabulary\` argument in tf_idf output mode, the \`idfWeights\` argument must also be provided.`);
    }
    if (vocabulary !== null) this.setVocabulary(vocabulary, idfWeights);
    else if (a.vocabularyAsset) this.restoreVocabulary(a.vocabularyAsset, a.idfWeightsAsset ?? null);
    this.trainable = false;
  }

  protected get owner(): string {
    return (this.constructor as { className?: string }).className ?? "IndexLookup";
  }

  private oovStartIndex(): number {
    return this.maskToken !== null && this.outputMode === "int" ? 1 : 0;
  }

  private tokenStartIndex(): number {
    return this.oovStartIndex() + this.numOovIndices;
  }

  /** Tokens of this layer's dtype from user data (integers truncated, as a cast to int64 does). */
  private tokenList(v: Token[] | tf.Tensor | ArrayLike<Token>): Token[] {
    const raw = v instanceof tf.Tensor ? Array.from(v.dataSync() as unknown as ArrayLike<Token>) : Array.from(v as ArrayLike<Token>);
    return raw.map((t, i) => this.asToken(t, `vocabulary[${i}]`));
  }

  private asToken(t: unknown, where: string): Token {
    if (this.vocabularyDtype === "string") {
      if (typeof t !== "string") throw new TypeError(`${this.owner}: expected string tokens; ${where} is ${describe(t)}`);
      return t;
    }
    if (typeof t === "number" && Number.isFinite(t)) return Math.trunc(t);
    if (typeof t === "string" && /^-?\d+$/.test(t.trim())) return Number(t.trim());
    throw new TypeError(`${this.owner}: expected integer tokens; ${where} is ${describe(t)}`);
  }

  /** The vocabulary, index by index (with the mask and OOV tokens unless `includeSpecialTokens` is false). */
  getVocabulary(includeSpecialTokens = true): Token[] {
    const oov = this.oovToken as Token;
    const vocab: Token[] = [...Array<Token>(this.tokenStartIndex()).fill(oov), ...this.tokens];
    if (this.maskToken !== null && this.outputMode === "int") vocab[0] = this.maskToken;
    return includeSpecialTokens ? vocab : vocab.slice(this.tokenStartIndex());
  }

  /** Size of the vocabulary including the mask and OOV indices. */
  vocabularySize(): number {
    return this.tokens.length + this.tokenStartIndex();
  }

  /** The idf weights (tf_idf mode), one per index; null before a vocabulary is set. */
  get idfWeights(): Float32Array | null {
    return this.idf;
  }

  private recordVocabularySize(): void {
    this.ensureVocabSizeUnchanged();
    this.frozenVocabSize = this.vocabularySize();
  }

  private ensureVocabSizeUnchanged(): void {
    if (this.outputMode === "int" || this.padToMaxTokens) return;
    const size = this.vocabularySize();
    if (this.frozenVocabSize !== null && size !== this.frozenVocabSize) {
      throw new Error(
        `${this.owner}: when using \`outputMode=${this.outputMode}\` and \`padToMaxTokens=false\`, the vocabulary size cannot be changed after the layer is called. Old vocab size is ${this.frozenVocabSize}, new vocab size is ${size}`,
      );
    }
  }

  private installTokens(tokens: Token[]): void {
    this.tokens = tokens;
    this.table = new Map(tokens.map((t, i) => [t, this.tokenStartIndex() + i]));
  }

  /**
   * Sets the vocabulary (an array, a 1-D tensor, or the path of a text file with one token per
   * line) and, in tf_idf mode, its idf weights; replaces any vocabulary the layer had.
   */
  setVocabulary(vocabulary: Token[] | string | tf.Tensor, idfWeights?: number[] | Float32Array | tf.Tensor | null): void {
    const owner = this.owner;
    idfWeights = idfWeights ?? null;
    if (this.outputMode === "tf_idf") {
      if (idfWeights === null) throw new RangeError(`${owner}: \`idfWeights\` must be set if outputMode is "tf_idf".`);
    } else if (idfWeights !== null) {
      throw new RangeError(`${owner}: \`idfWeights\` should only be set if outputMode is "tf_idf". Received: outputMode=${this.outputMode}`);
    }
    if (typeof vocabulary === "string") {
      if (!fs.existsSync(vocabulary)) throw new Error(`${owner}: vocabulary file ${vocabulary} does not exist.`);
      if (this.outputMode === "tf_idf") throw new RangeError(`${owner}: outputMode "tf_idf" does not support loading a vocabulary from file.`);
      const lines = fs.readFileSync(vocabulary, "utf8").split(/\r?\n/);
      if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
      this.installTokens(lines.map((l, i) => this.asToken(l, `line ${i + 1} of ${vocabulary}`)));
      this.recordVocabularySize();
      return;
    }
    const vocab = this.tokenList(vocabulary);
    if (vocab.length === 0) throw new RangeError(`${owner}: cannot set an empty vocabulary. Received: vocabulary=[]`);
    const oovStart = this.oovStartIndex();
    const tokenStart = this.tokenStartIndex();
    const special: Token[] = [...Array<Token>(oovStart).fill(this.maskToken as Token), ...Array<Token>(this.numOovIndices).fill(this.oovToken as Token)];
    const foundSpecial = vocab.length >= tokenStart && special.every((t, i) => vocab[i] === t);
    const tokens = foundSpecial ? vocab.slice(tokenStart) : vocab;
    const seen = new Map<Token, number>();
    for (const t of tokens) seen.set(t, (seen.get(t) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([t]) => t);
    if (repeated.length > 0) {
      throw new RangeError(`${owner}: the passed vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: ${JSON.stringify(repeated)}`);
    }
    const misplaced = (token: Token, what: string) =>
      new RangeError(
        `${owner}: found reserved ${what} token at unexpected location in \`vocabulary\`. Note that passed \`vocabulary\` does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: ${JSON.stringify(special)}. Received: ${what === "mask" ? "maskToken" : "oovToken"}=${describe(token)} at vocabulary index ${vocab.lastIndexOf(token)}`,
      );
    if (this.maskToken !== null && tokens.includes(this.maskToken)) throw misplaced(this.maskToken, "mask");
    if (this.oovToken !== null && this.invert && tokens.includes(this.oovToken)) throw misplaced(this.oovToken, "OOV");
    const newSize = tokenStart + tokens.length;
    if (this.maxTokens !== null && newSize > this.maxTokens) {
      throw new RangeError(`${owner}: attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is ${newSize}; \`maxTokens\` is ${this.maxTokens}.`);
    }
    let weights: Float32Array | null = null;
    if (this.outputMode === "tf_idf" && idfWeights !== null) {
      const idf = toNumbers(idfWeights);
      if (idfWeights instanceof tf.Tensor && idfWeights.rank !== 1) throw new RangeError(`${owner}: TF-IDF data must be a 1-index array. Received an idfWeights tensor of rank ${idfWeights.rank}`);
      if (idf.length !== vocab.length) throw new RangeError(`${owner}: \`idfWeights\` must be the same length as vocabulary. len(idfWeights) is ${idf.length}; len(vocabulary) is ${vocab.length}`);
      const front = foundSpecial ? 0 : tokenStart;
      const mean = idf.length > 0 ? idf.reduce((s, w) => s + w, 0) / idf.length : 0;
      const total = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens : front + idf.length;
      weights = new Float32Array(Math.max(total, front + idf.length));
      weights.fill(mean, 0, front);
      weights.set(idf, front);
    }
    this.installTokens(tokens);
    this.recordVocabularySize();
    if (weights !== null) this.idf = weights;
  }

  /** A config's vocabularyAsset: the full vocabulary with its special tokens, as Keras's load_assets reads it. */
  private restoreVocabulary(vocabulary: Token[], idf: number[] | null): void {
    const tokens = vocabulary.slice(this.tokenStartIndex()).map((t, i) => this.asToken(t, `vocabularyAsset[${i}]`));
    this.installTokens(tokens);
    if (idf !== null) this.idf = Float32Array.from(idf);
    this.recordVocabularySize();
  }

  /**
   * Learns the vocabulary (and, in tf_idf mode, the document frequencies) from `data`: an array,
   * tensor or Series in one go (each element of a rank-1 input is a document), or a dataset /
   * iterable of batches (then it returns a promise for async sources). `steps` bounds the batches read.
   */
  adapt(data: tf.data.Dataset<tf.TensorContainer> | AsyncIterable<unknown>, steps?: number): Promise<void>;
  adapt(data: LookupData | Iterable<unknown>, steps?: number): void;
  adapt(data: LookupData | LookupBatches, steps?: number): void | Promise<void> {
    return adaptBatches(this.owner, data, steps, {
      reset: () => this.resetState(),
      whole: (x) => {
        const v = hostValues(this.owner, x);
        this.updateState(v.shape.length === 1 ? { values: v.values, shape: [v.shape[0]!, 1] } : v);
      },
      batch: (b) => this.updateState(hostValues(this.owner, b)),
      finalize: () => this.finalizeState(),
    });
  }

  /** Clears what adapt has counted (not the vocabulary). */
  resetState(): void {
    if (this.hasInputVocabulary) return;
    this.tokenCounts.clear();
    this.documentCounts.clear();
    this.numDocuments = 0;
  }

  /** Counts one batch: rows of tokens (a rank-1 batch is one document), as Keras's update_state. */
  updateState(batch: HostValues | { rows: Token[][] }): void {
    if (this.hasInputVocabulary) {
      throw new Error(`Cannot adapt layer '${this.name}' after setting a static vocabulary via \`vocabulary\` argument or \`setVocabulary()\` method.`);
    }
    let rows: Token[][];
    if ("rows" in batch) rows = batch.rows;
    else {
      const { values, shape } = batch;
      const n = shape.length <= 1 ? 1 : shape[0]!;
      const per = n === 0 ? 0 : values.length / n;
      rows = Array.from({ length: n }, (_, r) => values.slice(r * per, (r + 1) * per));
    }
    for (const row of rows) {
      for (const t0 of row) {
        const t = this.asToken(t0, "a token of the adapt data");
        this.tokenCounts.set(t, (this.tokenCounts.get(t) ?? 0) + 1);
      }
      if (this.outputMode === "tf_idf") {
        for (const t0 of new Set(row)) {
          const t = this.asToken(t0, "a token of the adapt data");
          this.documentCounts.set(t, (this.documentCounts.get(t) ?? 0) + 1);
        }
      }
    }
    if (this.outputMode === "tf_idf") this.numDocuments += rows.length;
  }

  /** Turns the counts into the vocabulary: most frequent first, ties by token descending, truncated to maxTokens. */
  finalizeState(): void {
    if (this.hasInputVocabulary || this.tokenCounts.size === 0) {
      this.recordVocabularySize();
      return;
    }
    if (this.maskToken !== null) this.tokenCounts.delete(this.maskToken);
    if (this.oovToken !== null) this.tokenCounts.delete(this.oovToken);
    let entries = [...this.tokenCounts].sort((a, b) => b[1] - a[1] || compareTokens(b[0], a[0]));
    const tokenStart = this.tokenStartIndex();
    if (this.maxTokens) entries = entries.slice(0, Math.max(0, this.maxTokens - tokenStart));
    const tokens = entries.map(([t]) => t);
    if (this.outputMode === "tf_idf") {
      const idf = tokens.map((t) => Math.fround(Math.log(1 + this.numDocuments / (1 + (this.documentCounts.get(t) ?? 0)))));
      const mean = idf.length > 0 ? idf.reduce((s, w) => s + w, 0) / idf.length : 0;
      const total = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens : tokenStart + idf.length;
      const weights = new Float32Array(total);
      weights.fill(mean, 0, tokenStart);
      weights.set(idf, tokenStart);
      this.idf = weights;
    }
    this.installTokens(tokens);
    this.resetState();
    this.recordVocabularySize();
  }

  /** Index of each token (mask → 0 in int mode, −1 = dropped otherwise); OOV tokens to their bucket. */
  lookupIds(values: Token[]): Int32Array {
    const out = new Int32Array(values.length);
    const oovStart = this.oovStartIndex();
    const oovAt: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = this.vocabularyDtype === "int64" && typeof values[i] === "number" ? Math.trunc(values[i] as number) : values[i]!;
      if (this.maskToken !== null && v === this.maskToken) {
        out[i] = this.outputMode === "int" ? 0 : -1;
        continue;
      }
      const idx = this.table.get(v);
      if (idx !== undefined) out[i] = idx;
      else oovAt.push(i);
    }
    if (oovAt.length === 0) return out;
    if (this.numOovIndices === 0) {
      const found = oovAt.slice(0, 20).map((i) => describe(values[i]));
      throw new RangeError(`${this.owner}: when \`numOovIndices=0\` all inputs should be in vocabulary, found OOV values [${found.join(", ")}${oovAt.length > 20 ? ", ..." : ""}], consider setting \`numOovIndices=1\`.`);
    }
    if (this.numOovIndices === 1) {
      for (const i of oovAt) out[i] = oovStart;
      return out;
    }
    const n = this.numOovIndices;
    let buckets: number[];
    if (this.vocabularyDtype === "int64" && this.oovMethod !== "farmhash") {
      buckets = oovAt.map((i) => {
        const v = Math.trunc(values[i] as number);
        return ((v % n) + n) % n;
      });
    } else {
      const strings = oovAt.map((i) => (typeof values[i] === "number" ? String(Math.trunc(values[i] as number)) : (values[i] as string)));
      buckets = this.salt ? sipHashBuckets(strings, n, this.salt) : fingerprintBuckets(strings, n);
    }
    oovAt.forEach((i, k) => (out[i] = buckets[k]! + oovStart));
    return out;
  }

  /** Token of each index (invert mode): the mask for 0 when there is one, the OOV token for unknown indices. */
  lookupTokens(values: Token[]): Token[] {
    const start = this.tokenStartIndex();
    const oov = this.oovToken ?? (this.vocabularyDtype === "string" ? "" : -1);
    return values.map((v0) => {
      const v = Math.trunc(Number(v0));
      if (this.maskToken !== null && v === 0) return this.maskToken;
      const t = this.tokens[v - start];
      return v >= start && t !== undefined ? t : oov;
    });
  }

  /** The encoded width in one_hot / multi_hot / count / tf_idf modes. */
  encodedDepth(): number {
    if (this.padToMaxTokens) return this.maxTokens!;
    if (this.frozenVocabSize === null) {
      throw new Error(
        `${this.owner}: when using \`outputMode=${this.outputMode}\` and \`padToMaxTokens=false\`, you must set the layer's vocabulary before calling it. Either pass a \`vocabulary\` argument to the layer, or call \`adapt\` with some sample data.`,
      );
    }
    return this.frozenVocabSize;
  }

  /** The lookup of host tokens of `shape` (rows given by `rowStarts` for ragged token lists). */
  lookupToTensor(values: Token[], shape: number[]): tf.Tensor {
    if (this.invert) {
      const tokens = this.lookupTokens(values);
      return this.vocabularyDtype === "string" ? tf.tensor(tokens as string[], shape, "string") : tf.tensor(tokens as number[], shape, "int32");
    }
    if (this.outputMode !== "int") this.encodedDepth();
    const ids = this.lookupIds(values);
    if (this.outputMode === "int") return tf.tensor(ids, shape, "int32");
    const depth = this.encodedDepth();
    let s = shape.length === 0 ? [1] : shape;
    if (this.outputMode === "one_hot") {
      if (s.length > 1 && s[s.length - 1] === 1) s = s.slice(0, -1);
      const out = new Float32Array(ids.length * depth);
      ids.forEach((id, i) => {
        if (id >= 0 && id < depth) out[i * depth + id] = 1;
      });
      return tf.tensor(out, [...s, depth], "float32");
    }
    if (s.length > 2) throw new RangeError(`${this.owner}: when outputMode is not "int", the maximum supported input rank is 2; received an input of shape [${shape.join(", ")}]`);
    const rows = s.length === 1 ? 1 : s[0]!;
    const per = rows === 0 ? 0 : ids.length / rows;
    const starts = Array.from({ length: rows + 1 }, (_, r) => r * per);
    return this.encodeToTensor(ids, starts, s.length === 1 ? [depth] : [rows, depth]);
  }

  /** multi_hot / count / tf_idf of rows of ids (TextVectorization's ragged token lists land here). */
  encodeToTensor(ids: ArrayLike<number>, rowStarts: ArrayLike<number>, shape: number[]): tf.Tensor {
    const mode = this.outputMode as "multi_hot" | "count" | "tf_idf";
    const depth = this.encodedDepth();
    if (mode === "tf_idf" && this.idf === null) throw new Error(`${this.owner}: when \`outputMode\` is "tf_idf", \`idfWeights\` must be provided (or learned by adapt).`);
    return tf.tensor(encodeRows(ids, rowStarts, mode, depth, this.idf ?? undefined), shape, "float32");
  }

  /** Accepts plain arrays of tokens as Keras does (`layer.apply(["a", "b"])`). */
  // The overloads of apply_types.ts: symbolic in, symbolic out; host values or tensors in, a tensor out.
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Record<string, unknown>): tf.SymbolicTensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor;
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] | Token[] | Token[][] | Token[][][], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (Array.isArray(inputs) && (inputs.length === 0 || !(inputs[0] instanceof tf.Tensor || inputs[0] instanceof tf.SymbolicTensor))) {
      const v = hostValues(this.owner, inputs);
      const strings = v.values.length > 0 && typeof v.values[0] === "string";
      inputs = strings ? tf.tensor(v.values as string[], v.shape, "string") : tf.tensor(v.values as number[], v.shape, this.vocabularyDtype === "int64" || this.invert ? "int32" : "float32");
    }
    return super.apply(inputs as tf.Tensor, kwargs);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (this.outputMode === "int") return s;
    const depth = this.padToMaxTokens ? this.maxTokens : this.frozenVocabSize;
    if (this.outputMode === "one_hot") return s.length > 1 && s[s.length - 1] === 1 ? [...s.slice(0, -1), depth] : [...s, depth];
    return [...s.slice(0, -1), depth];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!this.invert && this.vocabularyDtype === "string" && x.dtype !== "string") {
      throw new TypeError(`${this.owner}: expected a string tensor of tokens; got a ${x.dtype} tensor (use IntegerLookup for integer ids)`);
    }
    if ((this.invert || this.vocabularyDtype === "int64") && x.dtype === "string") {
      throw new TypeError(`${this.owner}: expected integer ${this.invert ? "indices" : "tokens"}; got a string tensor`);
    }
    const v = hostValues(this.owner, x);
    return this.lookupToTensor(v.values, v.shape);
  }

  /** Writes the vocabulary as `vocabulary.txt` in `dir` (atomically), as Keras's save_assets; nothing for a given vocabulary. */
  saveAssets(dir: string): void {
    if (this.inputVocabulary !== null) return;
    const file = path.join(dir, "vocabulary.txt");
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, this.getVocabulary(true).map(String).join("\n"));
    fs.renameSync(tmp, file);
  }

  /** Reads `vocabulary.txt` from `dir`, as Keras's load_assets. */
  loadAssets(dir: string): void {
    if (this.inputVocabulary !== null) return;
    const lines = fs.readFileSync(path.join(dir, "vocabulary.txt"), "utf8").split("\n");
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    const values = lines.map((l, i) => this.asToken(l, `line ${i + 1} of vocabulary.txt`));
    if (this.outputMode === "tf_idf") this.setVocabulary(values, this.idf ? Array.from(this.idf).slice(0, values.length) : null);
    else this.setVocabulary(values);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const learned = this.inputVocabulary === null && this.tokens.length > 0;
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      invert: this.invert,
      maxTokens: this.maxTokens,
      numOovIndices: this.numOovIndices,
      oovToken: protectToken(this.oovToken),
      maskToken: protectToken(this.maskToken),
      outputMode: this.outputMode,
      sparse: this.sparse,
      padToMaxTokens: this.padToMaxTokens,
      vocabularyDtype: this.vocabularyDtype,
      idfWeights: this.inputIdfWeights,
      vocabulary: this.inputVocabulary === null ? null : this.inputVocabulary.map(protectToken),
      vocabularySize: this.frozenVocabSize,
      oovMethod: this.oovMethod,
      salt: this.salt,
    };
    delete config.dtype;
    if (learned) {
      config.vocabularyAsset = this.getVocabulary(true).map(protectToken);
      if (this.idf !== null) config.idfWeightsAsset = Array.from(this.idf).slice(0, this.vocabularySize());
    }
    return config;
  }

  /** Undoes getConfig's protection of tokens (a config may have been through tfjs's JSON). */
  static unprotectConfig(config: tf.serialization.ConfigDict): Record<string, unknown> {
    const c: Record<string, unknown> = { ...config };
    for (const k of ["oovToken", "maskToken"]) if (c[k] !== undefined) c[k] = unprotectToken(c[k]);
    for (const k of ["vocabulary", "vocabularyAsset"]) if (Array.isArray(c[k])) c[k] = (c[k] as Token[]).map(unprotectToken);
    return c;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(IndexLookupLayer.unprotectConfig(config));
  }
}

function toNumbers(w: number[] | Float32Array | tf.Tensor): Float32Array {
  return w instanceof tf.Tensor ? Float32Array.from(w.dataSync()) : Float32Array.from(w);
}

interface AdaptSteps {
  reset(): void;
  /** The whole data at once (an array, tensor or Series). */
  whole(x: unknown): void;
  /** One batch of a dataset or iterable. */
  batch(b: unknown): void;
  finalize(): void;
}

const isTensorLike = (x: unknown) => x instanceof tf.Tensor || Array.isArray(x) || typeof x === "string";

function checkBatch(owner: string, b: unknown): unknown {
  if (b instanceof tf.Tensor || Array.isArray(b) || typeof b === "string" || typeof b === "number") return b;
  if (b !== null && typeof b === "object" && "values" in b) return b;
  throw new TypeError(`${owner}.adapt: each batch must be a tensor or an array of tokens; got ${b === null ? "null" : typeof b === "object" ? "an object (a dataset of {xs, ys}? map it to the text first: ds.map((e) => e.xs))" : typeof b}`);
}

/** Keras's adapt loop over a dataset, an iterable or the whole data, shared by the lookup layers and TextVectorization. */
export function adaptBatches(owner: string, data: unknown, steps: number | undefined, s: AdaptSteps): void | Promise<void> {
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) throw new RangeError(`${owner}.adapt: \`steps\` must be a positive integer; got ${steps}`);
  s.reset();
  if (data instanceof tf.data.Dataset || (data !== null && typeof data === "object" && Symbol.asyncIterator in (data as object))) {
    return (async () => {
      let n = 0;
      if (data instanceof tf.data.Dataset) {
        const it = await data.iterator();
        while (steps === undefined || n < steps) {
          const r = await it.next();
          if (r.done) break;
          s.batch(checkBatch(owner, r.value));
          n++;
        }
      } else {
        for await (const b of data as AsyncIterable<unknown>) {
          if (steps !== undefined && n >= steps) break;
          s.batch(checkBatch(owner, b));
          n++;
        }
      }
      s.finalize();
    })();
  }
  if (isTensorLike(data) || (data !== null && typeof data === "object" && "values" in (data as object))) {
    if (steps !== undefined) throw new RangeError(`${owner}.adapt: \`steps\` is only supported with a dataset or an iterable of batches, not with an array or a tensor`);
    s.whole(data);
  } else if (data !== null && typeof data === "object" && Symbol.iterator in (data as object)) {
    let n = 0;
    for (const b of data as Iterable<unknown>) {
      if (steps !== undefined && n >= steps) break;
      s.batch(checkBatch(owner, b));
      n++;
    }
  } else {
    throw new TypeError(`${owner}.adapt: \`data\` must be an array, a tensor, a danfo Series, a tf.data.Dataset or an iterable of batches; got ${data === null ? "null" : typeof data}`);
  }
  s.finalize();
}
