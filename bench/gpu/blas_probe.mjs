// Which OpenBLAS kernels this machine's CPU gets, and what each would give: 1024² sgemm GFLOP/s on
// one thread through the native addon, with OpenBLAS's own choice and with OPENBLAS_CORETYPE forced
// (each in a child process: the variable is read when libopenblas loads). Run on the device machine
// by `STEPS=blas bash bench/gpu/on_device.sh`; here: `node bench/gpu/blas_probe.mjs`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

if (process.argv[2] === "--measure") {
  const { nativeBlas } = require("../../dist/lib/backend/native/native_blas.js");
  const blas = nativeBlas();
  if (!blas) throw new Error("the native addon did not load");
  blas.setThreads(1);
  const n = 1024;
  const bytes = n * n * 4;
  const heap = new Uint8Array(64 + 3 * bytes);
  const values = new Float32Array(heap.buffer, 64, 2 * n * n);
  for (let i = 0; i < values.length; i++) values[i] = (i % 7) / 7;
  const [a, b, out] = [64, 64 + bytes, 64 + 2 * bytes];
  const product = () => blas.matMul(heap, a, b, out, 1, 1, n, n, n, 0, 0, 0, 0, 0);
  product();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    product();
    count++;
  }
  const gflops = (2 * n ** 3 * count) / ((performance.now() - start) / 1000) / 1e9;
  console.log(JSON.stringify({ config: blas.info().config, gflops }));
  process.exit(0);
}

const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown";
const family = /^cpu family\s*:\s*(\d+)$/m.exec(cpuinfo)?.[1];
const modelNumber = /^model\s*:\s*(\d+)$/m.exec(cpuinfo)?.[1];
const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "").split(" "));
console.log(`cpu: ${model} (family ${family}, model ${modelNumber}); ${["avx", "avx2", "fma", "avx512f", "avx512_bf16", "amx_tile"].map((f) => `${f} ${flags.has(f) ? "yes" : "no"}`).join(", ")}`);
for (const coretype of ["", "Haswell", "SkylakeX", "Cooperlake", "SapphireRapids", "Zen"]) {
  const env = { ...process.env };
  if (coretype) env.OPENBLAS_CORETYPE = coretype;
  else delete env.OPENBLAS_CORETYPE;
  const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--measure"], { env, encoding: "utf8", timeout: 30_000 });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  let shown = `failed: ${(child.stderr || line).trim().split("\n").slice(-1)[0]}`;
  try {
    const { config, gflops } = JSON.parse(line);
    shown = `${gflops.toFixed(1)} GFLOP/s on one thread; ${config}`;
  } catch {}
  console.log(`${coretype || "(OpenBLAS's own choice)"}: ${shown}`);
}
