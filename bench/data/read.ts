/**
 * readCsv / readHdf against pandas (Debian's /usr/bin/python3) on the same 1M-row files, each read
 * in a fresh process of its own so that peak RSS is per reader:
 *
 *   node dist/bench/data/read.js [--runs 3] [--dir bench/out/fixtures] [--only csv|hdf]
 *
 * The files are the fixture script's `--big` ones (f_big.csv, f_big_fixed.h5, f_big_table.h5:
 * 1,000,000 rows × 10 float64 + an int64 label); they are made on the first run.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

interface Measure {
  seconds: number;
  /** CPU time (user + system) of the read: steadier than wall time while others load the machine. */
  cpu_seconds: number;
  peak_rss_mb: number;
  shape: number[];
  sum_x0: number;
  /** Every numeric column's sum: checks all columns, whichever thread made them. */
  sums: Record<string, number>;
}

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const python = "/usr/bin/python3";

async function one(kind: string, file: string, key?: string): Promise<void> {
  // Child mode: a single read, timed after the libraries are loaded.
  const { readCsv } = await import("../../lib/data/read_csv.js");
  const { readHdf } = await import("../../lib/data/read_hdf.js");
  const { loadH5wasm } = await import("../../lib/data/hdf/h5wasm_module.js");
  const { typedColumnsOf } = await import("../../lib/data/typed_columns.js");
  await loadH5wasm();
  // The native addon (huge pages, the float split) is loaded with the backend in a session; like
  // h5wasm and PyTables, its loading is not part of a read.
  (await import("../../lib/backend/native/native_blas.js")).nativeBlas();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const df = kind === "csv" ? await readCsv(file, { progress: false }) : await readHdf(file, key);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const sums: Record<string, number> = {};
  for (const [name, col] of typedColumnsOf(df as never)!.columns) {
    if (!ArrayBuffer.isView(col) || col instanceof BigInt64Array || col instanceof BigUint64Array) continue;
    const c = col as Float64Array;
    let sum = 0;
    for (let i = 0; i < c.length; i++) sum += c[i];
    sums[name] = sum;
  }
  const m: Measure = { seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, peak_rss_mb: process.resourceUsage().maxRSS / 1024, shape: df.shape, sum_x0: sums.x0, sums };
  process.stdout.write(JSON.stringify(m) + "\n");
}

function run(cmd: string, args: string[]): Measure {
  const out = execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as Measure;
}

function best(ms: Measure[]): Measure {
  const b = ms.reduce((a, m) => (m.seconds < a.seconds ? m : a));
  return { ...b, cpu_seconds: Math.min(...ms.map((m) => m.cpu_seconds)), peak_rss_mb: Math.max(...ms.map((m) => m.peak_rss_mb)) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--one") return one(argv[1], argv[2], argv[3]);
  const runs = Number(argv[argv.indexOf("--runs") + 1] ?? 3) || 3;
  const dir = argv.includes("--dir") ? argv[argv.indexOf("--dir") + 1] : path.join(repoRoot, "bench", "out", "fixtures");
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
  if (only !== undefined && only !== "csv" && only !== "hdf") throw new Error(`--only takes csv or hdf, got ${only}`);
  const csv = path.join(dir, "f_big.csv");
  if (![csv, path.join(dir, "f_big_fixed.h5"), path.join(dir, "f_big_table.h5")].every((f) => fs.existsSync(f))) {
    console.log(`making the 1M-row files in ${dir} (pandas fixture script --big) ...`);
    execFileSync(python, [path.join(repoRoot, "..", "shared", "fixtures", "hdf", "make_fixtures.py"), dir, "--big"], { stdio: "inherit" });
  }
  const peer = path.join(repoRoot, "bench", "data", "read_peer.py");
  const all: [string, string, string, string | undefined][] = [
    ["readCsv vs read_csv", "csv", csv, undefined],
    ["readHdf fixed vs read_hdf", "hdf", path.join(dir, "f_big_fixed.h5"), "df"],
    ["readHdf table vs read_hdf", "hdf", path.join(dir, "f_big_table.h5"), "df"],
  ];
  const cases = all.filter(([, kind]) => only === undefined || kind === only);
  console.log(`${runs} runs each, alternating ours and pandas; best time, best CPU time, highest peak RSS. Node ${process.version}; load ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  const rows: string[] = [];
  for (const [label, kind, file, key] of cases) {
    const ours: Measure[] = [];
    const theirs: Measure[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(run(process.execPath, [__filename, "--one", kind, file, ...(key ? [key] : [])]));
      theirs.push(run(python, [peer, kind, file, ...(key ? [key] : [])]));
    }
    const o = best(ours);
    const p = best(theirs);
    const off = (a: number | undefined, b: number) => a === undefined || !(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));
    const wrong = Object.keys(p.sums ?? { x0: p.sum_x0 }).filter((c) => off(o.sums?.[c], p.sums?.[c] ?? p.sum_x0));
    if (wrong.length > 0 || o.shape.join() !== p.shape.join()) {
      throw new Error(`${label}: results differ (ours ${o.shape}, pandas ${p.shape}; column sums differ: ${wrong.join(", ") || "none"})`);
    }
    const row = `| ${label} | ${o.seconds.toFixed(3)} s | ${p.seconds.toFixed(3)} s | ${(o.seconds / p.seconds).toFixed(2)} | ${(o.cpu_seconds / p.cpu_seconds).toFixed(2)} | ${o.peak_rss_mb.toFixed(0)} MB | ${p.peak_rss_mb.toFixed(0)} MB | ${(o.peak_rss_mb / p.peak_rss_mb).toFixed(2)} |`;
    console.log(row);
    rows.push(row);
  }
  console.log("\n| read | ours | pandas | time ratio | CPU-time ratio | our peak RSS | pandas peak RSS | RSS ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|\n" + rows.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
