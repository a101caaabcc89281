import { nativeBlas } from "./native_blas.js";

/** Below this a buffer spans too few 2 MiB pages for the advice to matter. */
const ADVISE_MIN_BYTES = 8 * 2 ** 20;

/**
 * A zeroed buffer for tens of megabytes of columns, with transparent huge pages asked for before
 * its first touch (memory.c) when the native addon is built: V8's ArrayBuffers otherwise fault
 * in 4 KiB at a time, which was most of the cost of a freshly read column. Unshared ones come
 * from the addon's own pages, which V8 does not count as external memory pressure (no GC forced
 * mid-read).
 */
export function largeBuffer(bytes: number, shared: true): SharedArrayBuffer;
export function largeBuffer(bytes: number, shared: false): ArrayBuffer;
export function largeBuffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  const native = bytes >= ADVISE_MIN_BYTES ? nativeBlas() : null;
  if (native && !shared) {
    try {
      return native.hugePageBuffer(bytes);
    } catch {
      // Where external buffers are refused, a V8 buffer with the advice below does.
    }
  }
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  if (bytes >= ADVISE_MIN_BYTES) nativeBlas()?.adviseHugePages(new Uint8Array(buffer));
  return buffer;
}
