import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nativeBlas, nativeBlasStatus, openBlasCoreType } from "../../../../lib/backend/native/native_blas.js";
import { addonPath } from "../../../../lib/backend/native/native_paths.js";
import { addonUpToDate } from "../../../../lib/backend/native/build_native.js";

// CI installs a C compiler and libopenblas-dev (.ci/run), so the addon must be there.
test("the native addon was built by the build and loads, with OpenBLAS and its thread count", () => {
  assert.ok(existsSync(addonPath), `missing ${addonPath}`);
  const blas = nativeBlas();
  assert.ok(blas, nativeBlasStatus());
  assert.match(nativeBlasStatus(), /^native BLAS \(OpenBLAS [\d.]+, \w+ kernels, \d+ threads?\)$/);
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

test("splitFloat64FileRows reads rows straight from a file into columns, on several threads, and names a short file", () => {
  const blas = nativeBlas()!;
  const rows = 10_000; // several 4096-row chunks, so the threads' shares and chunk ends are crossed
  const stride = 7;
  const header = 24; // the block starts mid-file, as HDF5's data does
  const values = new Float64Array(rows * stride).map((_, i) => i * 0.5 - 3);
  const dir = mkdtempSync(path.join(os.tmpdir(), "tslab-keras-split-file-"));
  const file = path.join(dir, "rows.bin");
  writeFileSync(file, Buffer.concat([Buffer.alloc(header, 0xee), Buffer.from(values.buffer)]));
  const fd = openSync(file, "r");
  try {
    const expected = new Float64Array(3 * rows);
    blas.splitFloat64Rows(new Uint8Array(values.buffer), new Uint8Array(expected.buffer), rows, stride, rows, 0, 2, 3);
    for (const threads of [1, 2, 3]) {
      const columns = new Float64Array(3 * rows);
      blas.splitFloat64FileRows(fd, header, new Uint8Array(columns.buffer), rows, stride, rows, 0, 2, 3, threads);
      assert.deepEqual(columns, expected, `${threads} threads`);
    }
    // Rows 100.. of the file land at rows 0.. of shorter columns.
    const part = new Float64Array(3 * (rows - 100));
    blas.splitFloat64FileRows(fd, header + 100 * stride * 8, new Uint8Array(part.buffer), rows - 100, stride, rows - 100, 0, 2, 3, 2);
    assert.equal(part[0], values[100 * stride + 2]);
    assert.equal(part[2 * (rows - 100) + rows - 101], values[(rows - 1) * stride + 4]);
    const columns = new Float64Array(3 * rows);
    assert.throws(() => blas.splitFloat64FileRows(fd, header + 8, new Uint8Array(columns.buffer), rows, stride, rows, 0, 2, 3, 2), /file ends before the block/);
    assert.throws(() => blas.splitFloat64FileRows(fd, header, new Uint8Array(columns.buffer), rows, stride, rows, 1, 2, 3, 2), /outside/);
    assert.throws(() => blas.splitFloat64FileRows(fd, header, new Uint8Array(columns.buffer), rows, stride, rows, 0, 5, 3, 2), /outside/);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("narrowInt64Rows copies int64 cells while they fit int32 and says where it stopped", () => {
  const blas = nativeBlas()!;
  const cells = new BigInt64Array([5n, -(2n ** 31n), 2n ** 31n - 1n, 2n ** 31n, 7n]);
  const out = new Int32Array(6);
  assert.equal(blas.narrowInt64Rows(new Uint8Array(cells.buffer), out, 8, 0, 5, 1), 3);
  assert.deepEqual(Array.from(out), [0, 5, -(2 ** 31), 2 ** 31 - 1, 0, 0]);
  // Every other cell (a stride of 16 bytes): 5, 2^31-1 and 7 all fit; from the second, 2^31 does not.
  const strided = new Int32Array(3);
  assert.equal(blas.narrowInt64Rows(new Uint8Array(cells.buffer), strided, 16, 0, 3, 0), 3);
  assert.deepEqual(Array.from(strided), [5, 2 ** 31 - 1, 7]);
  assert.equal(blas.narrowInt64Rows(new Uint8Array(cells.buffer), strided, 16, 8, 2, 0), 1);
  assert.throws(() => blas.narrowInt64Rows(new Uint8Array(cells.buffer), out, 8, 0, 5, 2), /outside the buffers/);
  assert.throws(() => blas.narrowInt64Rows(new Uint8Array(cells.buffer), out, 8, 8, 5, 0), /outside the buffers/);
});

test("hugePageBuffer gives a zeroed, writable ArrayBuffer of the size asked, outside V8's heap", () => {
  const blas = nativeBlas()!;
  const buffer = blas.hugePageBuffer(10 * 2 ** 20 + 8);
  assert.ok(buffer instanceof ArrayBuffer);
  assert.equal(buffer.byteLength, 10 * 2 ** 20 + 8);
  const view = new Float64Array(buffer);
  assert.ok(view.every((v) => v === 0));
  view.fill(1.5);
  assert.equal(view[view.length - 1], 1.5);
  assert.throws(() => blas.hugePageBuffer(0), /bytes must be positive/);
});

test("OpenBLAS's kernels are chosen from the CPU's flags, so a CPU newer than its model table is not run on SSE", () => {
  const cpu = (vendor: string, flags: string) => `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: 6\nmodel\t\t: 207\nflags\t\t: ${flags}\n`;
  const avx512 = "fpu sse sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl";
  // The Emerald Rapids Xeon of the GPU machine, where OpenBLAS 0.3.21 itself chose Prescott.
  assert.equal(openBlasCoreType(cpu("GenuineIntel", `${avx512} avx512_bf16 amx_tile`)), "Cooperlake");
  assert.equal(openBlasCoreType(cpu("GenuineIntel", avx512)), "SkylakeX");
  assert.equal(openBlasCoreType(cpu("GenuineIntel", "fpu sse sse2 avx avx2 fma")), "Haswell");
  assert.equal(openBlasCoreType(cpu("AuthenticAMD", "fpu sse sse2 avx avx2 fma")), "Zen");
  assert.equal(openBlasCoreType(cpu("GenuineIntel", "fpu sse sse2 avx")), undefined);
  assert.equal(openBlasCoreType(""), undefined);
  // Here, the loaded library runs the kernels chosen for this CPU, and the variable is not left
  // set; where the machine's environment already sets it (some CI machines do), that one wins.
  const given = process.env.OPENBLAS_CORETYPE;
  const expected = given ?? openBlasCoreType();
  if (expected) assert.match(nativeBlasStatus(), new RegExp(`, ${expected} kernels,`));
  assert.equal(process.env.OPENBLAS_CORETYPE, given);
});

test("a user's OPENBLAS_CORETYPE wins over the CPU's flags", () => {
  const script = `console.log(require(${JSON.stringify(require.resolve("../../../../lib/backend/native/native_blas.js"))}).nativeBlasStatus())`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, OPENBLAS_CORETYPE: "Haswell" } });
  assert.match(run.stdout, /, Haswell kernels,/);
});
