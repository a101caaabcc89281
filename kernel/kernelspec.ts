import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packageRoot } from "./anywhere.js";

/**
 * The kernelspec: `<data dir>/kernels/tslab-keras/kernel.json` plus logos. argv holds absolute
 * paths (this Node binary, our CLI) so the kernel starts from any working directory, including
 * VS Code's, whatever PATH the front end has.
 */

export const KERNEL_NAME = "tslab-keras";
export const DISPLAY_NAME = "TypeScript (Keras)";

export type Location = { kind: "user" } | { kind: "sys-prefix"; python: string } | { kind: "prefix"; dir: string } | { kind: "default"; python: string };

export function parseLocation(args: string[]): Location {
  const python = valueAfter(args, "--python") ?? defaultPython();
  const known = new Set(["--user", "--sys-prefix", "--prefix", "--python"]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i].split("=")[0];
    if (!known.has(a)) throw new Error(`unknown option ${JSON.stringify(args[i])}; accepted: --user, --sys-prefix, --prefix DIR, --python PY`);
    if ((a === "--prefix" || a === "--python") && !args[i].includes("=")) i++;
  }
  const picked = ["--user", "--sys-prefix", "--prefix"].filter((f) => args.some((a) => a === f || a.startsWith(f + "=")));
  if (picked.length > 1) throw new Error(`choose one of ${picked.join(", ")}`);
  if (args.includes("--user")) return { kind: "user" };
  if (args.includes("--sys-prefix")) return { kind: "sys-prefix", python };
  const prefix = valueAfter(args, "--prefix");
  if (args.some((a) => a === "--prefix" || a.startsWith("--prefix="))) {
    if (!prefix) throw new Error("--prefix needs a directory");
    return { kind: "prefix", dir: path.resolve(prefix) };
  }
  return { kind: "default", python };
}

function valueAfter(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(flag + "="))?.slice(flag.length + 1);
}

function defaultPython(): string {
  // Debian's Jupyter lives under /usr/bin/python3; a pyenv python3 first on PATH may lack it.
  return fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/** Jupyter's per-user data directory (jupyter_core.paths.jupyter_data_dir). */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  const home = os.homedir();
  if (process.platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? home, "jupyter");
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "jupyter");
}

function sysPrefix(python: string): string {
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" }).trim();
  } catch (e) {
    throw new Error(`--sys-prefix: could not ask ${python} for sys.prefix (${(e as Error).message.split("\n")[0]}); pass --python PY or use --user / --prefix DIR`);
  }
}

export function kernelsDir(where: Location): string {
  switch (where.kind) {
    case "user":
      return path.join(userDataDir(), "kernels");
    case "sys-prefix":
      return path.join(sysPrefix(where.python), "share", "jupyter", "kernels");
    case "prefix":
      return path.join(where.dir, "share", "jupyter", "kernels");
    case "default":
      // As `jupyter kernelspec install`: system-wide for root, per user otherwise.
      return process.getuid?.() === 0 ? "/usr/local/share/jupyter/kernels" : path.join(userDataDir(), "kernels");
  }
}

/**
 * A larger young generation: each cell makes TypeScript build a new program version, and tfjs
 * training allocates many short-lived objects; with the default, scavenges take a third of a
 * cell's time (measured with --cpu-prof on bench/kernel's cells).
 */
export const KERNEL_NODE_FLAGS = ["--max-semi-space-size=32"];

export function kernelArgv(): string[] {
  return [process.execPath, ...KERNEL_NODE_FLAGS, path.join(__dirname, "cli.js"), "kernel", "{connection_file}"];
}

export function kernelJson(): Record<string, unknown> {
  return {
    argv: kernelArgv(),
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false },
  };
}

export function installKernelspec(where: Location): string {
  const dir = path.join(kernelsDir(where), KERNEL_NAME);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Build beside the final folder and rename, so Jupyter never lists a half-written spec.
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), `.${KERNEL_NAME}-`));
  try {
    fs.writeFileSync(path.join(tmp, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
    const assets = path.join(packageRoot, "kernel", "assets");
    for (const f of ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]) fs.copyFileSync(path.join(assets, f), path.join(tmp, f));
    fs.chmodSync(tmp, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

/** Removes the spec from the given place, or, with no option, from every place it is found. */
export function uninstallKernelspec(where: Location): string[] {
  const places =
    where.kind === "default"
      ? [kernelsDir({ kind: "user" }), "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"]
      : [kernelsDir(where)];
  const removed: string[] = [];
  for (const p of new Set(places)) {
    const dir = path.join(p, KERNEL_NAME);
    if (fs.existsSync(path.join(dir, "kernel.json"))) {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}
