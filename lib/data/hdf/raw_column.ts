import { H5T, decodeFixedString, type Metadata } from "./h5_file.js";
import { nativeBlas } from "../../backend/native/native_blas.js";

/** One stored field's values, decoded from HDF5 bytes but not yet given pandas' meaning. */
export type RawColumn = Float64Array | Float32Array | BigInt64Array | Int32Array | Uint8Array | (string | null)[];

/**
 * An empty column of `n` rows for values of HDF5 type `base` (a scalar type). With `narrowInt64`,
 * signed 64-bit integers start as an Int32Array (decodeInto widens it to a BigInt64Array at the
 * first value past int32): pandas' int64 indexes and labels nearly always fit, and an 8-byte
 * column narrowed afterwards costs a second allocation and pass (1M rows: ~15 ms of a ~25 ms read).
 */
export function allocRawColumn(base: Metadata, n: number, what: string, narrowInt64 = false): RawColumn {
  switch (base.type) {
    case H5T.FLOAT:
      if (base.size === 8) return new Float64Array(n);
      if (base.size === 4) return new Float32Array(n);
      break;
    case H5T.INTEGER:
      if (base.size === 8) return narrowInt64 && base.signed ? new Int32Array(n) : new BigInt64Array(n);
      if (base.size <= 4 && !(base.size === 4 && !base.signed)) return new Int32Array(n);
      break;
    case H5T.BITFIELD:
      if (base.size === 1) return new Uint8Array(n);
      break;
    case H5T.STRING:
      if (!base.vlen) return new Array<string | null>(n);
      break;
  }
  throw new Error(`${what} has an unsupported HDF5 type (class ${base.type}, ${base.size} bytes)`);
}

/**
 * Decodes `rows` cells of type `base` from `bytes` (cell r at `offset + r*stride`) into `out`
 * starting at row `at`. Returns the column to keep: `out`, or, when an int64 value does not fit
 * the Int32Array `out` (see allocRawColumn's `narrowInt64`), a BigInt64Array holding `out`'s rows
 * and the rest.
 */
export function decodeInto(
  out: RawColumn,
  base: Metadata,
  bytes: Uint8Array,
  stride: number,
  offset: number,
  rows: number,
  at: number,
): RawColumn {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = base.littleEndian;
  if (out instanceof Float64Array) {
    if (le && bytes.byteOffset % 8 === 0 && offset % 8 === 0 && stride % 8 === 0) {
      // Aligned: read through a Float64Array view, no per-cell DataView call.
      const f = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
      const s = stride >> 3;
      let k = offset >> 3;
      for (let r = 0; r < rows; r++, k += s) out[at + r] = f[k];
    } else {
      for (let r = 0; r < rows; r++) out[at + r] = view.getFloat64(offset + r * stride, le);
    }
  } else if (out instanceof Float32Array) {
    for (let r = 0; r < rows; r++) out[at + r] = view.getFloat32(offset + r * stride, le);
  } else if (out instanceof BigInt64Array) {
    if (le && bytes.byteOffset % 4 === 0 && offset % 4 === 0 && stride % 4 === 0) {
      // Copy as 32-bit word pairs: reading a BigInt64Array element allocates a BigInt per cell.
      const src = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
      const dst = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
      const s = stride >> 2;
      let k = offset >> 2;
      for (let r = 0, d = at * 2; r < rows; r++, k += s, d += 2) {
        dst[d] = src[k];
        dst[d + 1] = src[k + 1];
      }
    } else {
      for (let r = 0; r < rows; r++) out[at + r] = view.getBigInt64(offset + r * stride, le);
    }
  } else if (out instanceof Int32Array && base.size === 8) {
    const done = narrowInt64Into(out, bytes, view, le, stride, offset, rows, at);
    if (done < rows) {
      const wide = new BigInt64Array(out.length);
      const words = new Int32Array(wide.buffer); // little-endian words: sign-extend each row
      for (let i = 0; i < at + done; i++) {
        words[2 * i] = out[i];
        words[2 * i + 1] = out[i] >> 31;
      }
      return decodeInto(wide, base, bytes, stride, offset + done * stride, rows - done, at + done);
    }
  } else if (out instanceof Int32Array) {
    const size = base.size;
    for (let r = 0; r < rows; r++) {
      const p = offset + r * stride;
      out[at + r] =
        size === 1
          ? base.signed ? view.getInt8(p) : view.getUint8(p)
          : size === 2
            ? base.signed ? view.getInt16(p, le) : view.getUint16(p, le)
            : view.getInt32(p, le);
    }
  } else if (out instanceof Uint8Array) {
    for (let r = 0; r < rows; r++) out[at + r] = bytes[offset + r * stride];
  } else {
    for (let r = 0; r < rows; r++) out[at + r] = decodeFixedString(bytes, offset + r * stride, base.size);
  }
  return out;
}

/** Copies int64 cells into `out` while they fit int32; returns how many rows were copied. */
function narrowInt64Into(out: Int32Array, bytes: Uint8Array, view: DataView, le: boolean, stride: number, offset: number, rows: number, at: number): number {
  const native = le ? nativeBlas() : null;
  if (native) return native.narrowInt64Rows(bytes, out, stride, offset, rows, at);
  if (le && bytes.byteOffset % 4 === 0 && offset % 4 === 0 && stride % 4 === 0) {
    const src = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    const s = stride >> 2;
    let k = offset >> 2;
    for (let r = 0; r < rows; r++, k += s) {
      const lo = src[k];
      if (src[k + 1] !== lo >> 31) return r;
      out[at + r] = lo;
    }
    return rows;
  }
  for (let r = 0; r < rows; r++) {
    const v = view.getBigInt64(offset + r * stride, le);
    if (v !== BigInt.asIntN(32, v)) return r;
    out[at + r] = Number(v);
  }
  return rows;
}

/**
 * Splits `rows` rows of little-endian float64 cells into one Float64Array per column: row r's
 * cell j is float64 number `r * stride + first + j` of `bytes` (a [rows, items] block: stride =
 * items, first = 0; a table's float field: stride = row size / 8) and lands at `at + r` of
 * `outs[j]`. Four columns per pass over the rows: each pass reads the slice in order and writes
 * four sequential streams, instead of one strided pass per column (about half the time of the
 * per-column decodeInto loop on a 1M x 10 block).
 */
export function splitFloat64Block(outs: Float64Array[], bytes: Uint8Array, stride: number, rows: number, at: number, first = 0): void {
  const items = outs.length;
  const src = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
  if (rows > 0 && (rows - 1) * stride + first + items > src.length) throw new Error("internal: a float64 slice is shorter than its rows");
  let j = 0;
  for (; j + 4 <= items; j += 4) {
    const o0 = outs[j];
    const o1 = outs[j + 1];
    const o2 = outs[j + 2];
    const o3 = outs[j + 3];
    for (let r = 0, k = first + j; r < rows; r++, k += stride) {
      const d = at + r;
      o0[d] = src[k];
      o1[d] = src[k + 1];
      o2[d] = src[k + 2];
      o3[d] = src[k + 3];
    }
  }
  for (; j < items; j++) {
    const o = outs[j];
    for (let r = 0, k = first + j; r < rows; r++, k += stride) o[at + r] = src[k];
  }
}
