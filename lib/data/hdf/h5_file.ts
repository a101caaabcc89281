import type { H5wasm } from "./h5wasm_module.js";
import { unpickle, type PyValue } from "./unpickle.js";

type Metadata = ReturnType<H5wasm["Module"]["get_dataset_metadata"]>;
export type { Metadata };

/** HDF5 datatype classes as h5wasm numbers them (H5T_class_t). */
export const H5T = { INTEGER: 0, FLOAT: 1, TIME: 2, STRING: 3, BITFIELD: 4, COMPOUND: 6, VLEN: 9, ARRAY: 10 } as const;

/** Where HDF5 read a run of rows from: an open OS file descriptor and a byte position in it. */
export interface FileRows {
  fd: number;
  position: number;
}

interface EmscriptenFs {
  read(stream: { nfd?: unknown }, buffer: Int8Array, offset: number, length: number, position?: number): number;
}

/**
 * Raw-bytes access to one open HDF5 file through h5wasm's low-level calls. The high-level `.value`
 * path is avoided on purpose: it mis-decodes UTF-8 in ASCII-tagged strings, loses int64 inside
 * compound arrays and returns garbage instead of failing when a filter is missing.
 */
export class H5File {
  private readonly file: InstanceType<H5wasm["h5wasm"]["File"]>;
  constructor(
    private readonly lib: H5wasm,
    readonly path: string,
  ) {
    this.file = new lib.h5wasm.File(path, "r");
    if (!this.file.file_id || this.file.file_id < 0n) throw new Error("not an HDF5 file, or unreadable");
  }

  close(): void {
    this.file.close();
  }

  private get id(): bigint {
    return this.file.file_id;
  }

  /** "Group", "Dataset", or undefined when nothing is at `p`. */
  kind(p: string): string | undefined {
    const M = this.lib.Module;
    const t = M.get_type(this.id, p);
    return t === M.H5G_GROUP ? "Group" : t === M.H5G_DATASET ? "Dataset" : undefined;
  }

  exists(p: string): boolean {
    return this.kind(p) !== undefined;
  }

  children(p: string): string[] {
    return this.lib.Module.get_names(this.id, p, false);
  }

  attrNames(p: string): string[] {
    return this.lib.Module.get_attribute_names(this.id, p);
  }

  hasAttr(p: string, name: string): boolean {
    return this.attrNames(p).includes(name);
  }

  /** An attribute's raw bytes (fixed-size types only) and its metadata. */
  attrBytes(p: string, name: string): { meta: Metadata; bytes: Uint8Array } {
    const M = this.lib.Module;
    const meta = M.get_attribute_metadata(this.id, p, name) as Metadata;
    if (meta.vlen || meta.type === H5T.VLEN) throw new Error(`attribute ${p}@${name} is variable-length`);
    const n = meta.size * Math.max(1, meta.total_size);
    const ptr = M._malloc(n);
    if (!ptr) throw new Error(`out of wasm memory reading attribute ${name}`);
    try {
      M.get_attribute_data(this.id, p, name, BigInt(ptr));
      return { meta, bytes: M.HEAPU8.slice(ptr, ptr + n) };
    } finally {
      M._free(ptr);
    }
  }

  /** A string attribute, decoded as UTF-8 up to the first NUL (PyTables tags UTF-8 as ASCII). */
  attrText(p: string, name: string): string {
    const { meta, bytes } = this.attrBytes(p, name);
    if (meta.type !== H5T.STRING) throw new Error(`attribute ${p}@${name} is not a string`);
    return decodeFixedString(bytes, 0, bytes.length);
  }

  /** A string attribute that may be a PyTables pickle (text ending in "."), unpickled. */
  attrValue(p: string, name: string): PyValue {
    const { meta, bytes } = this.attrBytes(p, name);
    if (meta.type === H5T.STRING) {
      let end = bytes.indexOf(0);
      if (end < 0) end = bytes.length;
      const raw = bytes.subarray(0, end);
      if (raw.length > 0 && raw[raw.length - 1] === 0x2e && isPickleStart(raw[0])) {
        try {
          return unpickle(raw);
        } catch {
          // Not every string ending in "." is a pickle: fall back to the text, as PyTables does.
        }
      }
      return decodeFixedString(bytes, 0, bytes.length);
    }
    if (meta.type === H5T.INTEGER && meta.size === 8) {
      const v = new DataView(bytes.buffer).getBigInt64(0, meta.littleEndian);
      return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    }
    if (meta.type === H5T.INTEGER || meta.type === H5T.BITFIELD) return readUint(bytes, meta.size);
    if (meta.type === H5T.FLOAT && meta.size === 8) return new DataView(bytes.buffer).getFloat64(0, meta.littleEndian);
    throw new Error(`attribute ${p}@${name} has an unsupported type class ${meta.type}`);
  }

  metadata(p: string): Metadata {
    return this.lib.Module.get_dataset_metadata(this.id, p) as Metadata;
  }

  filters(p: string): { id: number; name: string; cd_values: number[] }[] {
    return this.lib.Module.get_dataset_filters(this.id, p) as { id: number; name: string; cd_values: number[] }[];
  }

  /**
   * Rows [start, start+count) of a fixed-size dataset (all of its other dimensions), as bytes.
   * HDF5 fails with a negative status (it prints its diagnostics to stderr) when a filter cannot
   * run; that status is turned into an error here instead of reading an uninitialised buffer.
   */
  readRows(p: string, meta: Metadata, start: number, count: number): Uint8Array {
    let out = new Uint8Array(0);
    this.withRows(p, meta, start, count, (bytes) => {
      out = bytes.slice();
    });
    return out;
  }

