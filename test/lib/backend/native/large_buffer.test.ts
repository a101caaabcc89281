import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as os from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { largeBuffer, nativeBufferBytesAlive } from "../../../../lib/backend/native/large_buffer.js";
import { nativeBlas } from "../../../../lib/backend/native/native_blas.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

test("largeBuffer gives zeroed buffers of the size asked, shared or not", () => {
  for (const shared of [false, true] as const) {
    const buffer = shared ? largeBuffer(9 * 2 ** 20, true) : largeBuffer(9 * 2 ** 20, false);
    assert.equal(buffer.byteLength, 9 * 2 ** 20);
    assert.equal(buffer instanceof SharedArrayBuffer, shared);
    const view = new Float64Array(buffer);
    assert.ok(view.every((v) => v === 0));
    view[view.length - 1] = 2;
    assert.equal(view[view.length - 1], 2);
  }
});

test("the addon's buffers V8 cannot see stay under their limit in a loop, and are freed when collected", async () => {
  assert.ok(nativeBlas(), "the native addon is not built");
  const limit = Math.min(4 * 2 ** 30, os.totalmem() / 8);
  const size = 256 * 2 ** 20; // untouched pages: the loop maps far more than it ever writes
  const rounds = Math.ceil((2 * limit) / size);
  let most = 0;
  for (let i = 0; i < rounds; i++) {
    const buffer = largeBuffer(size, false);
    new Uint8Array(buffer)[i] = 1;
    most = Math.max(most, nativeBufferBytesAlive());
  }
  assert.ok(most > 0, "no buffer came from the addon");
  assert.ok(most <= limit, `${most} bytes of native buffers alive, over the limit of ${limit}`);
  for (let i = 0; i < 5 && nativeBufferBytesAlive() > 0; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10)); // finalizers run after the collection
  }
  assert.equal(nativeBufferBytesAlive(), 0);
});
