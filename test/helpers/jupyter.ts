import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliPath } from "./kernel.js";
import { repoRoot } from "./paths.js";

/** Debian's Jupyter: its Python packages live under /usr/bin/python3, not a pyenv python3. */
export const python = "/usr/bin/python3";
export const jupyter = "/usr/bin/jupyter";

export interface TempKernelspec {
  prefix: string;
  /** Environment in which Jupyter finds only this spec's data dir first, and nothing of the user's. */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

/** Installs our kernelspec into a temporary prefix with the real CLI, as a user would. */
export function installTempKernelspec(): TempKernelspec {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-prefix-"));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-runtime-"));
  execFileSync(process.execPath, [cliPath, "install", "--prefix", prefix], { encoding: "utf8" });
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter"), JUPYTER_RUNTIME_DIR: runtime, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  return {
    prefix,
    env,
    dispose() {
      fs.rmSync(prefix, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
}

export interface JupyterCellRun {
  reply: Record<string, unknown> & { status: string; traceback?: string[]; ename?: string; evalue?: string };
  outputs: { msg_type: string; content: Record<string, unknown> }[];
}

/**
 * Runs `cells` in order on one tslab-keras kernel started by Debian's jupyter_client
 * (test/helpers/jupyter_session.py), from a folder with no node_modules.
 */
export function runWithJupyterClient(spec: TempKernelspec, cells: string[], opts: { timeoutS?: number; cwd?: string } = {}): JupyterCellRun[] {
  const script = path.join(repoRoot, "test", "helpers", "jupyter_session.py");
  const cwd = opts.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-jc-"));
  const out = execFileSync(python, [script], {
    cwd,
    env: spec.env,
    input: JSON.stringify({ kernel: "tslab-keras", cells, timeout: opts.timeoutS ?? 120 }),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: ((opts.timeoutS ?? 120) * cells.length + 120) * 1000,
  });
  return (JSON.parse(out) as { cells: JupyterCellRun[] }).cells;
}

/** The text a front end shows for a cell's error: its traceback lines, joined. */
export function tracebackText(run: JupyterCellRun): string {
  return (run.reply.traceback ?? []).join("\n");
}

/** Everything a cell wrote to `name` (stdout or stderr). */
export function streamOf(run: JupyterCellRun, name = "stdout"): string {
  return run.outputs
    .filter((o) => o.msg_type === "stream" && o.content.name === name)
    .map((o) => String(o.content.text))
    .join("");
}