  /**
   * Like readRows, but hands `use` a view of the wasm heap itself (no copy of the slice). The view
   * is only valid during the call: `use` must not call into h5wasm.
   */
  withRows(p: string, meta: Metadata, start: number, count: number, use: (bytes: Uint8Array) => void): void {
    const M = this.lib.Module;
    const shape = meta.shape ?? [];
    if (shape.length === 0) return use(this.readAll(p, meta));
    const rowItems = shape.slice(1).reduce((a, b) => a * b, 1);
    const nbytes = count * rowItems * meta.size;
    if (nbytes === 0) return use(new Uint8Array(0));
    if (nbytes > M.MAXIMUM_MEMORY / 2) throw new Error(`a slice of ${nbytes} bytes does not fit the 2 GiB wasm heap`);
    const ptr = M._malloc(nbytes);
    if (!ptr) throw new Error(`out of wasm memory reading ${nbytes} bytes of ${p}`);
    try {
      const countArr = [BigInt(count), ...shape.slice(1).map((d) => BigInt(d))];
      const offsetArr = [BigInt(start), ...shape.slice(1).map(() => 0n)];
      const status = M.get_dataset_data(this.id, p, countArr, offsetArr, countArr.map(() => 1n), BigInt(ptr));
      if (status < 0) throw new Error(`HDF5 could not read ${p} (status ${status}: a filter failed or the data is corrupt)`);
      use(M.HEAPU8.subarray(ptr, ptr + nbytes));
    } finally {
      M._free(ptr);
    }
  }

  /**
   * Like withRows, and also says where in the file the rows came from when HDF5 read them with one
   * read straight into the buffer (contiguous data, no filter, no conversion): the OS file
   * descriptor and the byte position. Undefined otherwise (compact data, several reads, ...).
   * Seen through Emscripten's file system (NODERAWFS: each read is a Node fs.readSync on a real fd).
   */
  withRowsLocated(p: string, meta: Metadata, start: number, count: number, use: (bytes: Uint8Array, source?: FileRows) => void): void {
    const fs = (this.lib.Module as unknown as { FS: EmscriptenFs }).FS;
    const original = fs.read;
    const reads: { nfd: unknown; offset: number; length: number; position: unknown }[] = [];
    fs.read = function (this: unknown, stream, buffer, offset, length, position) {
      reads.push({ nfd: stream.nfd, offset, length, position });
      return original.call(this, stream, buffer, offset, length, position);
    };
    try {
      this.withRows(p, meta, start, count, (bytes) => {
        fs.read = original;
        const end = bytes.byteOffset + bytes.byteLength;
        const into = reads.filter((r) => r.offset < end && r.offset + r.length > bytes.byteOffset);
        const only = into.length === 1 ? into[0]! : undefined;
        const exact = only && only.offset === bytes.byteOffset && only.length === bytes.byteLength;
        const located = exact && typeof only.nfd === "number" && typeof only.position === "number";
        use(bytes, located ? { fd: only.nfd as number, position: only.position as number } : undefined);
      });
    } finally {
      fs.read = original;
    }
  }

  private readAll(p: string, meta: Metadata): Uint8Array {
    const M = this.lib.Module;
    const nbytes = meta.size * Math.max(1, meta.total_size);
    const ptr = M._malloc(nbytes);
    if (!ptr) throw new Error(`out of wasm memory reading ${p}`);
    try {
      const status = M.get_dataset_data(this.id, p, null, null, null, BigInt(ptr));
      if (status < 0) throw new Error(`HDF5 could not read ${p} (status ${status})`);
      return M.HEAPU8.slice(ptr, ptr + nbytes);
    } finally {
      M._free(ptr);
    }
  }

  /** Row `row` of a 1-D VLEN-of-uint8 dataset (PyTables' VLArray of pickled objects), as bytes. */
  readVlenRow(p: string, row: number): Uint8Array {
    const M = this.lib.Module;
    const ptr = M._malloc(8); // one hvl_t on wasm32: size_t len, void* p
    if (!ptr) throw new Error(`out of wasm memory reading ${p}`);
    try {
      const status = M.get_dataset_data(this.id, p, [1n], [BigInt(row)], [1n], BigInt(ptr));
      if (status < 0) throw new Error(`HDF5 could not read ${p} (status ${status})`);
      const words = new Uint32Array(M.HEAPU8.buffer, ptr, 2);
      const len = words[0];
      const dataPtr = words[1];
      const out = M.HEAPU8.slice(dataPtr, dataPtr + len);
      M.reclaim_vlen_memory(this.id, p, "", BigInt(ptr));
      return out;
    } finally {
      M._free(ptr);
    }
  }
}

function isPickleStart(b: number): boolean {
  // Protocol-0 pickles PyTables writes start with an opcode: ( l N V S I c } ] ) d t
  return "(lNVSIc}])dtFL".includes(String.fromCharCode(b));
}

function readUint(bytes: Uint8Array, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[i];
  return v;
}

const utf8 = new TextDecoder("utf-8");

/** A NUL-padded fixed-length string cell: bytes up to the first NUL, as UTF-8. */
export function decodeFixedString(bytes: Uint8Array, start: number, size: number): string {
  let end = start;
  const stop = start + size;
  let ascii = true;
  while (end < stop && bytes[end] !== 0) {
    if (bytes[end] >= 0x80) ascii = false;
    end++;
  }
  if (ascii) {
    if (end - start < 64) {
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
      return s;
    }
  }
  return utf8.decode(bytes.subarray(start, end));
}
