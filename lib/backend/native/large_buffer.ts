import * as os from "node:os";
import { nativeBlas } from "./native_blas.js";

/** Below this a buffer spans too few 2 MiB pages for the advice to matter. */
const ADVISE_MIN_BYTES = 8 * 2 ** 20;

/**
 * The most bytes of the addon's buffers alive at once. V8 does not see them, so it would not
 * collect a loop's dead ones for their size alone; past this, buffers come from V8 again, whose
 * own pressure collections then free the dead native ones too.
 */
const NATIVE_LIVE_LIMIT = Math.min(4 * 2 ** 30, os.totalmem() / 8);

let nativeLive = 0;
const nativeFreed = new FinalizationRegistry<number>((bytes) => {
  nativeLive -= bytes;
});

/** Bytes of the addon's buffers not yet collected (for tests). */
export function nativeBufferBytesAlive(): number {
  return nativeLive;
}

/**
 * A zeroed buffer for tens of megabytes of columns, with transparent huge pages asked for before
 * its first touch (memory.c) when the native addon is built: V8's ArrayBuffers otherwise fault
 * in 4 KiB at a time, which was most of the cost of a freshly read column. Unshared ones come
 * from the addon's own pages, which V8 does not count as external memory: an 80 MB V8 buffer made
 * it run a scavenge and a mark-compact (~25 ms) in the middle of each big read.
 */
export function largeBuffer(bytes: number, shared: true): SharedArrayBuffer;
export function largeBuffer(bytes: number, shared: false): ArrayBuffer;
export function largeBuffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  const native = bytes >= ADVISE_MIN_BYTES ? nativeBlas() : null;
  if (native && !shared && nativeLive + bytes <= NATIVE_LIVE_LIMIT) {
    try {
      const buffer = native.hugePageBuffer(bytes);
      nativeLive += bytes;
      nativeFreed.register(buffer, bytes);
      return buffer;
    } catch {
      // Where external buffers are refused, a V8 buffer with the advice below does.
    }
  }
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  native?.adviseHugePages(new Uint8Array(buffer));
  return buffer;
}
