import { parseNumber, NUMBER_INVALID, type NumberResult } from "./parse_number.js";
import type { TypedColumn } from "../typed_columns.js";

/** Per-column dtype a caller may force (pandas `dtype=`), or leave to inference. */
export type CsvDtype = "float64" | "float32" | "int32" | "int64" | "bool" | "string" | "datetime";

const numberResult: NumberResult = { status: 0, integer: true, wide: false };
const utf8Slice = Buffer.prototype.utf8Slice as (this: Uint8Array, s: number, e: number) => string;

/**
 * What one byte range of the file made of a numeric column (read by another thread): the
 * inference state, and the values, which stay in the range's room of the column's shared
 * storage (`numbers` null) unless they outgrew it.
 */
export interface ColumnPart {
  mode: "number" | "reread";
  length: number;
  allInteger: boolean;
  wideInteger: boolean;
  missing: number;
  numbers: Float64Array | null;
}

/** Where a value came from, for error messages. */
export interface CellPlace {
  line: number;
  row: number;
}

/**
 * Collects one column while the file is read. Numbers go straight into a Float64Array; the first
 * token that is neither a number nor a missing-value marker turns an inferred column into a text
 * column, which the reader then fills in a second pass over the file (only such columns are read
 * again, so the common all-numeric file is read once).
 */
export class ColumnBuilder {
  mode: "number" | "text" | "reread";
  numbers: Float64Array;
  texts: (string | null)[] = [];
  length = 0;
  allInteger = true;
  wideInteger = false;
  missing = 0;

  constructor(
    readonly name: string,
    readonly forced: CsvDtype | undefined,
    private readonly naValues: Set<string>,
    capacity: number,
  ) {
    const numeric = forced === undefined || forced === "float64" || forced === "float32" || forced === "int32" || forced === "int64";
    this.mode = numeric && forced !== "int64" ? "number" : "text";
    this.numbers = new Float64Array(this.mode === "number" ? Math.max(16, capacity) : 0);
  }

  add(b: Uint8Array, s: number, e: number, quoted: number, place: CellPlace, latin1: () => string): void {
    if (this.mode === "number") {
      if (this.length === this.numbers.length) this.growNumbers();
      const v = parseNumber(b, s, e, numberResult, latin1);
      if (numberResult.status === NUMBER_INVALID) {
        if (this.isNa(b, s, e)) {
          this.numbers[this.length++] = NaN;
          this.missing++;
          return;
        }
        if (this.forced) {
          throw new Error(`column '${this.name}' (dtype ${this.forced}): '${text(b, s, e, quoted)}' at line ${place.line} (row ${place.row}) is not a number`);
        }
        this.mode = "reread";
        return;
      }
      if (!numberResult.integer) this.allInteger = false;
      else if (numberResult.wide) this.wideInteger = true;
      this.numbers[this.length++] = v;
    } else if (this.mode === "text") {
      this.texts.push(this.isNa(b, s, e) ? (this.missing++, null) : text(b, s, e, quoted));
      this.length++;
    }
  }

  addMissing(): void {
    if (this.mode === "number") {
      if (this.length === this.numbers.length) this.growNumbers();
      this.numbers[this.length++] = NaN;
    } else if (this.mode === "text") {
      this.texts.push(null);
      this.length++;
    }
    this.missing++;
  }

  private isNa(b: Uint8Array, s: number, e: number): boolean {
    if (e - s > 16) return false;
    return this.naValues.has(utf8Slice.call(b, s, e));
  }

  /** Makes room for `rows` values in all (a numeric column; text columns grow as they go). */
  reserve(rows: number): void {
    if (this.mode !== "number" || rows <= this.numbers.length) return;
    const bigger = new Float64Array(rows);
    bigger.set(this.numbers.subarray(0, this.length));
    this.numbers = bigger;
  }

  /** Continues in `room` (a numeric column), after copying the values so far to its start. */
  moveTo(room: Float64Array): void {
    if (this.mode !== "number") return;
    room.set(this.numbers.subarray(0, this.length));
    this.numbers = room;
  }

  /** This builder's rows as a part of a column read in ranges; `room` is where it started. */
  part(room: Float64Array): ColumnPart {
    return {
      mode: this.mode === "number" ? "number" : "reread",
      length: this.length,
      allInteger: this.allInteger,
      wideInteger: this.wideInteger,
      missing: this.missing,
      numbers: this.numbers === room ? null : this.numbers.subarray(0, this.length),
    };
  }

