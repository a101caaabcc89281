/**
 * Keras 3's StringLookup (keras/src/layers/preprocessing/string_lookup.py): IndexLookup over
 * string tokens, OOV token "[UNK]" by default; `invert` maps indices back to strings. Only UTF-8
 * is supported (`encoding`), as tfjs strings are JS strings.
 */
import * as tf from "@tensorflow/tfjs";
import { IndexLookupLayer, type IndexLookupArgs } from "./index_lookup.js";

export interface StringLookupArgs extends Omit<IndexLookupArgs, "vocabularyDtype" | "oovMethod" | "vocabulary" | "maskToken" | "oovToken"> {
  vocabulary?: string[] | string | tf.Tensor | null;
  maskToken?: string | null;
  oovToken?: string | null;
  encoding?: string;
}

export class StringLookupLayer extends IndexLookupLayer {
  static override className = "StringLookup";
  readonly encoding: string;

  constructor(args: StringLookupArgs = {}) {
    const { encoding = "utf-8", ...rest } = args;
    if (String(encoding).toLowerCase().replace(/[-_]/g, "") !== "utf8") throw new RangeError(`StringLookup: only \`encoding: "utf-8"\` is supported; got ${JSON.stringify(encoding)}`);
    if ("vocabularyDtype" in rest && rest.vocabularyDtype !== "string") throw new RangeError(`StringLookup: \`vocabularyDtype\` is always "string"; got ${JSON.stringify(rest.vocabularyDtype)}`);
    super({ oovToken: "[UNK]", ...rest, vocabularyDtype: "string" });
    this.encoding = "utf-8";
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), encoding: this.encoding };
    delete config.vocabularyDtype;
    delete config.oovMethod;
    return config;
  }
}
tf.serialization.registerClass(StringLookupLayer);
