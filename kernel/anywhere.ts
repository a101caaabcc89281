import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";

/**
 * A notebook may live in any folder, with or without node_modules. Packages the kernel ships
 * (tfjs, danfo, @types/node...) must resolve from there both for tslab's type checker and at run
 * time, as a *fallback*: a package in the notebook's own node_modules still wins.
 *
 * Run time: Node's documented NODE_PATH fallback. Types: tslab's compiler host reads through
 * `ts.sys`; the last place Node-style resolution looks is `/node_modules/<pkg>` at the file-system
 * root, so when that does not exist we answer from our node_modules instead.
 */

export const packageRoot: string = findPackageRoot(__dirname);
export const ourNodeModules: string = path.join(packageRoot, "node_modules");

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === "tslab-keras") return dir;
      } catch {
        // not ours; keep looking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`tslab-keras: package.json not found above ${start}`);
  }
}

/** Where our node_modules (and those beside the installed package, when we are a dependency) are. */
function fallbackDirs(): string[] {
  const dirs = [ourNodeModules];
  // Installed as a dependency, our own dependencies are hoisted next to us.
  const parent = path.dirname(packageRoot);
  if (path.basename(parent) === "node_modules") dirs.push(parent);
  else if (path.basename(path.dirname(parent)) === "node_modules") dirs.push(path.dirname(parent));
  return dirs.filter((d) => fs.existsSync(d));
}

export function installRuntimeFallback(): void {
  const extra = fallbackDirs();
  const current = (process.env.NODE_PATH ?? "").split(path.delimiter).filter(Boolean);
  const missing = extra.filter((d) => !current.includes(d));
  if (missing.length === 0) return;
  process.env.NODE_PATH = [...current, ...missing].join(path.delimiter);
  (Module as unknown as { _initPaths(): void })._initPaths();
}

type Sys = import("@tslab/typescript-for-tslab").System;

const ROOT_NM = path.join(path.parse(process.cwd()).root, "node_modules");

/** Maps a probe of `/node_modules/...` that does not exist onto our node_modules. */
function mapper(realExists: (p: string) => boolean): (p: string) => string {
  const dirs = fallbackDirs();
  return (p: string) => {
    if (p !== ROOT_NM && !p.startsWith(ROOT_NM + "/")) return p;
    if (realExists(p)) return p;
    const rest = p.slice(ROOT_NM.length);
    for (const d of dirs) {
      const candidate = d + rest;
      if (realExists(candidate)) return candidate;
    }
    return p;
  };
}

let typesInstalled = false;

export function installTypeFallback(ts: typeof import("@tslab/typescript-for-tslab")): void {
  if (typesInstalled) return;
  typesInstalled = true;
  const sys = ts.sys as Sys & { realpath?: (p: string) => string };
  const exists = (p: string) => fs.existsSync(p);
  const map = mapper(exists);
  const fileExists = sys.fileExists.bind(sys);
  const directoryExists = sys.directoryExists.bind(sys);
  const readFile = sys.readFile.bind(sys);
  const getDirectories = sys.getDirectories.bind(sys);
  const readDirectory = sys.readDirectory.bind(sys);
  const realpath = sys.realpath?.bind(sys);
  sys.fileExists = (p) => fileExists(map(p));
  sys.directoryExists = (p) => directoryExists(map(p));
  sys.readFile = (p, enc) => readFile(map(p), enc);
  sys.getDirectories = (p) => getDirectories(map(p));
  sys.readDirectory = (p, ...rest) => readDirectory(map(p), ...rest);
  // Resolving the virtual path to the real file lets the type checker see one copy of each
  // package, whether a cell imports it or the prelude does.
  sys.realpath = (p) => {
    const m = map(p);
    return realpath ? realpath(m) : m;
  };
}