  /**
   * Appends the parts of the following ranges, in file order: the inference merges as if one
   * builder had read every row (a float anywhere makes the column float, a text token anywhere
   * makes it text). `rooms[i]` is part i's room; when every part is still in its room in this
   * column's own storage, the values are moved down in place (rooms follow each other, each at
   * or after where its values go), so no second copy of the column is made.
   */
  appendParts(parts: ColumnPart[], rooms: Float64Array[]): void {
    if (this.mode !== "number") return;
    if (parts.some((p) => p.mode === "reread")) {
      this.mode = "reread";
      return;
    }
    let total = this.length;
    let inPlace = true;
    for (let i = 0; i < parts.length; i++) {
      total += parts[i].length;
      if (parts[i].numbers !== null || rooms[i].buffer !== this.numbers.buffer) inPlace = false;
    }
    const target = inPlace ? this.numbers : new Float64Array(total);
    if (!inPlace) target.set(this.numbers.subarray(0, this.length));
    const base = this.numbers.byteOffset / 8;
    let at = this.length;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (inPlace) {
        const from = rooms[i].byteOffset / 8 - base;
        if (from !== at) target.copyWithin(at, from, from + p.length);
      } else {
        target.set((p.numbers ?? rooms[i]).subarray(0, p.length), at);
      }
      at += p.length;
      if (!p.allInteger) this.allInteger = false;
      if (p.wideInteger) this.wideInteger = true;
      this.missing += p.missing;
    }
    this.numbers = target;
    this.length = total;
  }

  private growNumbers(): void {
    const bigger = new Float64Array(this.numbers.length * 2);
    bigger.set(this.numbers);
    this.numbers = bigger;
  }

  /** Starts over as a text column (second pass). */
  restartAsText(): void {
    this.mode = "text";
    this.numbers = new Float64Array(0);
    this.texts = [];
    this.length = 0;
    this.missing = 0;
  }

  /** The finished column, with pandas' inference rules and the forced dtype applied. */
  finish(): { values: TypedColumn; int64?: boolean } {
    const f = this.forced;
    if (this.mode === "number") {
      // Within 5 % of the reserved size, a view of it: the unused tail was never written, so it
      // costs address space, not memory; trimming by copy would hold the column twice at the peak.
      const nums =
        this.numbers.length === this.length ? this.numbers
        : this.length >= this.numbers.length * 0.95 ? this.numbers.subarray(0, this.length)
        : this.numbers.slice(0, this.length);
      this.numbers = new Float64Array(0);
      if (f === "float32") return { values: Float32Array.from(nums) };
      if (f === "int32" || (f === undefined && this.allInteger && this.missing === 0 && !this.wideInteger)) {
        if (this.missing > 0) throw new Error(`column '${this.name}' (dtype int32) has missing values; use float64`);
        if (!this.allInteger) throw new Error(`column '${this.name}' (dtype int32) has non-integer values`);
        let fits = true;
        for (let i = 0; i < nums.length; i++) if (nums[i] !== (nums[i] | 0)) { fits = false; break; }
        if (fits) return { values: Int32Array.from(nums), int64: f === undefined };
        if (f === "int32") throw new Error(`column '${this.name}' (dtype int32) has values outside the int32 range`);
        return { values: nums, int64: true };
      }
      return { values: nums };
    }
    const texts = this.texts;
    this.texts = [];
    if (f === "string") return { values: texts };
    if (f === "int64") return { values: toBigInt(this.name, texts), int64: true };
    if (f === "bool") return { values: toBool(this.name, texts, true)! };
    if (f === "datetime") return { values: toDates(this.name, texts, true)! };
    // Inferred text: an integer column too wide for doubles, booleans, ISO datetimes, else strings.
    if (this.wideInteger && this.allInteger) {
      const big = tryBigInt(texts);
      if (big) return { values: big, int64: true };
    }
    return { values: toBool(this.name, texts, false) ?? toDates(this.name, texts, false) ?? texts };
  }
}

function text(b: Uint8Array, s: number, e: number, quoted: number): string {
  const t = utf8Slice.call(b, s, e);
  return quoted === 2 ? t.replace(/""/g, '"') : t;
}

const TRUE = new Set(["True", "TRUE", "true"]);
const FALSE = new Set(["False", "FALSE", "false"]);

function toBool(name: string, texts: (string | null)[], forced: boolean): (boolean | null)[] | undefined {
  const out = new Array<boolean | null>(texts.length);
  let seen = false;
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t === null) out[i] = null;
    else if (TRUE.has(t)) (out[i] = true), (seen = true);
    else if (FALSE.has(t)) (out[i] = false), (seen = true);
    else if (forced) throw new Error(`column '${name}' (dtype bool): '${t}' at row ${i} is not True/False`);
    else return undefined;
  }
  return seen || forced ? out : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function toDates(name: string, texts: (string | null)[], forced: boolean): (Date | null)[] | undefined {
  const out = new Array<Date | null>(texts.length);
  let seen = false;
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t === null) {
      out[i] = null;
      continue;
    }
    if (!ISO_DATE.test(t)) {
      if (forced) {
        const ms = Date.parse(t);
        if (Number.isNaN(ms)) throw new Error(`column '${name}' (dtype datetime): '${t}' at row ${i} is not a date`);
        out[i] = new Date(ms);
        continue;
      }
      return undefined;
    }
    // Naive ISO text is read as UTC, like pandas' naive datetime64 (no local time zone applied).
    let iso = t.replace(" ", "T");
    if (iso.length === 10) iso += "T00:00:00";
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += "Z";
    iso = iso.replace(/(\.\d{3})\d+/, "$1");
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) {
      if (forced) throw new Error(`column '${name}' (dtype datetime): '${t}' at row ${i} is not a valid date`);
      return undefined;
    }
    out[i] = new Date(ms);
    seen = true;
  }
  return seen || forced ? out : undefined;
}

function tryBigInt(texts: (string | null)[]): BigInt64Array | undefined {
  const out = new BigInt64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]?.trim();
    if (t === undefined || !/^[-+]?\d+$/.test(t)) return undefined;
    const v = BigInt(t);
    if (v < -(2n ** 63n) || v >= 2n ** 63n) return undefined;
    out[i] = v;
  }
  return out;
}

function toBigInt(name: string, texts: (string | null)[]): BigInt64Array {
  const out = new BigInt64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]?.trim();
    if (t === undefined) throw new Error(`column '${name}' (dtype int64) has a missing value at row ${i}; use float64`);
    if (!/^[-+]?\d+$/.test(t)) throw new Error(`column '${name}' (dtype int64): '${t}' at row ${i} is not an integer`);
    const v = BigInt(t);
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new Error(`column '${name}' (dtype int64): ${t} at row ${i} is outside the int64 range`);
    out[i] = v;
  }
  return out;
}
