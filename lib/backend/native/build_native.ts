/**
 * Compiles lib/backend/native/*.c into one Node addon beside this script's output
 * (dist/lib/backend/native/tslab_keras_native.node), linked against the system's OpenBLAS.
 * Run by `npm run build` / `npm test` after tsc. Optional by design: without a C compiler,
 * Node's headers or OpenBLAS it says why and exits 0, and the wasm backend keeps XNNPACK's
 * kernels (native_blas.ts reports the reason at run time).
 *
 *   node dist/lib/backend/native/build_native.js [--force]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { addonPath, addonSourceDir } from "./native_paths.js";

/** The `node-api-headers` package's include folder (Node-API's C headers, from npm), if installed. */
function packagedHeaders(): string[] {
  try {
    return [join(dirname(require.resolve("node-api-headers/package.json")), "include")];
  } catch {
    return [];
  }
}

/**
 * Where Node-API's headers are: beside the binary (official and nodesource builds), system-wide,
 * else the node-api-headers package (a Node installed without its headers). Node-API is ABI-stable,
 * so any of them builds an addon this Node loads.
 */
function nodeIncludeDir(): string | null {
  const candidates = [
    resolve(dirname(process.execPath), "../include/node"),
    "/usr/include/node",
    "/usr/local/include/node",
    "/usr/include/nodejs/src",
    ...packagedHeaders(),
  ];
  return candidates.find((dir) => existsSync(join(dir, "node_api.h"))) ?? null;
}

function newestSource(sources: string[]): number {
  return Math.max(...sources.map((file) => statSync(file).mtimeMs), statSync(__filename).mtimeMs);
}

function addonFiles(): string[] {
  return readdirSync(addonSourceDir).filter((name) => /\.[ch]$/.test(name)).map((name) => join(addonSourceDir, name));
}

/** Whether the addon exists and is newer than every source and this script. */
export function addonUpToDate(): boolean {
  return existsSync(addonPath) && statSync(addonPath).mtimeMs >= newestSource(addonFiles());
}

export function buildNative(force = false): { built: boolean; message: string } {
  const sources = addonFiles().filter((file) => file.endsWith(".c"));
  if (!force && addonUpToDate()) {
    return { built: true, message: `up to date: ${addonPath}` };
  }
  // A stale addon must not outlive a failed build: its functions may no longer match the loader.
  rmSync(addonPath, { force: true });
  const include = nodeIncludeDir();
  if (!include) return { built: false, message: "Node's headers (node_api.h) were not found; native BLAS kernels not built" };
  const partial = `${addonPath}.${process.pid}.tmp`;
  const compiler = process.env.CC ?? "cc";
  // -fno-math-errno: sqrtf and expf need no errno, which lets GCC vectorise the Adam and gate loops.
  const args = ["-O3", "-fno-math-errno", "-std=c11", "-Wall", "-shared", "-fPIC", "-Wl,-z,now", "-pthread", `-I${include}`, ...sources, "-o", partial, "-lopenblas", "-lm"];
  const result = spawnSync(compiler, args, { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    rmSync(partial, { force: true });
    const why = result.error ? result.error.message : result.stderr.trim().split("\n").slice(-3).join(" | ");
    return { built: false, message: `${compiler} failed (${why}); native BLAS kernels not built (needs a C compiler and libopenblas-dev)` };
  }
  renameSync(partial, addonPath);
  return { built: true, message: `built ${addonPath}` };
}

if (require.main === module) {
  const { built, message } = buildNative(process.argv.includes("--force"));
  console.log(`tslab-keras native: ${message}`);
  if (!built) console.log("tslab-keras native: the wasm backend will use XNNPACK's kernels instead");
}
