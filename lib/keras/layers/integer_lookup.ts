/**
 * Keras 3's IntegerLookup (keras/src/layers/preprocessing/integer_lookup.py): IndexLookup over
 * integer tokens (int64 in Keras; JS numbers here, exact up to 2^53), OOV token −1 by default,
 * OOV buckets by floormod or, with `oovMethod: "farmhash"`, by the hash of the decimal string.
 */
import * as tf from "@tensorflow/tfjs";
import { IndexLookupLayer, type IndexLookupArgs } from "./index_lookup.js";

export interface IntegerLookupArgs extends Omit<IndexLookupArgs, "vocabulary" | "maskToken" | "oovToken"> {
  vocabulary?: number[] | string | tf.Tensor | null;
  maskToken?: number | null;
  oovToken?: number | null;
}

export class IntegerLookupLayer extends IndexLookupLayer {
  static override className = "IntegerLookup";

  constructor(args: IntegerLookupArgs = {}) {
    const { vocabularyDtype = "int64", ...rest } = args;
    if (rest.maxTokens != null && rest.maxTokens <= 1) throw new RangeError(`IntegerLookup: if \`maxTokens\` is set for \`IntegerLookup\`, it must be greater than 1. Received: maxTokens=${rest.maxTokens}`);
    if (rest.numOovIndices != null && rest.numOovIndices < 0) throw new RangeError(`IntegerLookup: the value of \`numOovIndices\` argument for \`IntegerLookup\` must >= 0. Received: numOovIndices=${rest.numOovIndices}`);
    if (vocabularyDtype !== "int64") throw new RangeError(`IntegerLookup: only \`vocabularyDtype="int64"\` is supported at this time. Received: vocabularyDtype=${JSON.stringify(vocabularyDtype)}`);
    super({ oovToken: -1, ...rest, vocabularyDtype: "int64" });
  }
}
tf.serialization.registerClass(IntegerLookupLayer);
