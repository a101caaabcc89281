import { H5T, decodeFixedString, type Metadata } from "./h5_file.js";

/** One stored field's values, decoded from HDF5 bytes but not yet given pandas' meaning. */
export type RawColumn = Float64Array | Float32Array | BigInt64Array | Int32Array | Uint8Array | (string | null)[];

/** An empty column of `n` rows for values of HDF5 type `base` (a scalar type). */
export function allocRawColumn(base: Metadata, n: number, what: string): RawColumn {
  switch (base.type) {
    case H5T.FLOAT:
      if (base.size === 8) return new Float64Array(n);
      if (base.size === 4) return new Float32Array(n);
      break;
    case H5T.INTEGER:
      if (base.size === 8) return new BigInt64Array(n);
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
 * starting at row `at`.
 */
export function decodeInto(
  out: RawColumn,
  base: Metadata,
  bytes: Uint8Array,
  stride: number,
  offset: number,
  rows: number,
  at: number,
): void {
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
}

/**
 * Splits `rows` rows of a little-endian float64 [rows, items] block into one Float64Array per item
 * (row r lands at `at + r`). Four columns per pass over the rows: each pass reads the slice in
 * order and writes four sequential streams, instead of one strided pass over the whole block per
 * column (about half the time of the per-column decodeInto loop on a 1M x 10 block).
 */
export function splitFloat64Block(outs: Float64Array[], bytes: Uint8Array, items: number, rows: number, at: number): void {
  const src = new Float64Array(bytes.buffer, bytes.byteOffset, rows * items);
  let j = 0;
  for (; j + 4 <= items; j += 4) {
    const o0 = outs[j];
    const o1 = outs[j + 1];
    const o2 = outs[j + 2];
    const o3 = outs[j + 3];
    for (let r = 0, k = j; r < rows; r++, k += items) {
      const d = at + r;
      o0[d] = src[k];
      o1[d] = src[k + 1];
      o2[d] = src[k + 2];
      o3[d] = src[k + 3];
    }
  }
  for (; j < items; j++) {
    const o = outs[j];
    for (let r = 0, k = j; r < rows; r++, k += items) o[at + r] = src[k];
  }
}
