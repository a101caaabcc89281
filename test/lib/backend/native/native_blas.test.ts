import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { nativeBlas, nativeBlasStatus } from "../../../../lib/backend/native/native_blas.js";
import { addonPath } from "../../../../lib/backend/native/native_paths.js";
import { addonUpToDate } from "../../../../lib/backend/native/build_native.js";

// CI installs a C compiler and libopenblas-dev (.ci/run), so the addon must be there.
test("the native addon was built by the build and loads, with OpenBLAS and its thread count", () => {
  assert.ok(existsSync(addonPath), `missing ${addonPath}`);
  const blas = nativeBlas();
  assert.ok(blas, nativeBlasStatus());
  assert.match(nativeBlasStatus(), /^native BLAS \(OpenBLAS [\d.]+, \d+ threads?\)$/);
  assert.ok(blas.info().threads >= 1);
});

// Not rebuilt here: other test files load the addon in parallel.
test("the build left an addon newer than every C source, which a later build keeps instead of recompiling", () => {
  assert.ok(addonUpToDate(), `${addonPath} is older than a source in lib/backend/native`);
});

test("TSLAB_KERAS_NATIVE_BLAS=0 turns the addon off and says so", () => {
  const script = `const n = require(${JSON.stringify(require.resolve("../../../../lib/backend/native/native_blas.js"))});
    console.log(JSON.stringify([n.nativeBlas() === null, n.nativeBlasStatus()]));`;
  const child = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, TSLAB_KERAS_NATIVE_BLAS: "0" }, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [true, "native BLAS off: turned off by TSLAB_KERAS_NATIVE_BLAS=0"]);
});

test("a bad heap argument is a JavaScript error, not a crash", () => {
  const blas = nativeBlas()!;
  assert.throws(() => blas.matMul(new Float32Array(4) as unknown as Uint8Array, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0), /the heap must be a Uint8Array/);
  assert.throws(() => (blas.matMul as unknown as (...a: unknown[]) => void)(new Uint8Array(4)), /wrong number of arguments/);
});

test("splitFloat64Rows transposes rows into consecutive columns, and refuses rows outside its buffers", () => {
  const blas = nativeBlas()!;
  const rows = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // 3 rows of 4 items
  const columns = new Float64Array(2 * 5);
  blas.splitFloat64Rows(new Uint8Array(rows.buffer), new Uint8Array(columns.buffer), 5, 4, 3, 1, 1, 2);
  assert.deepEqual(Array.from(columns), [0, 2, 6, 10, 0, 0, 3, 7, 11, 0]);
  assert.throws(() => blas.splitFloat64Rows(new Uint8Array(rows.buffer), new Uint8Array(columns.buffer), 5, 4, 3, 3, 1, 2), /outside the buffers/);
  assert.throws(() => blas.splitFloat64Rows(new Uint8Array(rows.buffer), new Uint8Array(columns.buffer), 5, 4, 4, 0, 1, 2), /outside the buffers/);
});

test("adviseHugePages asks for huge pages on a large untouched buffer and leaves small ones alone", () => {
  const blas = nativeBlas()!;
  assert.equal(blas.adviseHugePages(new Uint8Array(4096)), false, "no 2 MiB page fits inside");
  const large = new Uint8Array(new ArrayBuffer(16 * 2 ** 20));
  const thp = existsSync("/sys/kernel/mm/transparent_hugepage/enabled")
    ? !/\[never\]/.test(readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8"))
    : false;
  assert.equal(blas.adviseHugePages(large), thp);
  large.fill(1);
  assert.equal(large[large.length - 1], 1);
});
