import type { ColumnMeta, TypedColumn } from "../typed_columns.js";

/** How a string or categorical column becomes numbers: `"codes"` = pandas category codes. */
export type CategoricalEncoding = "codes";

/**
 * A column as float32 for the model (tfjs layers compute in float32). Missing values become NaN
 * here; the caller applies the NaN policy, so it can name the row.
 */
export function numericColumn(
  name: string,
  values: TypedColumn | ArrayLike<unknown>,
  meta: ColumnMeta | undefined,
  encoding: CategoricalEncoding | undefined,
  rowLabel: (row: number) => string,
  categories?: string[],
): Float32Array {
  const n = values.length;
  if (categories !== undefined) return fixedCodes(name, meta?.kind === "category" ? labels(meta) : values, categories, rowLabel);
  if (meta?.kind === "category") {
    if (encoding !== "codes") throw categoricalError(name);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = meta.codes[i] < 0 ? NaN : meta.codes[i];
    return out;
  }
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array)) {
    return Float32Array.from(values as unknown as ArrayLike<number>);
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(values[i]);
    return out;
  }
  const plain = values as ArrayLike<unknown>;
  let firstString = -1;
  for (let i = 0; i < n; i++) {
    if (typeof plain[i] === "string") {
      firstString = i;
      break;
    }
  }
  if (firstString >= 0) {
    // A column that is mostly numbers with a stray string is a data error, not a categorical.
    let numbers = 0;
    for (let i = 0; i < n; i++) if (typeof plain[i] === "number") numbers++;
    if (numbers > 0) {
      throw new Error(`pandasInputFn: column '${name}' has a non-numeric value ${JSON.stringify(plain[firstString])} at row ${rowLabel(firstString)}`);
    }
    if (encoding !== "codes") throw categoricalError(name);
    return stringCodes(plain as ArrayLike<string | null>);
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = plain[i];
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else if (typeof v === "bigint") out[i] = Number(v);
    else if (v === null || v === undefined) out[i] = NaN;
    else if (v instanceof Date) out[i] = v.getTime();
    else throw new Error(`pandasInputFn: column '${name}' has a non-numeric value ${String(v)} at row ${rowLabel(i)}`);
  }
  return out;
}

function categoricalError(name: string): Error {
  return new TypeError(
    `pandasInputFn: column '${name}' holds strings/categories, which a model cannot take as they are; ` +
      `pass { encodeCategorical: "codes" } to feed pandas category codes, or drop the column`,
  );
}

// pandas orders the categories of `astype("category")` by sorting the distinct values.
function stringCodes(values: ArrayLike<string | null>): Float32Array {
  const distinct = new Set<string>();
  for (let i = 0; i < values.length; i++) if (values[i] != null) distinct.add(values[i] as string);
  const sorted = [...distinct].sort();
  const code = new Map(sorted.map((s, i) => [s, i]));
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] == null ? NaN : (code.get(values[i] as string) as number);
  return out;
}

function labels(meta: Extract<ColumnMeta, { kind: "category" }>): (string | null)[] {
  return Array.from(meta.codes, (c) => (c < 0 ? null : String(meta.categories[c])));
}

// Codes in an order the caller fixes, so frames split from one table (train/test) agree even
// when a category is missing from one of them.
function fixedCodes(name: string, values: ArrayLike<unknown>, categories: string[], rowLabel: (row: number) => string): Float32Array {
  const code = new Map(categories.map((c, i) => [c, i]));
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      out[i] = NaN;
      continue;
    }
    const c = code.get(String(v));
    if (c === undefined) {
      throw new Error(`pandasInputFn: column '${name}' has ${JSON.stringify(v)} at row ${rowLabel(i)}, which is not among its categories ${JSON.stringify(categories)}`);
    }
    out[i] = c;
  }
  return out;
}
