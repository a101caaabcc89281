import { nativeBlas } from "./native_blas.js";

/** Below this a buffer spans too few 2 MiB pages for the advice to matter. */
const ADVISE_MIN_BYTES = 8 * 2 ** 20;

/**
 * A zeroed buffer for tens of megabytes of columns, with transparent huge pages asked for before
 * its first touch (memory.c) when the native addon is built: V8's ArrayBuffers otherwise fault
 * in 4 KiB at a time, which was most of the cost of a freshly read column.
 */
export function largeBuffer(bytes: number, shared: true): SharedArrayBuffer;
export function largeBuffer(bytes: number, shared: false): ArrayBuffer;
export function largeBuffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  if (bytes >= ADVISE_MIN_BYTES) nativeBlas()?.adviseHugePages(new Uint8Array(buffer));
  return buffer;
}
